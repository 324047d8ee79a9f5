"""Applying stored progress events: merged coverage, time credit bounded by real time.

Events arrive through learning.services.ingest, which stores them as pending; fold_pending
applies a member's pending events in arrival order, each with its arrival time as "now".

How time is credited (and why):
- Each member has one StudyClock row. A fold locks it (select_for_update), so one member's
  events are applied strictly one after another, even from 50 parallel requests.
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
"""

import datetime

from django.conf import settings
from django.db import transaction

from learning.models import (
    CreditDecision,
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
from learning.services.ingest import EventResult, decision_rows
from learning.services.segments import measure, merge, take, uncovered
from learning.services.study_time import Credit, study_time_credit_many

PARALLEL_WINDOW = datetime.timedelta(seconds=40)
FOLD_CHUNK = 500  # events applied per transaction, so a long offline backlog stays light


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
    while has_pending(member) and (limit is None or len(applied) < limit):
        chunk = FOLD_CHUNK if limit is None else min(FOLD_CHUNK, limit - len(applied))
        with transaction.atomic():
            clock = lock_clock(member)
            pending = list(
                ProgressEvent.objects.filter(member=member, outcome=EventOutcome.PENDING).order_by(
                    "received_at", "client_time", "id"
                )[:chunk]
            )
            if not pending:  # another fold took them while we waited for the lock
                break
            batch = FoldRows(member, pending)
            for event in pending:
                try:
                    applied[event.pk] = _apply(
                        batch, clock, event, batch.sections.get(event.section_id)
                    )
                except StudyError as error:
                    event.outcome, event.rejection = EventOutcome.REJECTED, error.code
                    applied[event.pk] = EventResult(
                        event.pk, "rejected", error.code, str(error.message)
                    )
            batch.write(pending)
            clock.save()
    return applied


class FoldRows:
    """The rows one fold touches, loaded once and written once (bulk), under the lock."""

    def __init__(self, member, pending):
        self.member = member
        self.sections = {
            s.pk: s
            for s in LectureSection.objects.filter(
                pk__in={event.section_id for event in pending}
            ).select_related("lecture")
        }
        self.progress = {
            p.section_id: p
            for p in SectionProgress.objects.filter(
                member=member, section_id__in=list(self.sections)
            )
        }
        self.new_progress, self.dirty = set(), set()
        self.new_decisions, self.completed = [], []

    def progress_for(self, section):
        progress = self.progress.get(section.pk)
        if progress is None:
            progress = SectionProgress(
                member=self.member, section=section, lecture_id=section.lecture_id
            )
            self.progress[section.pk] = progress
            self.new_progress.add(section.pk)
        return progress

    def write(self, events):
        SectionProgress.objects.bulk_create([self.progress[pk] for pk in self.new_progress])
        for pk in self.dirty - self.new_progress:
            self.progress[pk].save()
        ProgressEvent.objects.bulk_update(
            events, ["outcome", "credited_seconds", "rejection"], batch_size=FOLD_CHUNK
        )
        CreditDecision.objects.bulk_create(self.new_decisions)
        # The time credited, through the one writer of study time (the per-year and per-week
        # totals move with it); the event's id is its source key.
        study_time_credit_many(
            credits=[
                Credit(
                    member_id=self.member.pk,
                    seconds=event.credited_seconds,
                    at=event.received_at,
                    source=f"event:{event.pk}",
                    section_id=event.section_id,
                )
                for event in events
                if event.credited_seconds > 0
            ]
        )
        for lecture_id in {self.progress[pk].lecture_id for pk in self.new_progress}:
            LectureProgress.objects.get_or_create(member=self.member, lecture_id=lecture_id)
        if self.completed:
            from learning.services.completion import maybe_complete_lecture

            for lecture in {
                section.lecture.pk: section.lecture for section in self.completed
            }.values():
                maybe_complete_lecture(self.member, lecture)


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


def _apply(batch, clock, event, section):
    length = _check_still_open(event, section)
    now = event.received_at
    start, end = event.from_seconds, min(event.to_seconds, length)
    progress = batch.progress_for(section)
    segments = merge(progress.segments)
    gaps = uncovered(segments, start, end) if end > start else []
    new = measure(gaps)
    refused = []
    if (end - start) - new > EPSILON:
        refused.append((CreditReason.ALREADY_COVERED, (end - start) - new))

    # TOLERANCE and MAX_BANK (see above) are settings.STUDY_*, read per event.
    max_bank = datetime.timedelta(hours=settings.STUDY_MAX_BANK_HOURS)
    horizon = max(clock.credit_horizon or now, now - max_bank)
    credit = 0.0
    if new > EPSILON:
        if not event.visible and section.kind != SectionKind.AUDIO:
            refused.append((CreditReason.TAB_HIDDEN, new))
        else:
            tolerance = settings.STUDY_TOLERANCE_SECONDS
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
        clock.last_event_at, clock.last_section = now, section

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
        batch.completed.append(section)
    batch.dirty.add(section.pk)

    if credit > EPSILON:
        event.outcome = EventOutcome.PARTLY if refused else EventOutcome.CREDITED
    else:
        event.outcome = EventOutcome.NOT_CREDITED if refused else EventOutcome.CREDITED
    event.credited_seconds = credit
    decisions = [
        CreditDecision(
            event=event, member=batch.member, section=section, reason=reason, seconds=seconds
        )
        for reason, seconds in refused
    ]
    batch.new_decisions.extend(decisions)
    return EventResult(
        event.pk,
        "accepted",
        credited_seconds=round(credit, 2),
        decisions=decision_rows(decisions),
        section=section_state(progress, section),
    )
