"""Reads for the secretary's workspace: figures over an organisation's subtree.

Everything is counted in the database, grouped by organisation (a handful of GROUP BY queries
whatever the size of the subtree, learning.branch.counts); Python then only adds up those
per-organisation rows for each node shown (the subtree itself and each child compared side by
side), never per member. Members listed by name (the members behind) are counted from the same
per-organisation counts and read one lecture at a time, filtered, sorted and paged in SQL.
"""

import datetime
from dataclasses import dataclass, replace
from functools import cached_property

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cms.models import HostStatus, Member, Organisation
from learning.branch.counts import (
    assignments_for_subtree,
    deeper_path,
    members_by_organisation,
    progress_counts,
    subtree_counts,
    year_fraction,
)

# Read from here by learning.branch.schedule and learning.branch.comparison.
from learning.branch.counts import quota_seconds_expression as quota_seconds_expression
from learning.branch.counts import study_seconds as study_seconds
from learning.branch.hosted import hosted_in, progress_of
from learning.branch.quota import ShortOfQuota
from learning.branch.quota import hours_row as hours_row
from learning.branch.rows import SliceableRows


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


class LocalTime(Func):
    """A timestamp as the current time zone's wall-clock time, without zone, for exports.

    On PostgreSQL converted in the query: psycopg then reads a plain timestamp in C, where
    Django's loader for an aware one is Python (about half the cost of reading an export's
    rows). Elsewhere the value comes back aware, and the export converts it."""

    output_field = DateTimeField()

    def __init__(self, name: str):
        super().__init__(F(name))

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} AT TIME ZONE %s)", (*params, timezone.get_current_timezone_name())


@dataclass(frozen=True)
class RowBlock:
    """The rows of one lecture and due date: the assignments (usually one) reaching the scope,
    each through the subtree at `path`. Blocks come in the rows' order."""

    lecture_id: int
    title: str
    due_on: datetime.date
    overdue: bool
    paths: tuple


class MemberRows(SliceableRows):
    """The answer of member_rows: rows in the order due date, lecture, organisation, name.

    Works where a queryset did (learning.branch.rows), but counts without reading the rows:
    the size of each block by status follows from the members per organisation and the
    progress counts per lecture and organisation (see block_sizes). A page or an export then
    reads only the blocks it needs, each a query over one lecture sorted in the database."""

    def __init__(self, *, scope: Organisation, blocks: list, wanted: tuple | None):
        self.scope, self.blocks, self.wanted = scope, blocks, wanted

    @cached_property
    def extras(self) -> list[list]:
        """Per block, the members away from home it reaches through their host only
        (learning.branch.hosted): rows besides the home members of its subtrees."""
        if not self.blocks:
            return []
        hosted = hosted_in(organisation=self.scope)
        return [[h for h in hosted if h.reached_by(block.paths)] for block in self.blocks]

    @cached_property
    def sizes(self) -> list[int]:
        return block_sizes(
            scope=self.scope, blocks=self.blocks, wanted=self.wanted, extras=self.extras
        )

    def count(self) -> int:
        return sum(self.sizes)

    def block_rows(self, block: RowBlock, *, local_times: bool = False):
        """The block's rows, a values() queryset sorted like the whole (with local_times,
        started_at and completed_at as local wall-clock times, see LocalTime)."""
        moment = LocalTime if local_times else F
        standing = Case(
            When(lp__completed_at__isnull=False, then=Value(Status.COMPLETED)),
            *([When(pk__isnull=False, then=Value(Status.OVERDUE))] if block.overdue else []),
            When(lp__id__isnull=False, then=Value(Status.IN_PROGRESS)),
            default=Value(Status.NOT_STARTED),
            output_field=CharField(),
        )

        def part(members, fields, **where):
            """These members' rows: their standing on the block's lecture, and `where`
            (the organisation they are counted in, hosted or not)."""
            members = members.annotate(
                lp=FilteredRelation(
                    "lecture_progress",
                    condition=Q(lecture_progress__lecture_id=block.lecture_id),
                ),
                status=standing,
                lecture_id=Value(block.lecture_id, output_field=IntegerField()),
                lecture_title=Value(block.title, output_field=CharField()),
                due_on=Value(block.due_on, output_field=DateField()),
                started_at=moment("lp__started_at"),
                completed_at=moment("lp__completed_at"),
                member_id=F("pk"),
                **where,
            ).order_by()
            if self.wanted:
                members = members.filter(status__in=self.wanted)
            return members.values(*fields)

        parts = [
            part(
                Member.objects.filter(organisation__path__startswith=path),
                ROW_FIELDS,
                organisation_name=F("organisation__name"),
                hosted=Value(False, output_field=BooleanField()),
                home_organisation_name=Value(None, output_field=CharField()),
            )
            for path in block.paths
        ]
        extras = self.extras[self.blocks.index(block)]
        if extras:
            # Members away from home reached through their host only: the host as their
            # organisation, the home named (a union keeps columns by position: same order).
            host = FilteredRelation(
                "host_memberships", condition=Q(host_memberships__status=HostStatus.ACCEPTED)
            )
            parts.append(
                part(
                    Member.objects.filter(pk__in=[h.member_id for h in extras]).annotate(host=host),
                    ["host_organisation_id" if f == "organisation_id" else f for f in ROW_FIELDS],
                    host_organisation_id=F("host__organisation_id"),
                    organisation_name=F("host__organisation__name"),
                    hosted=Value(True, output_field=BooleanField()),
                    home_organisation_name=F("organisation__name"),
                )
            )
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return rows.order_by("organisation_name", "name", "member_id")

    def rows(self, start: int, stop: int | None) -> list[dict]:
        rows, offset = [], 0
        for block, size in zip(self.blocks, self.sizes, strict=True):
            if stop is not None and offset >= stop:
                break
            low = max(start - offset, 0)
            high = size if stop is None else min(stop - offset, size)
            if low < high:
                rows += self.block_rows(block)[low:high]
            offset += size
        return rows

    def iterator(self, chunk_size: int = 2000):
        """Every row, block by block, each streamed from the database in chunks."""
        for block, size in zip(self.blocks, self.sizes, strict=True):
            if size:
                yield from self.block_rows(block).iterator(chunk_size=chunk_size)

    def tuples(self, chunk_size: int = 2000):
        """Like iterator(), as tuples in ROW_FIELDS order, the times local (LocalTime): what
        an export of every row reads (a tuple costs less to build than a dict, 300,000 times
        over)."""
        for block, size in zip(self.blocks, self.sizes, strict=True):
            if size:
                rows = self.block_rows(block, local_times=True).values_list(*ROW_FIELDS)
                yield from rows.iterator(chunk_size=chunk_size)


