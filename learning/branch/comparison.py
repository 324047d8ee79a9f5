"""Reads for the sub-organisations compared (对表晒绩, 赛马): figures per child organisation,
their weekly trend, and the ranking of individuals where an organisation switched it on.

Everything is grouped in the database by the child a row falls under (the first characters
of its organisation's tree path), so a query returns children x weeks rows, never members.

The weekly trend reads:
- study hours from the exact per-member weekly totals (StudyWeek, through
  learning.branch.counts.study_seconds), kept with each credit by learning.services.study_time
  on the same local calendar as the yearly totals, so the weeks of a year add up to its hours;
  members x weeks rows instead of every event of the weeks.
- lectures completed from LectureProgress.completed_at: one row per member and lecture, set
  once when the lecture is completed (the points entry for it may be capped or corrected).
"""

import datetime
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from cms.content_cache import cached_content
from cms.host_organisations.selectors import hosted_member_ids
from cms.models import YEARLY_QUOTA_HOURS, Member, MemberRole, Organisation, PledgeWallPage
from cms.routing import public
from learning.branch.hosted import by_child, hosted_in, quota_seconds
from learning.branch.selectors import study_seconds, subtree_counts, year_fraction
from learning.models import LectureProgress, PointsEntry
from learning.selectors import STUDY_HOUR_SECONDS, year_bounds

DEFAULT_WEEKS = 12
MAX_WEEKS = 52
RANKING_SIZE = 50
TREND_SECONDS = 60


