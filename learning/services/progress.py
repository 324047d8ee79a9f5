"""Applying stored progress events: merged coverage, time credit bounded by real time.

Events arrive through learning.services.ingest, which stores them as pending; fold_pending
applies a member's pending events in arrival order, each with its arrival time as "now", and
fold_members does the same for many members at once (the worker's way, no answers built).

How time is credited (and why):
- Each member has one StudyClock row. A fold locks it (select_for_update), so one member's
  events are applied strictly one after another, even from 50 parallel requests or two
  workers folding the same member.
- The clock keeps a *credit horizon*: the server time up to which real time has already been
  spent on credit. An event may be credited at most `now + TOLERANCE - horizon` seconds; the
  horizon then moves on by what was credited. So the time credited to a member never runs more
  than TOLERANCE ahead of the time that really passed, whether events come one by one, out of
  order or as an offline batch, and two sections playing at once share the same real time
  (the second one is refused as "parallel"). Unused time is banked for at most MAX_BANK
  (an offline batch sent within that window is credited in full).
- Only credited seconds become coverage. A segment that jumps ahead (a seek to the end) or
  covers more than the elapsed time adds no coverage beyond what was really played, so a
  section cannot be completed by skipping.
- Reading sections use reading time as their timeline; the client counts it only while the
  page is visible, and hidden time (visible=false) is refused as "tab_hidden".

How it keeps up with arrival (see learning/README.md, "Applying progress"): a chunk of events
is read, applied in memory and written back set-based, in one transaction under the locks of
its members: one UPDATE for the events, one INSERT for the decisions, one for the credits,
whatever the chunk's size. Per event only arithmetic is left.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cms.models import Member
from learning.models import (
    CreditReason,
    EventOutcome,
    LectureProgress,
    LectureSection,
    ProgressEvent,
    SectionProgress,
    StudyClock,
)
from learning.models.lectures import SectionKind
from learning.section_state import EPSILON, completion_threshold, section_length, section_state
from learning.services.errors import StudyError, lecture_closed_error
from learning.services.fold_rows import Decision, FoldEvent, insert_decisions, update_events
from learning.services.results import EventResult, decision_rows
from learning.services.segments import measure, merge, take, uncovered
from learning.services.study_time import Credit, study_time_credit_many

PARALLEL_WINDOW = datetime.timedelta(seconds=40)
FLOAT_NOISE = 1e-9  # seconds: below this a difference is binary float error, not time
FOLD_CHUNK = 1000  # events applied per transaction, so a long offline backlog stays light
MEMBERS_PER_FOLD = 50  # members whose locks one transaction of fold_members holds


def lock_clock(member):
    """Take the member's study lock for the current transaction; returns the clock row."""
    clock = StudyClock.objects.select_for_update().filter(member=member).first()
    if clock is None:
        StudyClock.objects.get_or_create(member=member)  # first contact; races are handled
        clock = StudyClock.objects.select_for_update().get(member=member)
    return clock


def has_pending(member):
    return ProgressEvent.objects.filter(member=member, outcome=EventOutcome.PENDING).exists()


def fold_pending(member, limit=None):
    """Apply the member's pending events (the oldest `limit`, if given); returns {event id:
    EventResult} for those applied.

    Cheap when nothing waits (one indexed query), so every read of a member's progress calls
    it first and sees its own latest events.
    """
    applied = {}
    if not has_pending(member):
        return applied
    while limit is None or len(applied) < limit:
        chunk = FOLD_CHUNK if limit is None else min(FOLD_CHUNK, limit - len(applied))
        with transaction.atomic():
            clocks = {member.pk: lock_clock(member)}
            _, more = _fold_chunk(clocks, chunk, applied, members={member.pk: member})
        if not more:  # nothing more waited when the chunk was read
            break
    return applied


