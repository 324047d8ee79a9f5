"""Per-organisation counts over a subtree, for the workspace's figures and its member lists.

Every count here is one GROUP BY query whose result has a row per organisation (or per
organisation and lecture), never per member; Python only adds those rows up per node shown.
The members-behind list (learning.branch.selectors.member_rows) counts its rows from the same
progress counts, so paging a list of 300,000 member-lecture rows never counts them one by one;
the members short of the quota (ShortOfQuota) are counted from the study counts likewise.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Case, Count, FloatField, Q, Sum, Value, When
from django.utils import timezone

from cms.models import (
    YEARLY_QUOTA_HOURS,
    HostMembership,
    HostStatus,
    Member,
    MemberRole,
    Organisation,
    Pledge,
)
from learning.branch.hosted import hosted_in, member_counts, overlay, pledge_counts
from learning.models import (
    Assignment,
    LectureProgress,
    LectureTally,
    Ledger,
    PointsEntry,
    StudyWeek,
    StudyYear,
)
from learning.selectors import STUDY_HOUR_SECONDS, year_bounds


def study_seconds(*, year: int | None = None, weeks: list[datetime.date] | None = None):
    """The one read of credited study time per member (exact totals kept by
    learning.services.study_time): with `year`, rows (member_id, seconds) of that local
    year; with `weeks` (Mondays), rows (member_id, week, seconds) of those weeks. A queryset
    of values, to filter by member (or organisation) and aggregate further."""
    if (year is None) == (weeks is None):
        raise ValueError("give either year or weeks")
    if year is not None:
        return StudyYear.objects.filter(year=year).order_by().values("member_id", "seconds")
    return (
        StudyWeek.objects.filter(week__in=weeks).order_by().values("member_id", "week", "seconds")
    )


def year_fraction(*, now: datetime.datetime) -> float:
    """How much of the current year has passed: the share of the yearly quota due by now."""
    start, end = year_bounds(timezone.localdate(now).year)
    return (now - start) / (end - start)


def quota_seconds_expression(*, fraction: float):
    """Per member, the study seconds the pro-rated quota asks for by now (by role)."""
    return Case(
        *(
            When(role=role, then=Value(hours * fraction * STUDY_HOUR_SECONDS))
            for role, hours in YEARLY_QUOTA_HOURS.items()
        ),
        default=Value(YEARLY_QUOTA_HOURS[MemberRole.MEMBER] * fraction * STUDY_HOUR_SECONDS),
        output_field=FloatField(),
    )


def assignments_for_subtree(*, organisation: Organisation):
    """Assignments that reach members of the subtree: on the organisation or above it (the
    whole subtree) or on a node below it (that node's subtree); live lectures only."""
    steplen = organisation.steplen
    ancestors = [organisation.path[:i] for i in range(steplen, len(organisation.path) + 1, steplen)]
    return list(
        Assignment.objects.filter(
            Q(organisation__path__in=ancestors)
            | Q(organisation__path__startswith=organisation.path),
            lecture__live=True,
        )
        .select_related("lecture", "organisation")
        .order_by("due_on", "pk")
    )


def deeper_path(a: str, b: str) -> str | None:
    """The path of the smaller of two subtrees if one contains the other, else None."""
    if a.startswith(b):
        return a
    if b.startswith(a):
        return b
    return None


def members_by_organisation(*, organisation: Organisation) -> dict:
    """Organisation id -> members, over the subtree."""
    return dict(
        Member.objects.filter(organisation__path__startswith=organisation.path)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )


def progress_counts(*, organisation: Organisation, lecture_ids) -> dict:
    """(lecture id, organisation id) -> (started, completed) over the subtree's members.

    On PostgreSQL read from LectureTally (organisations x lectures rows, kept exact by
    triggers); elsewhere one pass over the lectures' progress rows (a member has at most one
    per lecture), which on the 10,000-member bench took most of the overview's time."""
    if not lecture_ids:
        return {}
    if connection.vendor == "postgresql":
        return {
            (lecture, org): (started, completed)
            for lecture, org, started, completed in LectureTally.objects.filter(
                lecture_id__in=lecture_ids,
                organisation_id__in=Organisation.objects.filter(
                    path__startswith=organisation.path
                ).values("pk"),
            )
            .exclude(started=0)
            .values_list("lecture_id", "organisation_id", "started", "completed")
        }
    return {
        (lecture, org): (started, completed)
        for lecture, org, started, completed in LectureProgress.objects.filter(
            lecture_id__in=lecture_ids,
            member__organisation__path__startswith=organisation.path,
        )
        .order_by()
        .values("lecture_id", "member__organisation_id")
        .annotate(
            started=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
        .values_list("lecture_id", "member__organisation_id", "started", "completed")
    }


def member_study_sql(
    *, organisation: Organisation, now: datetime.datetime, include_hosted: bool = False
):
    """(sql, params) of one row per member of the subtree: member_id, name, role,
    organisation_id, organisation_name, studied_seconds (credited this year), quota_seconds
    (what the pro-rated quota asks for by now), hosted and home_organisation_name: the same
    figures as the member's own record (learning.selectors.study_record), set-based.

    Members by home organisation; with include_hosted, also the members hosted in the subtree
    whose home lies outside it (流动党员, learning.branch.hosted), with the host as their
    organisation: each member once.

    The year's seconds come from the exact per-member yearly totals (study_seconds), one row
    per member joined to the members, instead of summing the year's events."""
    year = timezone.localdate(now).year
    fraction = year_fraction(now=now)
    whens, quota = [], []
    for role, hours in YEARLY_QUOTA_HOURS.items():
        whens.append("WHEN %s THEN CAST(%s AS DOUBLE PRECISION)")
        quota += [str(role), hours * fraction * STUDY_HOUR_SECONDS]
    quota.append(YEARLY_QUOTA_HOURS[MemberRole.MEMBER] * fraction * STUDY_HOUR_SECONDS)
    member, org = Member._meta.db_table, Organisation._meta.db_table
    hosting = HostMembership._meta.db_table
    study, study_params = study_seconds(year=year).query.sql_with_params()
    # Tree paths are made of [0-9A-Z] only: nothing to escape in the LIKE prefix.
    prefix = organisation.path + "%"
    columns = f"""
               COALESCE(s.seconds, 0.0) AS studied_seconds,
               CASE m.role {" ".join(whens)} ELSE CAST(%s AS DOUBLE PRECISION)
               END AS quota_seconds"""
    sql = f"""
        SELECT m.id AS member_id, m.name, m.role, m.organisation_id,
               o.name AS organisation_name, {columns},
               FALSE AS hosted, CAST(NULL AS TEXT) AS home_organisation_name
        FROM {member} m
        JOIN {org} o ON o.id = m.organisation_id
        LEFT JOIN ({study}) s ON s.member_id = m.id
        WHERE o.path LIKE %s
    """  # noqa: S608 (table names from the models, values as parameters)
    params = [*quota, *study_params, prefix]
    if include_hosted:
        sql += f"""
        UNION ALL
        SELECT m.id, m.name, m.role, h.organisation_id, ho.name, {columns},
               TRUE, o.name
        FROM {member} m
        JOIN {hosting} h ON h.member_id = m.id AND h.status = %s
        JOIN {org} ho ON ho.id = h.organisation_id
        JOIN {org} o ON o.id = m.organisation_id
        LEFT JOIN ({study}) s ON s.member_id = m.id
        WHERE ho.path LIKE %s AND o.path NOT LIKE %s
        """  # noqa: S608 (as above)
        params += [*quota, HostStatus.ACCEPTED, *study_params, prefix, prefix]
    return sql, params


def study_by_organisation(*, organisation: Organisation, now: datetime.datetime) -> dict:
    """Organisation id -> (this year's credited seconds, members short of the pro-rated
    quota), over the subtree."""
    sql, params = member_study_sql(organisation=organisation, now=now)
    with connection.cursor() as cursor:
        short = "COUNT(*) FILTER (WHERE studied_seconds < quota_seconds)"
        grouped = f"SELECT organisation_id, SUM(studied_seconds), {short} FROM ({sql}) AS study"  # noqa: S608 (no input in the text)
        cursor.execute(grouped + " GROUP BY organisation_id", params)
        return {pk: (seconds, short) for pk, seconds, short in cursor.fetchall()}


@dataclass
class SubtreeCounts:
    """Per-organisation counts over one subtree, read once, added up per node in Python
    (organisations x lectures, never members)."""

    paths: dict  # organisation id -> path
    members: dict  # organisation id -> members
    progress: dict  # (lecture id, organisation id) -> (started, completed)
    study: dict  # organisation id -> (studied seconds, members short of the quota)
    points: dict  # (organisation id, ledger) -> points
    pledges: dict  # organisation id -> {"open", "overdue", "fulfilled"}
    assignments: list = field(default_factory=list)
    # path -> counts added for members away from home (learning.branch.hosted.overlay)
    hosted: dict = field(default_factory=dict)

    @cached_property
    def totals(self) -> dict:
        """Every count added up over a node's subtree, by path, computed for the nodes asked
        for only (a node's total is its own counts plus its children's totals, each
        computed once): adding every organisation into each of its ancestors was most of the
        10,000-member overview's Python time."""
        return _Totals(self)

    @cached_property
    def _own(self) -> dict:
        """Path -> the organisation's own counts (its members only), zeros left out."""
        lectures_of = defaultdict(dict)
        for (lecture, org), counts in self.progress.items():
            lectures_of[org][lecture] = counts
        own = {}
        for pk, path in self.paths.items():
            seconds, short = self.study.get(pk, (0, 0))
            counts = {
                "members": self.members.get(pk, 0),
                "seconds": seconds or 0,
                "short": short,
                "base": self.points.get((pk, Ledger.BASE), 0),
                "service": self.points.get((pk, Ledger.SERVICE), 0),
                **self.pledges.get(pk, {}),
            }
            for lecture, (started, completed) in lectures_of[pk].items():
                counts[("started", lecture)] = started
                counts[("completed", lecture)] = completed
            for key, value in self.hosted.get(path, {}).items():
                counts[key] = counts.get(key, 0) + value
            own[path] = {key: value for key, value in counts.items() if value}
        return own

    @cached_property
    def _children(self) -> dict:
        children = defaultdict(list)
        steplen = Organisation.steplen
        for path in self.paths.values():
            children[path[:-steplen]].append(path)
        return children

    def figures(self, node: Organisation, *, today: datetime.date) -> dict:
        mine = self.totals[node.path]
        lectures = []
        for assignment in self.assignments:
            path = deeper_path(assignment.organisation.path, node.path)
            if path is None:
                continue
            reached = self.totals[path]
            assigned = reached["members"]
            started = reached[("started", assignment.lecture_id)]
            completed = reached[("completed", assignment.lecture_id)]
            lectures.append(
                {
                    "assignment": assignment.pk,
                    "lecture": assignment.lecture_id,
                    "title": assignment.lecture.title,
                    "organisation": assignment.organisation.name,
                    "due_on": assignment.due_on,
                    "assigned": assigned,
                    "started": started,
                    "completed": completed,
                    "overdue": assigned - completed if assignment.due_on < today else 0,
                    "completion_percent": round(100 * completed / assigned) if assigned else 0,
                }
            )
        seconds = mine["seconds"]
        members = mine["members"]
        base, service = mine["base"], mine["service"]
        pledges = {key: mine[key] for key in ("open", "overdue", "fulfilled")}
        assigned = sum(row["assigned"] for row in lectures)
        short = mine["short"]
        return {
            "organisation": {"id": node.pk, "name": node.name, "kind": node.get_kind_display()},
            "members": members,
            # Of them, counted here through their host (home outside this subtree).
            "hosted_members": mine["hosted"],
            # Over every assigned lecture: what the comparison chart shows.
            "completion_percent": round(100 * sum(r["completed"] for r in lectures) / assigned)
            if assigned
            else 0,
            "on_quota_percent": round(100 * (members - short) / members) if members else 0,
            "lectures": lectures,
            "study": {
                "hours": round(seconds / STUDY_HOUR_SECONDS, 1),
                "average_hours": round(seconds / STUDY_HOUR_SECONDS / members, 1) if members else 0,
                "members_short": short,
            },
            "points": {"base": base, "service": service, "total": base + service},
            "pledges": pledges,
        }


class _Totals(dict):
    """SubtreeCounts.totals: path -> counts over that node's subtree, made when first asked."""

    def __init__(self, counts: SubtreeCounts):
        super().__init__()
        self.counts = counts

    def __missing__(self, path: str):
        bucket = defaultdict(int, self.counts._own.get(path, {}))
        for child in self.counts._children.get(path, ()):
            for key, value in self[child].items():
                bucket[key] += value
        self[path] = bucket
        return bucket


def subtree_counts(*, organisation: Organisation, now: datetime.datetime) -> SubtreeCounts:
    today = timezone.localdate(now)
    in_subtree = {"member__organisation__path__startswith": organisation.path}
    paths = dict(organisation.subtree().values_list("pk", "path"))
    members = members_by_organisation(organisation=organisation)
    assignments = assignments_for_subtree(organisation=organisation)
    progress = progress_counts(
        organisation=organisation, lecture_ids={a.lecture_id for a in assignments}
    )
    study = study_by_organisation(organisation=organisation, now=now)
    points = {
        (org, ledger): total
        for org, ledger, total in PointsEntry.objects.filter(**in_subtree)
        .order_by()
        .values("member__organisation_id", "ledger")
        .annotate(total=Sum("points"))
        .values_list("member__organisation_id", "ledger", "total")
    }
    pledges = pledge_counts(
        Pledge.objects.filter(author__member__organisation__path__startswith=organisation.path),
        group="author__member__organisation_id",
        today=today,
    )
    hosted = hosted_in(organisation=organisation)
    lecture_ids = {a.lecture_id for a in assignments}
    extra = overlay(
        organisation=organisation,
        hosted=hosted,
        counts=member_counts(
            hosted, lecture_ids=lecture_ids, now=now, fraction=year_fraction(now=now)
        ),
    )
    return SubtreeCounts(paths, members, progress, study, points, pledges, assignments, extra)
