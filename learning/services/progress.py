"""Applying progress events: idempotent, merged coverage, time credit bounded by real time.

How time is credited (and why):
- Each member has one StudyClock row. Every request locks it (select_for_update), so one
  member's events are applied strictly one after another, even from 50 parallel requests.
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
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import (
    CreditDecision, CreditReason, EventOutcome, LectureProgress, LectureSection, ProgressEvent,
    SectionProgress, StudyClock,
)
from learning.models.lectures import SectionKind
from learning.services.errors import StudyError, lecture_closed_error
from learning.services.segments import measure, merge, take, uncovered

TOLERANCE = getattr(settings, "XF_STUDY_TOLERANCE_SECONDS", 5)
MAX_BANK = datetime.timedelta(hours=getattr(settings, "XF_STUDY_MAX_BANK_HOURS", 6))
PARALLEL_WINDOW = datetime.timedelta(seconds=40)
COMPLETE_SHARE = 0.9  # of a video or audio; a reading section needs its full minimum time
END_SLACK = 2.0  # media durations are rounded; a report this far past the end is clipped
EPSILON = 0.01


@dataclass
class EventInput:
    id: object  # uuid.UUID
    section_id: int
    from_seconds: float
    to_seconds: float
    client_time: datetime.datetime
    position: float | None = None
    visible: bool = True


@dataclass
class EventResult:
    id: object
    status: str  # accepted | duplicate | conflict | rejected
    code: str = ""
    message: str = ""
    credited_seconds: float = 0.0
    decisions: list = field(default_factory=list)
    section: dict | None = None


def content_hash(member_id, event):
    payload = [member_id, event.section_id, round(event.from_seconds, 3),
               round(event.to_seconds, 3),
               None if event.position is None else round(event.position, 3),
               bool(event.visible), event.client_time.isoformat()]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def section_length(section):
    return float(section.expected_seconds or 0)


def completion_threshold(section):
    length = section_length(section)
    return length if section.kind == SectionKind.READING else length * COMPLETE_SHARE


def section_state(progress, section):
    length = section_length(section)
    return {
        "section": section.pk,
        "covered_seconds": round(progress.covered_seconds, 1) if progress else 0.0,
        "credited_seconds": round(progress.credited_seconds, 1) if progress else 0.0,
        "position": round(progress.position, 1) if progress else 0.0,
        "length_seconds": length,
        "percent": min(100, int(100 * progress.covered_seconds / length))
        if progress and length else 0,
        "completed": bool(progress and progress.completed_at),
    }


def lock_clock(member):
    """Take the member's study lock for the current transaction; returns the clock row."""
    clock = StudyClock.objects.select_for_update().filter(member=member).first()
    if clock is None:
        StudyClock.objects.get_or_create(member=member)  # first contact; races are handled
        clock = StudyClock.objects.select_for_update().get(member=member)
    return clock


class _Batch:
    """The rows one request touches, loaded once and written once (bulk), under the lock."""

    def __init__(self, member, events):
        self.member = member
        self.seen = {e.pk: e for e in ProgressEvent.objects.filter(
            id__in=[ev.id for ev in events]).prefetch_related("decisions")}
        self.sections = {s.pk: s for s in LectureSection.objects.filter(
            pk__in={ev.section_id for ev in events}).select_related("lecture")}
        self.progress = {p.section_id: p for p in SectionProgress.objects.filter(
            member=member, section_id__in=list(self.sections))}
        self.new_progress, self.dirty = set(), set()
        self.new_events, self.new_decisions, self.completed = [], [], []

    def progress_for(self, section):
        progress = self.progress.get(section.pk)
        if progress is None:
            progress = SectionProgress(member=self.member, section=section,
                                       lecture_id=section.lecture_id)
            self.progress[section.pk] = progress
            self.new_progress.add(section.pk)
        return progress

    def write(self):
        SectionProgress.objects.bulk_create(
            [self.progress[pk] for pk in self.new_progress])
        for pk in self.dirty - self.new_progress:
            self.progress[pk].save()
        ProgressEvent.objects.bulk_create(self.new_events)
        CreditDecision.objects.bulk_create(self.new_decisions)
        for lecture_id in {self.progress[pk].lecture_id for pk in self.new_progress}:
            LectureProgress.objects.get_or_create(member=self.member, lecture_id=lecture_id)
        if self.completed:
            from learning.services.completion import maybe_complete_lecture

            for lecture in {section.lecture.pk: section.lecture
                            for section in self.completed}.values():
                maybe_complete_lecture(self.member, lecture)


