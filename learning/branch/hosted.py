"""Members away from home (流动党员) in the branch figures: each member counted once per node.

A member belongs to a node's report when their home organisation OR their accepted host
organisation lies in the node's subtree (cms.host_organisations). The figures are made from
per-organisation counts by home organisation (learning.branch.counts: GROUP BY queries, and on
PostgreSQL LectureTally, which its triggers keep by home organisation only), added up the
tree. A hosted member's own figures (one member, their study seconds, points, pledges,
progress on the assigned lectures) are read separately, per member (there are few), and laid
over those counts like a difference on the tree:

- added at the host organisation, so every node above the host counts them;
- taken away again at the nearest organisation containing both home and host (when it lies
  in the subtree shown), where the home counts already reach: from there up the member is
  counted once, through their home.

So a node containing only the home counts the member through the home, a node containing only
the host through the host (marked 流动党员), and a node containing both once. The same rule
picks the rows of the member lists (learning.branch.selectors.member_rows and
counts.ShortOfQuota): a member reached through the host only is one more row, carrying
the host as organisation and the home organisation's name.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from cms.host_organisations.selectors import common_ancestor_path, hostings_in_subtree
from cms.models import (
    YEARLY_QUOTA_HOURS,
    Member,
    MemberRole,
    Organisation,
    Pledge,
    PledgeStatus,
)
from cms.pledges.models import ACTIVE_STATUSES, OPEN_STATUSES
from learning.models import LectureProgress, Ledger, PointsEntry, StudyYear
from learning.selectors import STUDY_HOUR_SECONDS


@dataclass(frozen=True)
class Hosted:
    """One accepted hosting whose host lies in the subtree (the home anywhere)."""

    member_id: int
    role: str
    home_path: str
    home_name: str
    host_id: int
    host_path: str
    host_name: str

    def reached_by(self, paths) -> bool:
        """Whether a subtree of `paths` reaches this member through the host only."""
        return any(self.host_path.startswith(p) for p in paths) and not any(
            self.home_path.startswith(p) for p in paths
        )


def hosted_in(*, organisation: Organisation) -> list[Hosted]:
    """The accepted hostings with the host in the subtree, each member once (a member has at
    most one accepted host)."""
    return [
        Hosted(*row)
        for row in hostings_in_subtree(organisation=organisation)
        .order_by("member_id")
        .values_list(
            "member_id",
            "member__role",
            "member__organisation__path",
            "member__organisation__name",
            "organisation_id",
            "organisation__path",
            "organisation__name",
        )
    ]


def quota_seconds(role: str, fraction: float) -> float:
    """As counts.quota_seconds_expression, for one member."""
    hours = YEARLY_QUOTA_HOURS.get(role, YEARLY_QUOTA_HOURS[MemberRole.MEMBER])
    return hours * fraction * STUDY_HOUR_SECONDS


def progress_of(member_ids, lecture_ids) -> dict:
    """(member id, lecture id) -> (started, completed) as 0/1."""
    if not member_ids or not lecture_ids:
        return {}
    done = Case(When(completed_at__isnull=False, then=Value(1)), default=Value(0))
    return {
        (member, lecture): (1, completed)
        for member, lecture, completed in LectureProgress.objects.filter(
            member_id__in=member_ids, lecture_id__in=lecture_ids
        )
        .annotate(done=done)
        .values_list("member_id", "lecture_id", "done")
    }


def pledge_counts(pledges, *, group: str, today: datetime.date) -> dict:
    """group value -> {"open", "overdue", "fulfilled"} over a Pledge queryset."""
    return {
        row.pop("key"): row
        for row in pledges.order_by()
        .values(key=F(group))
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, due_on__lt=today)),
            fulfilled=Count("pk", filter=Q(status=PledgeStatus.FULFILLED)),
        )
    }


def member_counts(
    hosted: list[Hosted], *, lecture_ids, now: datetime.datetime, fraction: float
) -> dict:
    """member id -> their own counts, keyed like SubtreeCounts._own (zeros left out), plus
    "hosted": 1 (a member counted here through their host)."""
    ids = [h.member_id for h in hosted]
    if not ids:
        return {}
    today = timezone.localdate(now)

    # One statement, written out: the ORM's six correlated subqueries cost more to compile
    # than to run (the overview reads this on every request).
    member, study = Member._meta.db_table, StudyYear._meta.db_table
    points, pledge = PointsEntry._meta.db_table, Pledge._meta.db_table
    open_in = ", ".join(["%s"] * len(OPEN_STATUSES))
    active_in = ", ".join(["%s"] * len(ACTIVE_STATUSES))
    sql = f"""
        SELECT m.id,
          (SELECT s.seconds FROM {study} s WHERE s.member_id = m.id AND s.year = %s),
          (SELECT SUM(p.points) FROM {points} p WHERE p.member_id = m.id AND p.ledger = %s),
          (SELECT SUM(p.points) FROM {points} p WHERE p.member_id = m.id AND p.ledger = %s),
          (SELECT COUNT(*) FROM {pledge} g WHERE g.author_id = m.user_id
             AND g.status IN ({open_in})),
          (SELECT COUNT(*) FROM {pledge} g WHERE g.author_id = m.user_id
             AND g.status IN ({active_in}) AND g.due_on < %s),
          (SELECT COUNT(*) FROM {pledge} g WHERE g.author_id = m.user_id AND g.status = %s)
        FROM {member} m WHERE m.id IN ({", ".join(["%s"] * len(ids))})
    """  # noqa: S608 (table names from the models, values as parameters)
    params = [
        today.year,
        str(Ledger.BASE),
        str(Ledger.SERVICE),
        *[str(status) for status in OPEN_STATUSES],
        *[str(status) for status in ACTIVE_STATUSES],
        today,
        str(PledgeStatus.FULFILLED),
        *ids,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        figures = {pk: row for pk, *row in cursor.fetchall()}
    progress = progress_of(ids, lecture_ids)
    counts = {}
    for h in hosted:
        studied, base, service, open_, overdue, fulfilled = (
            value or 0 for value in figures.get(h.member_id, (0,) * 6)
        )
        mine = {
            "members": 1,
            "hosted": 1,
            "seconds": studied,
            "short": int(studied < quota_seconds(h.role, fraction)),
            "base": base,
            "service": service,
            "open": open_,
            "overdue": overdue,
            "fulfilled": fulfilled,
        }
        for lecture in lecture_ids:
            started, completed = progress.get((h.member_id, lecture), (0, 0))
            mine[("started", lecture)] = started
            mine[("completed", lecture)] = completed
        counts[h.member_id] = {key: value for key, value in mine.items() if value}
    return counts


def overlay(*, organisation: Organisation, hosted: list[Hosted], counts: dict) -> dict[str, dict]:
    """path -> counts to add to that organisation's own (see the module docstring): each
    hosted member's counts at the host, and taken away at the nearest organisation holding
    home and host when it lies in the subtree."""
    delta: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for h in hosted:
        mine = counts.get(h.member_id, {})
        meeting = common_ancestor_path(h.home_path, h.host_path)
        for key, value in mine.items():
            delta[h.host_path][key] += value
            if meeting.startswith(organisation.path):
                delta[meeting][key] -= value
    return delta


def by_child(*, organisation: Organisation, hosted: list[Hosted]) -> dict[str, list[Hosted]]:
    """child path -> the hosted members that child counts through the host: the host below
    that child and the home outside it."""
    width = len(organisation.path) + organisation.steplen
    children = defaultdict(list)
    for h in hosted:
        if len(h.host_path) < width:
            continue  # hosted at the organisation itself: no child counts them
        child = h.host_path[:width]
        if not h.home_path.startswith(child):
            children[child].append(h)
    return children
