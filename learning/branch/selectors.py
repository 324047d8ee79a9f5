"""Reads for the secretary's workspace: figures over an organisation's subtree.

Everything is counted in the database, grouped by organisation (a handful of GROUP BY queries
whatever the size of the subtree); Python then only adds up those per-organisation rows for
each node shown (the subtree itself and each child compared side by side), never per member.
Members listed by name (the members behind) are one UNION query, filtered and paged in SQL.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cms.models import YEARLY_QUOTA_HOURS, Member, MemberRole, Organisation, Pledge, PledgeStatus
from cms.pledges.models import ACTIVE_STATUSES, OPEN_STATUSES
from learning.models import (
    Assignment,
    LectureProgress,
    Ledger,
    PointsEntry,
    ProgressEvent,
)
from learning.selectors import STUDY_HOUR_SECONDS, year_bounds


class Status:
    """A member's standing on one assigned lecture (exclusive), and "behind" (not done)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    BEHIND = "behind"

    LABELS = {
        NOT_STARTED: pgettext_lazy("study status", "Not started"),
        IN_PROGRESS: pgettext_lazy("study status", "In progress"),
        COMPLETED: pgettext_lazy("study status", "Completed"),
        OVERDUE: pgettext_lazy("study status", "Overdue"),
        BEHIND: pgettext_lazy("study status", "Not completed"),
    }
    # What a filter value selects.
    SELECTS = {
        NOT_STARTED: (NOT_STARTED,),
        IN_PROGRESS: (IN_PROGRESS,),
        COMPLETED: (COMPLETED,),
        OVERDUE: (OVERDUE,),
        BEHIND: (NOT_STARTED, IN_PROGRESS, OVERDUE),
    }


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


def members_with_study(*, organisation: Organisation, now: datetime.datetime):
    """Members of the subtree annotated with this year's credited seconds and the seconds the
    pro-rated quota asks for (the same count as the member's own record, learning.selectors)."""
    start, end = year_bounds(timezone.localdate(now).year)
    seconds = (
        ProgressEvent.objects.filter(
            member=OuterRef("pk"), received_at__gte=start, received_at__lt=end
        )
        .order_by()
        .values("member")
        .annotate(total=Sum("credited_seconds"))
        .values("total")
    )
    return Member.objects.filter(organisation__path__startswith=organisation.path).annotate(
        studied_seconds=Coalesce(Subquery(seconds, output_field=FloatField()), Value(0.0)),
        quota_seconds=quota_seconds_expression(fraction=year_fraction(now=now)),
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

    @cached_property
    def totals(self) -> dict:
        """Every count added up over each node's subtree, by path: one pass in which each
        organisation adds its own counts to itself and its ancestors within the subtree."""
        steplen = Organisation.steplen
        top = min((len(path) for path in self.paths.values()), default=0)
        lectures_of = defaultdict(dict)
        for (lecture, org), counts in self.progress.items():
            lectures_of[org][lecture] = counts
        totals = defaultdict(lambda: defaultdict(int))
        for pk, path in self.paths.items():
            seconds, short = self.study.get(pk, (0, 0))
            own = {
                "members": self.members.get(pk, 0),
                "seconds": seconds or 0,
                "short": short,
                "base": self.points.get((pk, Ledger.BASE), 0),
                "service": self.points.get((pk, Ledger.SERVICE), 0),
                **self.pledges.get(pk, {}),
            }
            for lecture, (started, completed) in lectures_of[pk].items():
                own[("started", lecture)] = started
                own[("completed", lecture)] = completed
            own = {key: value for key, value in own.items() if value}
            for end in range(top, len(path) + 1, steplen):
                bucket = totals[path[:end]]
                for key, value in own.items():
                    bucket[key] += value
        return totals

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


def subtree_counts(*, organisation: Organisation, now: datetime.datetime) -> SubtreeCounts:
    today = timezone.localdate(now)
    in_subtree = {"member__organisation__path__startswith": organisation.path}
    paths = dict(organisation.subtree().values_list("pk", "path"))
    members = dict(
        Member.objects.filter(organisation__path__startswith=organisation.path)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    assignments = assignments_for_subtree(organisation=organisation)
    progress = {
        (lecture, org): (started, completed)
        for lecture, org, started, completed in LectureProgress.objects.filter(
            lecture_id__in={a.lecture_id for a in assignments}, **in_subtree
        )
        .order_by()
        .values("lecture_id", "member__organisation_id")
        .annotate(
            started=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
        .values_list("lecture_id", "member__organisation_id", "started", "completed")
    }
    study = {
        org: (seconds or 0, short)
        for org, seconds, short in members_with_study(organisation=organisation, now=now)
        .order_by()
        .values("organisation_id")
        .annotate(
            seconds=Sum("studied_seconds"),
            short=Count("pk", filter=Q(studied_seconds__lt=F("quota_seconds"))),
        )
        .values_list("organisation_id", "seconds", "short")
    }
    points = {
        (org, ledger): total
        for org, ledger, total in PointsEntry.objects.filter(**in_subtree)
        .order_by()
        .values("member__organisation_id", "ledger")
        .annotate(total=Sum("points"))
        .values_list("member__organisation_id", "ledger", "total")
    }
    pledges = {
        row.pop("org"): row
        for row in Pledge.objects.filter(
            author__member__organisation__path__startswith=organisation.path
        )
        .order_by()
        .values(org=F("author__member__organisation_id"))
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, due_on__lt=today)),
            fulfilled=Count("pk", filter=Q(status=PledgeStatus.FULFILLED)),
        )
    }
    return SubtreeCounts(paths, members, progress, study, points, pledges, assignments)