def fold_members(member_ids, *, limit=None):
    """Apply the pending events of these members (about `limit` at most, if given): what the
    worker's task and the minute sweep run. Returns how many events were applied.

    Up to MEMBERS_PER_FOLD members share one transaction: their clocks are locked in one
    statement, in member order (two folds of overlapping members wait for each other, they
    never deadlock), and their events are read, applied and written together.
    """
    waiting = ProgressEvent.objects.filter(member_id=OuterRef("pk"), outcome=EventOutcome.PENDING)
    ids = list(
        Member.objects.filter(Exists(waiting), pk__in=set(member_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:  # the cheap answer when nothing waits (one indexed query)
        return 0
    # First contact makes the lock rows, outside the locking transaction (one statement).
    StudyClock.objects.bulk_create(
        [StudyClock(member_id=pk) for pk in ids], ignore_conflicts=True, batch_size=500
    )
    total = 0
    for start in range(0, len(ids), MEMBERS_PER_FOLD):
        group = ids[start : start + MEMBERS_PER_FOLD]
        while limit is None or total < limit:
            chunk = FOLD_CHUNK if limit is None else min(FOLD_CHUNK, limit - total)
            with transaction.atomic():
                clocks = {
                    clock.member_id: clock
                    for clock in StudyClock.objects.select_for_update()
                    .filter(member_id__in=group)
                    .order_by("member_id")
                }
                count, more = _fold_chunk(clocks, chunk, None)
            total += count
            if not more:
                break
        if limit is not None and total >= limit:
            break
    return total


def _pending(member_ids, chunk):
    """The oldest pending events of these members, about `chunk` of them, in arrival order
    per member, and whether more may wait. For several members each one's share is read
    through its own range of the pending index (a UNION ALL of per-member LIMITs), so a
    long backlog is never sorted whole and one member's backlog cannot starve the others."""
    events = ProgressEvent.objects.filter(outcome=EventOutcome.PENDING)
    order = ("member_id", "received_at", "client_time", "id")
    if len(member_ids) == 1:
        events = events.filter(member_id=member_ids[0]).order_by(*order)
        rows = [FoldEvent(*row) for row in events.values_list(*FoldEvent.FIELDS)[:chunk]]
        return rows, len(rows) == chunk
    share = max(chunk // len(member_ids), 50)
    table = ProgressEvent._meta.db_table
    parts = [
        # The literal 'pending' lets PostgreSQL use the partial index of pending events.
        f"SELECT * FROM (SELECT id FROM {table} WHERE member_id = %s "  # noqa: S608 (table from the model)
        f"AND outcome = 'pending' ORDER BY received_at, client_time, id LIMIT %s) AS p{n}"
        for n in range(len(member_ids))
    ]
    params = [value for pk in member_ids for value in (pk, share)]
    events = events.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611
    events = events.order_by(*order)
    rows = [FoldEvent(*row) for row in events.values_list(*FoldEvent.FIELDS)]
    counts = Counter(event.member_id for event in rows)
    return rows, any(count >= share for count in counts.values())


def _fold_chunk(clocks, chunk, results, members=None):
    """Read, apply and write one chunk under the locks already held on `clocks`; fills
    `results` ({id: EventResult}) if given. Returns how many events were applied and
    whether more may wait."""
    pending, more = _pending(sorted(clocks), chunk) if clocks else ([], False)
    if not pending:
        return 0, False
    rows = FoldRows(pending, members or {})
    max_bank = datetime.timedelta(hours=settings.STUDY_MAX_BANK_HOURS)
    tolerance = settings.STUDY_TOLERANCE_SECONDS
    for event in pending:
        try:
            result = _apply(
                rows,
                clocks[event.member_id],
                event,
                rows.sections.get(event.section_id),
                max_bank,
                tolerance,
                results is not None,
            )
        except StudyError as error:
            event.outcome, event.rejection = EventOutcome.REJECTED, error.code
            result = EventResult(event.pk, "rejected", error.code, str(error.message))
        if results is not None:
            results[event.pk] = result
    rows.write(pending, clocks)
    return len(pending), more


class FoldRows:
    """The rows one chunk touches, loaded once and written once (set-based), under the locks."""

    def __init__(self, pending, members):
        self.members = members
        self.sections = {
            s.pk: s
            for s in LectureSection.objects.filter(
                pk__in={event.section_id for event in pending}
            ).select_related("lecture")
        }
        self.progress = {}
        for progress in SectionProgress.objects.filter(
            member_id__in={event.member_id for event in pending},
            section_id__in=list(self.sections),
        ):
            # Merged once here, then kept merged by each event applied.
            progress.segments = merge(progress.segments)
            progress.covered_seconds = measure(progress.segments)
            self.progress[(progress.member_id, progress.section_id)] = progress
        self.new_progress, self.dirty = set(), set()
        self.decisions, self.completed = [], []

    def progress_for(self, member_id, section):
        key = (member_id, section.pk)
        progress = self.progress.get(key)
        if progress is None:
            progress = SectionProgress(
                member_id=member_id, section=section, lecture_id=section.lecture_id
            )
            self.progress[key] = progress
            self.new_progress.add(key)
        return progress

    def write(self, events, clocks):
        now = timezone.now()
        SectionProgress.objects.bulk_create([self.progress[key] for key in self.new_progress])
        changed = [self.progress[key] for key in self.dirty - self.new_progress]
        for progress in changed:
            progress.updated_at = now  # auto_now is not applied by bulk_update
        SectionProgress.objects.bulk_update(changed, PROGRESS_FIELDS)
        update_events(events)
        insert_decisions(self.decisions, now)
        # The time credited, through the one writer of study time (the per-year and per-week
        # totals move with it); the event's id is its source key.
        study_time_credit_many(
            credits=[
                Credit(
                    member_id=event.member_id,
                    seconds=event.credited_seconds,
                    at=event.received_at,
                    source=f"event:{event.pk}",
                    section_id=event.section_id,
                )
                for event in events
                if event.credited_seconds > 0
            ]
        )
        touched = {e.member_id for e in events}
        StudyClock.objects.bulk_update(
            [clocks[pk] for pk in touched], ["credit_horizon", "last_event_at", "last_section"]
        )
        started = {(m, self.progress[(m, s)].lecture_id) for m, s in self.new_progress}
        LectureProgress.objects.bulk_create(
            [LectureProgress(member_id=m, lecture_id=lecture) for m, lecture in sorted(started)],
            ignore_conflicts=True,
        )
        if self.completed:
            from learning.services.completion import maybe_complete_lecture

            for member_id, lecture in {
                (m, section.lecture.pk): (m, section.lecture) for m, section in self.completed
            }.values():
                member = self.members.get(member_id) or Member.objects.get(pk=member_id)
                maybe_complete_lecture(member, lecture)


PROGRESS_FIELDS = [
    "segments",
    "covered_seconds",
    "credited_seconds",
    "position",
    "position_client_time",
    "completed_at",
    "updated_at",
]


def _check_still_open(event, section):
    """An event valid on arrival stays valid unless its lecture went away meanwhile."""
    if section is None:
        raise StudyError("unknown_section")
    if not section.lecture.is_open_for_study(event.received_at):
        raise lecture_closed_error(section.lecture)
    length = section_length(section)
    if length <= 0:
        raise StudyError("no_length")
    return length


def _apply(rows, clock, event, section, max_bank, tolerance, answer):
    length = _check_still_open(event, section)
    now = event.received_at
    start, end = event.from_seconds, min(event.to_seconds, length)
    progress = rows.progress_for(event.member_id, section)
    segments = progress.segments  # merged (FoldRows)
    gaps = uncovered(segments, start, end) if end > start else []
    new = measure(gaps)
    refused = []
    if (end - start) - new > EPSILON:
        refused.append((CreditReason.ALREADY_COVERED, (end - start) - new))

    horizon = max(clock.credit_horizon or now, now - max_bank)
    credit = 0.0
    # Any uncovered time is creditable, however small: a gap under EPSILON (5.0 to 5.01
    # measures 0.00999...) left by rounding or a partly credited segment was otherwise never
    # filled, and two of them kept a section short of complete for good.
    if new > FLOAT_NOISE:
        if not event.visible and section.kind != SectionKind.AUDIO:
            refused.append((CreditReason.TAB_HIDDEN, new))
        else:
            available = max(0.0, (now - horizon).total_seconds() + tolerance)
            credit = min(new, available)
            if new - credit > EPSILON:
                parallel = (
                    clock.last_section_id not in (None, section.pk)
                    and clock.last_event_at
                    and now - clock.last_event_at < PARALLEL_WINDOW
                )
                refused.append(
                    (CreditReason.PARALLEL if parallel else CreditReason.TOO_FAST, new - credit)
                )
            horizon += datetime.timedelta(seconds=credit)
    clock.credit_horizon = horizon
    if end > start:
        clock.last_event_at, clock.last_section_id = now, section.pk

    if credit > 0:
        progress.segments = merge(segments + take(gaps, credit))
        progress.covered_seconds = measure(progress.segments)
        progress.credited_seconds += credit
    if progress.position_client_time is None or event.client_time >= progress.position_client_time:
        position = event.position if event.position is not None else end
        progress.position = min(max(position, 0.0), length)
        progress.position_client_time = event.client_time
    if (
        progress.completed_at is None
        and progress.covered_seconds >= completion_threshold(section) - EPSILON
    ):
        progress.completed_at = now
        rows.completed.append((event.member_id, section))
    rows.dirty.add((event.member_id, section.pk))

    if credit > FLOAT_NOISE:
        event.outcome = EventOutcome.PARTLY if refused else EventOutcome.CREDITED
    else:
        event.outcome = EventOutcome.NOT_CREDITED if refused else EventOutcome.CREDITED
    event.credited_seconds = credit
    decisions = [
        Decision(event.pk, event.member_id, section.pk, reason.value, seconds)
        for reason, seconds in refused
    ]
    rows.decisions.extend(decisions)
    if not answer:
        return None
    return EventResult(
        event.pk,
        "accepted",
        credited_seconds=round(credit, 2),
        decisions=decision_rows(decisions),
        section=section_state(progress, section),
    )