ROW_FIELDS = (
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
    # A member away from home counted here through their host (the row's organisation),
    # and the name of their home organisation (else False and None).
    "hosted",
    "home_organisation_name",
)


def block_sizes(
    *, scope: Organisation, blocks: list, wanted: tuple | None, extras: list | None = None
) -> list[int]:
    """How many rows each block has, from per-organisation counts (two or three GROUP BY
    queries over the scope, whatever its size). A member has at most one progress row per
    lecture, so over the members M of a block's subtree, S of them started and C completed:
    completed C, overdue M - C (past the due date, else 0), in progress S - C and not
    started M - S (before the due date, else 0). `extras`: per block, the members away from
    home it reaches through their host only (MemberRows.extras), counted one by one."""
    if not blocks:
        return []
    extras = extras or [[] for _block in blocks]
    extra_progress = progress_of(
        [h.member_id for block in extras for h in block], {block.lecture_id for block in blocks}
    )
    paths = dict(scope.subtree().values_list("pk", "path"))
    members = members_by_organisation(organisation=scope)
    progress = (
        progress_counts(organisation=scope, lecture_ids={block.lecture_id for block in blocks})
        if wanted
        else {}
    )
    sizes = []
    for block in blocks:
        size = 0
        for path in block.paths:
            within = [pk for pk, node_path in paths.items() if node_path.startswith(path)]
            total = sum(members.get(pk, 0) for pk in within)
            if not wanted:
                size += total
                continue
            started = sum(progress.get((block.lecture_id, pk), (0, 0))[0] for pk in within)
            completed = sum(progress.get((block.lecture_id, pk), (0, 0))[1] for pk in within)
            by_status = {
                Status.COMPLETED: completed,
                Status.OVERDUE: total - completed if block.overdue else 0,
                Status.IN_PROGRESS: 0 if block.overdue else started - completed,
                Status.NOT_STARTED: 0 if block.overdue else total - started,
            }
            size += sum(by_status[status] for status in wanted)
        for h in extras[len(sizes)]:
            started, completed = extra_progress.get((h.member_id, block.lecture_id), (0, 0))
            if not wanted:
                size += 1
            elif completed:
                size += Status.COMPLETED in wanted
            elif block.overdue:
                size += Status.OVERDUE in wanted
            else:
                size += (Status.IN_PROGRESS if started else Status.NOT_STARTED) in wanted
        sizes.append(size)
    return sizes


def member_rows(
    *,
    organisation: Organisation,
    lecture_id: int | None = None,
    status: str | None = None,
    sub_organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> MemberRows:
    """One row per member and assigned lecture in the subtree (or a sub-organisation of it),
    with the member's standing (dicts of ROW_FIELDS), ordered by due date, lecture,
    organisation, name. Filters, ordering and paging happen in the database."""
    today = timezone.localdate(now or timezone.now())
    scope = sub_organisation or organisation
    blocks = {}
    for assignment in assignments_for_subtree(organisation=organisation):
        if lecture_id is not None and assignment.lecture_id != lecture_id:
            continue
        path = deeper_path(assignment.organisation.path, scope.path)
        if path is None:
            continue
        key = (assignment.due_on, assignment.lecture_id)
        block = blocks.get(key) or RowBlock(
            lecture_id=assignment.lecture_id,
            title=assignment.lecture.title,
            due_on=assignment.due_on,
            overdue=assignment.due_on < today,
            paths=(),
        )
        # Subtrees of one block never overlap: a node inside another adds nobody.
        if not any(path.startswith(other) for other in block.paths):
            kept = tuple(other for other in block.paths if not other.startswith(path))
            blocks[key] = replace(block, paths=(*kept, path))
        else:
            blocks[key] = block
    return MemberRows(
        scope=scope,
        blocks=[blocks[key] for key in sorted(blocks)],
        wanted=Status.SELECTS.get(status) if status else None,
    )


def members_short_of_quota(
    *,
    organisation: Organisation,
    sub_organisation: Organisation | None = None,
    now: datetime.datetime | None = None,
) -> ShortOfQuota:
    """Members of the subtree behind the pro-rated yearly quota, furthest behind first."""
    return ShortOfQuota(scope=sub_organisation or organisation, now=now or timezone.now())


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
