"""What gets indexed: a page of a searchable type turned into a backend-neutral document."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import strip_tags

from search import analysis

# The page types visitors search, by the short name used in URLs, filters and the index.
TYPES = ("profile", "story", "brand")
BODY_CHARS = 20000
MAX_MENTIONS = 6  # the display text kept for snippets; analysis still sees all of it
SKIP_KEYS = {"id", "type", "kind", "url", "document", "image", "conferred_on", "alt_text"}


@dataclass
class SearchDoc:
    page_id: int
    type: str
    title: str
    url: str
    region: str = ""
    organisation: str = ""
    org_path: str = ""
    honours: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # person names (profiles only)
    meta: str = ""  # role, organisation, region, honours, tags: short descriptive text
    context: str = ""  # titles of linked stories and brands: weak evidence of relevance
    body: str = ""  # the readable text (original script), also used for snippets
    date: str | None = None

    def analysed(self) -> dict:
        """Every token form both backends store, computed once per document."""
        cached = self.__dict__.get("_analysed")
        if cached is None:
            cached = self.__dict__["_analysed"] = self._analyse()
        return cached

    def _analyse(self) -> dict:
        return {
            "title_exact": analysis.normalise(self.title).replace(" ", ""),
            "title_words": analysis.tokens(self.title),
            "title_bigrams": analysis.bigram_tokens(self.title),
            "meta_words": analysis.tokens(self.meta),
            "context_words": analysis.tokens(self.context),
            "body_words": analysis.tokens(self.body),
            "body_bigrams": analysis.bigram_tokens(self.body),
            "name_pinyin": analysis.name_tokens(self.names),
            "plain": analysis.normalise(" ".join([self.title, self.meta, self.body])),
        }

    def suggest_inputs(self) -> list[str]:
        """Names as typed in the search box: the name, its pinyin and initials."""
        if self.type == "story":
            return []  # suggestions are for names: people and brands
        if self.type != "profile":
            return [analysis.normalise(self.title)] if self.title else []
        inputs = []
        for name in self.names:
            inputs.append(analysis.normalise(name))
            inputs.extend(f for f in analysis.pinyin_forms(name) if f)
        return [i for i in dict.fromkeys(inputs) if i]


def stream_text(value) -> str:
    """The readable strings of a StreamField value (rich text without tags)."""
    try:
        raw = value.get_prep_value()
    except AttributeError:
        raw = value
    out: list[str] = []

    def walk(node, key=None):
        if key in SKIP_KEYS:
            return
        if isinstance(node, str):
            text = strip_tags(node) if "<" in node else node
            if text.strip():
                out.append(text.strip())
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, k if k != "value" else key)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item, key)

    walk(raw)
    return "\n".join(out)


def honour_titles(profile) -> list[str]:
    titles = []
    for block in profile.honours.raw_data or []:
        title = (block.get("value") or {}).get("title")
        if title and title.strip() not in titles:
            titles.append(title.strip())
    return titles


def page_type(page) -> str | None:
    from cms.models import BrandPage, ProfilePage, StoryPage

    for model, name in ((ProfilePage, "profile"), (StoryPage, "story"), (BrandPage, "brand")):
        if isinstance(page, model):
            return name
    return None


def searchable_models():
    from cms.models import BrandPage, ProfilePage, StoryPage

    return {"profile": ProfilePage, "story": StoryPage, "brand": BrandPage}


def private_paths() -> list[str]:
    """The restricted tree paths, read from the database: the drain may run in a worker whose
    cache has not yet seen a restriction change."""
    from cms.routing import restricted_paths

    return restricted_paths(fresh=True)


def build_doc(page, private=None) -> SearchDoc | None:
    """The document of a live, public page of a searchable type; None for anything else.

    `private`: the restricted paths (read once per batch). Nothing of a private page reaches
    the document of another page either (linked titles, mentions)."""
    from cms.routing import is_public

    page = page.specific
    kind = page_type(page)
    private = private_paths() if private is None else private
    if kind is None or not page.live or not is_public(page, private):
        return None
    org = page.organisation if page.organisation_id else None
    doc = SearchDoc(
        page_id=page.pk,
        type=kind,
        title=page.title,
        url=page.get_url() or page.url_path,
        region=page.region or "",
        organisation=org.name if org else "",
        org_path=org.path if org else "",
    )
    meta = [page.region or "", doc.organisation]
    context: list[str] = []
    if kind == "profile":
        doc.names = [page.title]
        doc.honours = honour_titles(page)
        meta += [page.role] + doc.honours
        stories = list(_linked_stories(page, private))
        # What the linked stories say about this person belongs to the profile's text.
        doc.body = "\n".join(
            filter(
                None, [page.role, page.bio, stream_text(page.deeds)] + mentions(page.title, stories)
            )
        )
        context += [s.title for s in stories] + [b.title for b in _brands(private, profile=page)]
    elif kind == "story":
        doc.date = page.date.isoformat() if page.date else None
        meta += [page.source] + [t.name for t in page.tags.all()]
        doc.body = "\n".join(filter(None, [page.summary, stream_text(page.body)]))
        context += _visible_titles(page.profile_links, "profile", private) + [
            b.title for b in _brands(private, story=page)
        ]
    else:
        meta += [page.slogan]
        doc.body = "\n".join(
            filter(
                None,
                [
                    page.slogan,
                    strip_tags(page.meaning),
                    stream_text(page.vehicle),
                    stream_text(page.impact),
                    strip_tags(page.impact_text),
                ],
            )
        )
        context += _visible_titles(page.profile_links, "profile", private)
        context += _visible_titles(page.story_links, "story", private)
    doc.meta = "\n".join(filter(None, meta))
    doc.context = "\n".join(filter(None, context))
    return doc


def _visible_titles(links, name, private) -> list[str]:
    """Titles of the live, public pages a page links to (`name`: the link's page field)."""
    from cms.routing import is_public

    pages = (getattr(link, name) for link in links.select_related(name))
    return [p.title for p in pages if p is not None and p.live and is_public(p, private)]


def _linked_stories(profile, private):
    from cms.models import StoryPage
    from cms.routing import public

    return (
        public(StoryPage.objects.live(), private)
        .filter(profile_links__profile=profile)
        .order_by("pk")
    )


def mentions(name: str, stories, limit=MAX_MENTIONS) -> list[str]:
    """The paragraphs of `stories` that name the person (either script), as written."""
    name = analysis.normalise(name)
    found = []
    for story in stories:
        for block in story.body:
            if block.block_type not in ("paragraph", "quote"):
                continue
            text = stream_text([block.get_prep_value()]).strip()
            if name and name in analysis.normalise(text) and text not in found:
                found.append(text)
                if len(found) >= limit:
                    return found
    return found


def _brands(private, profile=None, story=None):
    from cms.models import BrandPage
    from cms.routing import public

    brands = public(BrandPage.objects.live(), private)
    if profile is not None:
        brands = brands.filter(profile_links__profile=profile)
    if story is not None:
        brands = brands.filter(story_links__story=story)
    return brands.only("title")


def live_pages(private=None):
    """Every live, public page of a searchable type, specific, in a stable order."""
    from cms.routing import public

    private = private_paths() if private is None else private
    for model in searchable_models().values():
        yield from (
            public(model.objects.live(), private).select_related("organisation").order_by("pk")
        )


def count_live_pages() -> int:
    from cms.routing import public

    private = private_paths()
    return sum(public(m.objects.live(), private).count() for m in searchable_models().values())


def pages_below(pages) -> list[int]:
    """Ids of the searchable pages at or below `pages`, and of the searchable pages whose
    documents show their text (linked titles, a story's paragraphs naming a person)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from cms.models import BrandProfileLink, BrandStoryLink, StoryProfileLink

    below = Q()
    for page in pages:
        below |= Q(path__startswith=page.path)
    if not below:
        return []
    types = [ContentType.objects.get_for_model(m) for m in searchable_models().values()]
    ids = set(Page.objects.filter(below, content_type__in=types).values_list("pk", flat=True))
    linked = set()
    for link, ends in (
        (StoryProfileLink, ("page_id", "profile_id")),
        (BrandProfileLink, ("page_id", "profile_id")),
        (BrandStoryLink, ("page_id", "story_id")),
    ):
        for one, other in (ends, ends[::-1]):
            linked.update(link.objects.filter(**{f"{one}__in": ids}).values_list(other, flat=True))
    return sorted(ids | linked)