def branch_overview(*, organisation: Organisation, now: datetime.datetime | None = None) -> dict:
    """The subtree's figures, and the same figures for each child organisation."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = subtree_counts(organisation=organisation, now=now)
    children = list(organisation.get_children())
    return {
        **counts.figures(organisation, today=today),
        "date": today,
        "quota_share_percent": round(100 * year_fraction(now=now)),
        "children": [counts.figures(child, today=today) for child in children],
    }


def member_rows(
    *,
    organisation: Organisation,
    lecture_id: int | None = None,
    status: str | None = None,
    sub_organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
):
    """One row per member and assigned lecture in the subtree (or a sub-organisation of it),
    with the member's standing; a values() queryset ordered by due date, organisation, name.

    One SELECT per assignment reaching the subtree, joined by UNION ALL: filters, ordering,
    counting and paging all happen in the database."""
    today = timezone.localdate(now or timezone.now())
    scope = sub_organisation or organisation
    wanted = Status.SELECTS.get(status) if status else None
    parts = []
    for assignment in assignments_for_subtree(organisation=organisation):
        if lecture_id is not None and assignment.lecture_id != lecture_id:
            continue
        path = deeper_path(assignment.organisation.path, scope.path)
        if path is None:
            continue
        overdue = assignment.due_on < today
        standing = Case(
            When(lp__completed_at__isnull=False, then=Value(Status.COMPLETED)),
            *([When(pk__isnull=False, then=Value(Status.OVERDUE))] if overdue else []),
            When(lp__id__isnull=False, then=Value(Status.IN_PROGRESS)),
            default=Value(Status.NOT_STARTED),
            output_field=CharField(),
        )
        part = (
            Member.objects.filter(organisation__path__startswith=path)
            .annotate(
                lp=FilteredRelation(
                    "lecture_progress",
                    condition=Q(lecture_progress__lecture_id=assignment.lecture_id),
                ),
                status=standing,
                lecture_id=Value(assignment.lecture_id, output_field=IntegerField()),
                lecture_title=Value(assignment.lecture.title, output_field=CharField()),
                due_on=Value(assignment.due_on, output_field=DateField()),
                organisation_name=F("organisation__name"),
                started_at=F("lp__started_at"),
                completed_at=F("lp__completed_at"),
                member_id=F("pk"),
            )
            .order_by()
        )
        if wanted:
            part = part.filter(status__in=wanted)
        parts.append(
            part.values(
                "member_id",
                "name",
                "organisation_id",
                "organisation_name",
                "lecture_id",
                "lecture_title",
                "due_on",
                "status",
                "started_at",
                "completed_at",
            )
        )
    if not parts:
        return Member.objects.none().values("pk")
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("due_on", "lecture_id", "organisation_name", "name", "member_id")


def members_short_of_quota(
    *,
    organisation: Organisation,
    sub_organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
):
    """Members of the subtree behind the pro-rated yearly quota, furthest behind first."""
    now = now or timezone.now()
    return (
        members_with_study(organisation=sub_organisation or organisation, now=now)
        .filter(studied_seconds__lt=F("quota_seconds"))
        .annotate(organisation_name=F("organisation__name"), member_id=F("pk"))
        .order_by(F("studied_seconds") - F("quota_seconds"), "name", "pk")
        .values(
            "member_id",
            "name",
            "role",
            "organisation_id",
            "organisation_name",
            "studied_seconds",
            "quota_seconds",
        )
    )


def hours_row(row: dict) -> dict:
    """A members_short_of_quota row in hours, as shown and exported."""
    studied = row["studied_seconds"] / STUDY_HOUR_SECONDS
    due = row["quota_seconds"] / STUDY_HOUR_SECONDS
    return {
        "member_id": row["member_id"],
        "name": row["name"],
        "role": str(MemberRole(row["role"]).label),
        "organisation_id": row["organisation_id"],
        "organisation_name": row["organisation_name"],
        "study_hours": round(studied, 1),
        "quota_hours_to_date": round(due, 1),
        "shortfall_hours": round(due - studied, 1),
    }


def sub_organisations(*, organisation: Organisation):
    """Every node of the subtree below the organisation, in tree order, for filters."""
    return Organisation.objects.filter(
        path__startswith=organisation.path, depth__gt=organisation.depth
    ).order_by("path")


def lecture_choices(*, organisation: Organisation):
    """(lecture id, title) of the lectures assigned to (part of) the subtree."""
    seen = {}
    for assignment in assignments_for_subtree(organisation=organisation):
        seen.setdefault(assignment.lecture_id, assignment.lecture.title)
    return list(seen.items())