def week_starts(*, weeks: int, now: datetime.datetime) -> list[datetime.date]:
    """The Mondays of the last `weeks` weeks, the current one last."""
    today = timezone.localdate(now)
    this_week = today - datetime.timedelta(days=today.weekday())
    return [this_week - datetime.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _below(organisation: Organisation, prefix: str) -> dict:
    """Filter kwargs: rows whose organisation lies strictly below `organisation`."""
    return {
        f"{prefix}path__startswith": organisation.path,
        f"{prefix}depth__gt": organisation.depth,
    }


def _child_path(organisation: Organisation, field: str):
    """The path of the child of `organisation` a row's organisation falls under."""
    return Substr(field, 1, len(organisation.path) + organisation.steplen)


def _ref(node: Organisation) -> dict:
    return {"id": node.pk, "name": node.name, "kind": node.get_kind_display()}


def weekly_trend(
    *,
    organisation: Organisation,
    weeks: int = DEFAULT_WEEKS,
    now: datetime.datetime | None = None,
) -> dict:
    """Per child organisation and week (local Mondays, oldest first): study hours credited and
    lectures completed by the members of the child's subtree. Three queries."""
    now = now or timezone.now()
    mondays = week_starts(weeks=weeks, now=now)
    # Each week's end as a local midnight: a row's week is the first end it falls before, a
    # comparison per row (cheaper than converting every timestamp to a local date to
    # truncate it, and right across a change of UTC offset).
    ends = [_local_midnight(monday + datetime.timedelta(weeks=1)) for monday in mondays]
    start = _local_midnight(mondays[0])
    children = list(organisation.get_children())
    # Rows are grouped by the member's own organisation (an integer) and added up per child
    # here: organisations x weeks rows, fewer than the members.
    child_of = {
        pk: path[: len(organisation.path) + organisation.steplen]
        for pk, path in Organisation.objects.filter(**_below(organisation, "")).values_list(
            "pk", "path"
        )
    }

    def grouped(model, when, value):
        week = Case(
            *(When(**{f"{when}__lt": end}, then=Value(i)) for i, end in enumerate(ends)),
            output_field=IntegerField(),
        )
        totals = defaultdict(int)
        for org, index, total in (
            model.objects.filter(
                **_below(organisation, "member__organisation__"),
                **{f"{when}__gte": start, f"{when}__lt": ends[-1]},
            )
            .order_by()
            .values("member__organisation_id", week=week)
            .annotate(total=value)
            .values_list("member__organisation_id", "week", "total")
        ):
            totals[(child_of[org], mondays[index])] += total or 0
        return totals

    seconds = defaultdict(float)
    for org, monday, total in (
        study_seconds(weeks=mondays)
        .filter(**_below(organisation, "member__organisation__"))
        .values("member__organisation_id", "week")
        .annotate(total=Sum("seconds"))
        .values_list("member__organisation_id", "week", "total")
    ):
        seconds[(child_of[org], monday)] += total
    completed = grouped(LectureProgress, "completed_at", Count("pk"))
    # Members away from home count for the child hosting them unless their home is in it too
    # (learning.branch.hosted): their weeks are read member by member (there are few).
    for child, members in by_child(
        organisation=organisation, hosted=hosted_in(organisation=organisation)
    ).items():
        ids = [h.member_id for h in members]
        for monday, total in (
            study_seconds(weeks=mondays).filter(member_id__in=ids).values_list("week", "seconds")
        ):
            seconds[(child, monday)] += total
        for done in LectureProgress.objects.filter(
            member_id__in=ids, completed_at__gte=start, completed_at__lt=ends[-1]
        ).values_list("completed_at", flat=True):
            index = next(i for i, end in enumerate(ends) if done < end)
            completed[(child, mondays[index])] += 1
    return {
        "organisation": _ref(organisation),
        "weeks": mondays,
        "children": [
            {
                "organisation": _ref(child),
                "weeks": [
                    {
                        "week": monday,
                        "hours": round(
                            (seconds.get((child.path, monday)) or 0) / STUDY_HOUR_SECONDS, 1
                        ),
                        "lectures_completed": completed.get((child.path, monday), 0),
                    }
                    for monday in mondays
                ],
            }
            for child in children
        ],
    }


def recent_weekly_trend(*, organisation: Organisation, weeks: int = DEFAULT_WEEKS) -> dict:
    """weekly_trend, kept TREND_SECONDS in the content cache (docs/cache-policy.md): it scans
    the weeks' study events of the whole subtree, and names nobody, so one copy serves the
    workspace and the API. An organisation saved clears it (a new content
    generation); study reported since shows within TREND_SECONDS."""
    name = f"branch-trend:{organisation.pk}:{weeks}:{timezone.localdate().isoformat()}"
    return cached_content(
        name, lambda: weekly_trend(organisation=organisation, weeks=weeks), timeout=TREND_SECONDS
    )


def _quota_seconds_by_child(*, organisation: Organisation, fraction: float) -> dict:
    """Per child path: the study seconds its members' pro-rated quotas ask for by now."""
    totals = {}
    for path, role, count in (
        Member.objects.filter(**_below(organisation, "organisation__"))
        .order_by()
        .values(child=_child_path(organisation, "organisation__path"))
        .values_list("child", "role")
        .annotate(n=Count("pk"))
        .values_list("child", "role", "n")
    ):
        hours = YEARLY_QUOTA_HOURS.get(role, YEARLY_QUOTA_HOURS[MemberRole.MEMBER])
        totals[path] = totals.get(path, 0) + count * hours * fraction * STUDY_HOUR_SECONDS
    # Members away from home: the child hosting them, unless their home is in it too.
    for path, members in by_child(
        organisation=organisation, hosted=hosted_in(organisation=organisation)
    ).items():
        for h in members:
            totals[path] = totals.get(path, 0) + quota_seconds(h.role, fraction)
    return totals


def children_compared(*, organisation: Organisation, now: datetime.datetime | None = None) -> dict:
    """The organisation-level comparison of the children, as the public page shows it: no
    member is named and nothing is given per member but averages over an organisation."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = subtree_counts(organisation=organisation, now=now)
    quota = _quota_seconds_by_child(organisation=organisation, fraction=year_fraction(now=now))
    rows = []
    for child in organisation.get_children():
        figures = counts.figures(child, today=today)
        members = figures["members"]
        average = figures["study"]["average_hours"]
        due = quota.get(child.path, 0) / STUDY_HOUR_SECONDS / members if members else 0
        rows.append(
            {
                "organisation": _ref(child),
                "members": members,
                "completion_percent": figures["completion_percent"],
                "average_hours": average,
                "average_quota_hours": round(due, 1),
                "hours_against_quota_percent": round(100 * average / due) if due else 0,
                "on_quota_percent": figures["on_quota_percent"],
                "pledges_fulfilled": figures["pledges"]["fulfilled"],
            }
        )
    return {"organisation": _ref(organisation), "date": today, "children": rows}


def members_ranked(
    *, organisation: Organisation, now: datetime.datetime | None = None, limit: int = RANKING_SIZE
) -> list[dict]:
    """The members of the subtree with the most points this year (corrections included),
    ranked 1, 2, 2, 4 on ties, members away from home hosted in it included (each once,
    named with their home organisation). Only for an organisation that switched the
    ranking on."""
    if not organisation.rank_members_publicly:
        return []
    start, end = year_bounds(timezone.localdate(now or timezone.now()).year)
    rows = list(
        PointsEntry.objects.filter(
            Q(member__organisation__path__startswith=organisation.path)
            | Q(member_id__in=hosted_member_ids(organisation=organisation)),
            created_at__gte=start,
            created_at__lt=end,
        )
        .order_by()
        .values("member_id", "member__name", "member__organisation__name")
        .annotate(points=Sum("points"))
        .filter(points__gt=0)
        .values_list("member_id", "member__name", "member__organisation__name", "points")
        .order_by("-points", "member__name", "member_id")[:limit]
    )
    ranked, previous, rank = [], None, 0
    for position, (_pk, name, organisation_name, points) in enumerate(rows, start=1):
        if points != previous:
            rank, previous = position, points
        ranked.append(
            {"rank": rank, "name": name, "organisation": organisation_name, "points": points}
        )
    return ranked


def racing_organisations():
    """Organisations with sub-organisations to compare, in tree order."""
    return (
        Organisation.objects.filter(numchild__gt=0)
        .order_by("path")
        .only("pk", "name", "kind", "depth", "path")
    )


def racing_campaigns() -> list[dict]:
    """Live public campaigns (pledge walls), newest first, each with the organisation whose
    children compete in it: the wall's own, or its nearest ancestor with sub-organisations
    (a wall kept by a branch is a race among the branches around it)."""
    walls = list(
        public(PledgeWallPage.objects.live())
        .select_related("organisation")
        .only("pk", "title", "opens_on", "closes_on", "organisation__path", "organisation__name")
        .order_by("-opens_on", "-pk")
    )
    steplen = Organisation.steplen
    prefixes = {
        wall.organisation.path[:end]
        for wall in walls
        if wall.organisation_id
        for end in range(steplen, len(wall.organisation.path) + 1, steplen)
    }
    racing = {
        node.path: node
        for node in Organisation.objects.filter(path__in=prefixes, numchild__gt=0).only(
            "pk", "name", "path"
        )
    }
    campaigns = []
    for wall in walls:
        path = wall.organisation.path if wall.organisation_id else ""
        while path and path not in racing:
            path = path[:-steplen]
        if path:
            campaigns.append({"title": wall.title, "wall": wall, "organisation": racing[path]})
    return campaigns