def record_events(member, events, *, now=None):
    """Apply a member's events (one or a batch); returns one EventResult per event, in order.

    Events are applied in client-time order under the member's lock; the rows they change
    are read once and written once per request. A rejected or conflicting event changes
    nothing; a repeated event (same id, same content) is a no-op.
    """
    now = now or timezone.now()
    results = {}
    with transaction.atomic():
        clock = lock_clock(member)
        batch = _Batch(member, events)
        ordered = sorted(enumerate(events), key=lambda pair: pair[1].client_time)
        for index, event in ordered:
            digest = content_hash(member.pk, event)
            previous = batch.seen.get(event.id)
            if previous is not None:
                results[index] = _repeat(previous, member, digest, batch)
                continue
            try:
                results[index] = _apply(batch, clock, event, digest,
                                        batch.sections.get(event.section_id), now)
            except StudyError as error:
                results[index] = EventResult(event.id, "rejected", error.code,
                                             str(error.message))
        batch.write()
        clock.save()
    return [results[i] for i in range(len(events))]


def _decision_rows(decisions):
    return [{"reason": str(d.reason), "seconds": round(d.seconds, 1),
             "message": str(CreditReason(d.reason).label)} for d in decisions]


def _repeat(previous, member, digest, batch):
    if previous.member_id != member.pk or previous.content_hash != digest:
        return EventResult(previous.pk, "conflict", "conflict",
                           _("This event id was already used for different progress."))
    section = batch.sections.get(previous.section_id) or previous.section
    pending = getattr(previous, "pending_decisions", None)
    decisions = pending if pending is not None else previous.decisions.all()
    return EventResult(previous.pk, "duplicate", credited_seconds=previous.credited_seconds,
                       decisions=_decision_rows(decisions),
                       section=section_state(batch.progress.get(section.pk), section))


def _validate(event, section, now):
    if section is None:
        raise StudyError("unknown_section", _("There is no such lecture section."))
    lecture = section.lecture
    if not lecture.is_open_for_study(now):
        raise lecture_closed_error(lecture)
    length = section_length(section)
    if length <= 0:
        raise StudyError("no_length", _("This section has no length set; tell the editor."))
    if event.from_seconds < 0 or event.to_seconds < 0:
        raise StudyError("negative", _("Progress cannot be negative."))
    if event.to_seconds < event.from_seconds:
        raise StudyError("backward", _("A played segment cannot end before it starts."))
    if event.to_seconds > length + END_SLACK:
        raise StudyError("beyond_end", _("The played segment runs past the end of the section."))
    if event.position is not None and not 0 <= event.position <= length + END_SLACK:
        raise StudyError("bad_position", _("The resume position lies outside the section."))
    return length


def _apply(batch, clock, event, digest, section, now):
    length = _validate(event, section, now)
    start, end = event.from_seconds, min(event.to_seconds, length)
    progress = batch.progress_for(section)
    segments = merge(progress.segments)
    gaps = uncovered(segments, start, end) if end > start else []
    new = measure(gaps)
    refused = []
    if (end - start) - new > EPSILON:
        refused.append((CreditReason.ALREADY_COVERED, (end - start) - new))

    horizon = max(clock.credit_horizon or now, now - MAX_BANK)
    credit = 0.0
    if new > EPSILON:
        if not event.visible and section.kind != SectionKind.AUDIO:
            refused.append((CreditReason.TAB_HIDDEN, new))
        else:
            available = max(0.0, (now - horizon).total_seconds() + TOLERANCE)
            credit = min(new, available)
            if new - credit > EPSILON:
                parallel = (clock.last_section_id not in (None, section.pk)
                            and clock.last_event_at and now - clock.last_event_at
                            < PARALLEL_WINDOW)
                refused.append((CreditReason.PARALLEL if parallel else CreditReason.TOO_FAST,
                                new - credit))
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
    if (progress.completed_at is None
            and progress.covered_seconds >= completion_threshold(section) - EPSILON):
        progress.completed_at = now
        batch.completed.append(section)
    batch.dirty.add(section.pk)

    if credit > EPSILON:
        outcome = EventOutcome.PARTLY if refused else EventOutcome.CREDITED
    else:
        outcome = EventOutcome.NOT_CREDITED if refused else EventOutcome.CREDITED
    stored = ProgressEvent(
        id=event.id, member=batch.member, section=section, from_seconds=event.from_seconds,
        to_seconds=event.to_seconds, position=progress.position, visible=event.visible,
        client_time=event.client_time, content_hash=digest, received_at=now,
        credited_seconds=credit, outcome=outcome)
    decisions = [CreditDecision(event=stored, member=batch.member, section=section,
                                reason=reason, seconds=seconds) for reason, seconds in refused]
    stored.pending_decisions = decisions  # a repeat later in the same batch answers from it
    batch.new_events.append(stored)
    batch.new_decisions.extend(decisions)
    batch.seen[event.id] = stored
    return EventResult(event.id, "accepted", credited_seconds=round(credit, 2),
                       decisions=_decision_rows(decisions),
                       section=section_state(progress, section))
