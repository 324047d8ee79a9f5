"""Study credit for attending a lecture session (线下+线上).

A member present at a session of a lecture is credited with the session's time as study
(learning.services.study_time, source "session:<meeting>:<member>", so closing twice or a
retry never credits twice) and the session counts toward the lecture's completion as online
study does: its sections count as studied, and the lecture completes (with its points) by the
same rule, maybe_complete_lecture, so a quiz still has to be passed.

"Never twice for the same time": the time credited is the session's time (for a member
attending online, their own joined-left time within it) minus whatever of that wall-clock time
the member already has credited as study, online or from another session. A credited row
stands for the interval [credited_at - seconds, credited_at]. So a member who watched the
lecture's video on a phone during the session gets the session's time once, not twice.
Online study sent *after* the session for time inside it is the fold's to judge (its credit
horizon), not this module's.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cms.services import member_lock
from learning.meetings.models import CheckInMethod
from learning.models import SectionProgress, StudyCredit
from learning.services.completion import maybe_complete_lecture
from learning.services.progress import lock_clock
from learning.services.study_time import study_time_credit

# Credited intervals reach back at most this far from their credited_at (a batch is capped).
LOOKBACK = datetime.timedelta(hours=12)


def source_key(meeting, member_id) -> str:
    return f"session:{meeting.pk}:{member_id}"


def attended_interval(meeting, attendance, check_in):
    if check_in.method == CheckInMethod.ONLINE and attendance.online_joined_at:
        start = max(meeting.starts_at, attendance.online_joined_at)
        end = min(meeting.ends_at, attendance.online_left_at or meeting.ends_at)
        return start, end
    return meeting.starts_at, meeting.ends_at


def credited_overlap(member_id, start, end, *, exclude_source="") -> float:
    """Seconds of [start, end) the member already has credited as study (intervals merged)."""
    rows = (
        StudyCredit.objects.filter(
            member_id=member_id, credited_at__gt=start, credited_at__lt=end + LOOKBACK
        )
        .exclude(source=exclude_source)
        .values_list("credited_at", "seconds")
    )
    spans = sorted(
        (max(start, at - datetime.timedelta(seconds=s)), min(end, at))
        for at, s in rows
        if min(end, at) > max(start, at - datetime.timedelta(seconds=s))
    )
    total, reach = 0.0, start
    for lo, hi in spans:
        lo = max(lo, reach)
        if hi > lo:
            total += (hi - lo).total_seconds()
            reach = hi
    return total


def session_credit(*, meeting, attendance, check_in, now=None) -> float:
    """Credit one present member for one session; returns the seconds newly credited."""
    now = now or timezone.now()
    member = attendance.member
    start, end = attended_interval(meeting, attendance, check_in)
    source = source_key(meeting, member.pk)
    with transaction.atomic():
        # The fold's lock first, then the member's (cms.services.member_lock's order): an
        # online event for this member cannot be credited between the overlap read and ours.
        lock_clock(member)
        member_lock(member)
        if StudyCredit.objects.filter(source=source).exists():
            return 0.0
        seconds = max(0.0, (end - start).total_seconds() - credited_overlap(member.pk, start, end))
        credited = (
            seconds
            if study_time_credit(member=member, seconds=seconds, at=end, source=source)
            else 0.0
        )
        _sections_studied(member, meeting.lecture, now)
        maybe_complete_lecture(member, meeting.lecture, now=now)
    return credited


def _sections_studied(member, lecture, now):
    for section in lecture.sections.all():
        length = float(section.expected_seconds)
        progress, _created = SectionProgress.objects.get_or_create(
            member=member, section=section, defaults={"lecture": lecture}
        )
        if progress.completed_at is None:
            progress.segments = [[0.0, length]]
            progress.covered_seconds = length
            progress.completed_at = now
            progress.save(
                update_fields=["segments", "covered_seconds", "completed_at", "updated_at"]
            )
