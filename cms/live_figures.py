"""Live figures: numbers an editor picks for a brand's 成效 instead of typing them.

An app above cms registers what it can count (cms never imports it; the app calls this in its
AppConfig.ready()):

    register_live_figure("residents.covered", _("Residents covered by 1+10"),
                         lambda organisation: ...)  # an int for the organisation's subtree

The brand's impact StreamField offers a "live figure" block (cms.blocks.LiveFigureBlock): a
registered key and an organisation (the brand's own when left empty). It is computed when the
page is rendered.

Freshness (docs/cache-policy.md): the value is computed inside the brand page's cached
fragment and whole-page copy, which no contact or roster change retires. So a live figure is
as old as those copies at most: the content cache's TIMEOUT plus PAGE_CACHE_SECONDS (10 + 10
minutes with the defaults), never older; previews and the admin render it fresh.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LiveFigure:
    key: str
    label: str
    compute: Callable  # (organisation) -> int


# Filled once by the apps' ready() from code, never from the database (not a memory).
LIVE_FIGURES: dict[str, LiveFigure] = {}


def register_live_figure(key: str, label, compute: Callable) -> None:
    LIVE_FIGURES[key] = LiveFigure(key=key, label=label, compute=compute)


def live_figure_choices():
    """For the block's choice field (called when the admin form is built)."""
    return [(figure.key, figure.label) for figure in LIVE_FIGURES.values()]


def organisation_choices():
    from cms.models import Organisation

    return [("", _("The brand's organisation"))] + [
        (str(pk), "　" * (depth - 1) + name)
        for pk, name, depth in Organisation.objects.order_by("path").values_list(
            "pk", "name", "depth"
        )
    ]


def format_figure(value: int) -> str:
    """12345 → 1.2万, as the brands' typed figures are written."""
    if value >= 10000:
        text = f"{value / 10000:.1f}".rstrip("0").rstrip(".")
        return f"{text}万"
    return str(value)


def live_figure_value(*, key: str, organisation_id=None, default_organisation=None):
    """The computed figure as text, or None when the key is not registered (an app removed)
    or the organisation is gone."""
    from cms.models import Organisation

    figure = LIVE_FIGURES.get(key)
    if figure is None:
        return None
    organisation = default_organisation
    if organisation_id:
        found = str(organisation_id).isdigit()
        organisation = Organisation.objects.filter(pk=organisation_id).first() if found else None
    if organisation is None:
        return None
    return format_figure(figure.compute(organisation))
