"""The public 赛马 pages: organisations compared, open to everyone, naming nobody unless the
organisation switched the ranking of individuals on (Organisation.rank_members_publicly).

The figures change with every study report, which retires no page, so they are not kept in the
page cache (whose entries live until a page they show is retired). They are kept in the
content cache for RACING_SECONDS instead (docs/cache-policy.md): a short, timed staleness, and
an organisation saved (a renamed child, the switch turned on or off) clears them at once with
the rest of the content generation; the switch is also part of the key.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.content_cache import cached_content
from cms.models import Organisation
from learning.branch.charts import racing_chart, trend_chart
from learning.branch.comparison import (
    children_compared,
    members_ranked,
    racing_campaigns,
    racing_organisations,
    weekly_trend,
)

RACING_SECONDS = 60
# A child organisation with fewer members is left off the public page: its averages, shares
# and weekly hours would tell one or two members' own figures (the page names nobody).
MIN_PUBLIC_MEMBERS = 3


def racing_figures(*, organisation: Organisation) -> dict:
    """Everything the organisation's page shows, built at most once per RACING_SECONDS."""
    ranking_on = organisation.rank_members_publicly

    def build():
        compared = children_compared(organisation=organisation)
        shown = [row for row in compared["children"] if row["members"] >= MIN_PUBLIC_MEMBERS]
        hidden = len(compared["children"]) - len(shown)
        compared["children"] = shown
        # Built fresh here (not recent_weekly_trend's copy): a minute old at most, not two.
        trend = weekly_trend(organisation=organisation) if shown else None
        if trend:
            ids = {row["organisation"]["id"] for row in shown}
            trend["children"] = [c for c in trend["children"] if c["organisation"]["id"] in ids]
        return {
            **compared,
            "hidden_children": hidden,
            "min_members": MIN_PUBLIC_MEMBERS,
            "chart": racing_chart(compared["children"]) if compared["children"] else "",
            "trend": trend,
            "trend_chart": trend_chart(trend, key="hours", title=_("Study hours per week"))
            if trend
            else "",
            "ranking": members_ranked(organisation=organisation) if ranking_on else [],
        }

    name = (
        f"racing:{organisation.pk}:{int(ranking_on)}:{get_language()}:"
        f"{timezone.localdate().isoformat()}"
    )
    return cached_content(name, build, timeout=RACING_SECONDS)


def _public(request, response):
    """Visitors' copies may be kept as long as the server keeps its figures."""
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=RACING_SECONDS)
        patch_vary_headers(response, ["Cookie"])
    return response


def racing_index(request):
    return _public(
        request,
        render(
            request,
            "branch/racing_index.html",
            {"campaigns": racing_campaigns(), "organisations": racing_organisations()},
        ),
    )


def racing_organisation(request, organisation_id):
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404(_("There is no such organisation."))
    return _public(
        request,
        render(
            request,
            "branch/racing_organisation.html",
            {
                "organisation": organisation,
                "parent": organisation.get_parent(),
                "figures": racing_figures(organisation=organisation),
                "ranking_on": organisation.rank_members_publicly,
            },
        ),
    )
