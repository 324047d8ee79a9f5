"""Reads: run a search or a suggestion, and the choices the search filters offer."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _

from search import conf, dictionary
from search.backends import get_backend
from search.backends.base import SearchQuery, SearchResults

logger = logging.getLogger(__name__)

TYPE_CHOICES = [
    ("profile", _("Exemplar profiles")),
    ("story", _("Stories")),
    ("brand", _("Brands")),
]
TYPE_LABELS = {"profile": _("Profile"), "story": _("Story"), "brand": _("Brand")}


class SearchUnavailable(Exception):
    """The search engine did not answer; the page says so instead of failing."""


def make_query(
    q="", types=(), region="", organisation=None, honour="", page=1, per_page=None
) -> SearchQuery:
    from cms.models import Organisation

    org_path = ""
    if organisation:
        org = Organisation.objects.filter(pk=organisation).only("path").first()
        org_path = org.path if org else "-"  # an unknown organisation matches nothing
    page = min(max(int(page or 1), 1), conf.MAX_PAGE)
    return SearchQuery(
        q=q or "",
        types=tuple(types),
        region=region or "",
        org_path=org_path,
        honour=honour or "",
        page=page,
        per_page=per_page or conf.PER_PAGE,
    )


def search(query: SearchQuery, backend=None) -> SearchResults:
    dictionary.ensure_loaded()
    backend = backend or get_backend()
    try:
        return backend.search(query)
    except Exception as error:  # engine down or refusing: say so, no 500
        logger.warning("search failed: %s", error)
        raise SearchUnavailable(str(error)) from error


def suggest(prefix: str, limit=8, backend=None):
    backend = backend or get_backend()
    try:
        return backend.suggest(prefix, limit=limit)
    except Exception as error:  # noqa: BLE001 - suggestions are optional
        logger.warning("suggest failed: %s", error)
        return []


def did_you_mean(q: str, backend=None) -> str:
    """For a query without results: the closest name we know, if any (cheap: one lookup)."""
    from search import analysis

    text = analysis.normalise(q or "")[:20]
    for cut in (len(text), 3, 2):
        if cut < 2 or cut > len(text):
            continue
        options = suggest(text[:cut], limit=1, backend=backend)
        if options and options[0].title != q:
            return options[0].title
    return ""


def filter_choices() -> dict:
    """Regions, organisations (indented as a tree) and honours to filter by."""
    from cms.content_cache import cached_content

    # Kept until a page of a type with honours is published (retires it) or the organisation
    # tree changes (clears everything).
    return cached_content("search-filter-choices", _filter_choices)


def _filter_choices() -> dict:
    from cms.content_cache import depends_on, type_tag
    from cms.models import Organisation
    from cms.routing import public
    from search.documents import declares, searchable_models, slot_values

    regions = sorted(set(Organisation.objects.values_list("region", flat=True)) - {""})
    organisations = [(o.pk, o.indented_name) for o in Organisation.get_tree()]
    honours: list[str] = []
    for model in searchable_models().values():
        if not declares(model, "honours"):
            continue
        depends_on(type_tag(model))  # a publish of this type retires the choices
        for page in public(model.objects.live()):
            for title in slot_values(page, "honours"):
                if title not in honours:
                    honours.append(title)
    return {"regions": regions, "organisations": organisations, "honours": sorted(honours)}
