"""Lecture sessions (线下+线上): sign-up within the capacity; attending credits the session's
time as study once, minus time already credited online for the same wall-clock time, and
counts toward the lecture's completion as online study does."""

import datetime

import pytest
from django.utils import timezone

from learning.meetings import codes
from learning.meetings.models import MeetingKind
from learning.meetings.services import MeetingError, check_in, meeting_close, session_sign_up
from learning.meetings.study import credited_overlap
from learning.models import LectureProgress, PointsEntry, PointsReason, StudyCredit
from learning.services.study_time import study_time_credit
from tests.meetings.conftest import schedule


def _session(tree, capacity=2, minutes=60):
    now = timezone.now()
    return schedule(
        tree,
        organisation=tree.town,
        kind=MeetingKind.LECTURE,
        topic="南湖·初心讲堂 线下课堂",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now - datetime.timedelta(minutes=5) + datetime.timedelta(minutes=minutes),
        lecture=tree.west_lecture,
        capacity=capacity,
        by=tree.town_secretary.user,
    )


def test_sign_up_within_capacity(tree):
    session = _session(tree, capacity=2)
    assert not session.attendances.exists()  # nobody is expected until they sign up
    _a, created = session_sign_up(meeting=session, member=tree.e1)
    assert created
    assert session_sign_up(meeting=session, member=tree.e1)[1] is False  # once
    session_sign_up(meeting=session, member=tree.w1)
    with pytest.raises(MeetingError) as refused:
        session_sign_up(meeting=session, member=tree.w2)
    assert refused.value.code == "full"
    assert session.attendances.count() == 2
    # A member outside the session's organisation cannot sign up.
    with pytest.raises(MeetingError):
        session_sign_up(meeting=session, member=tree.outsider)


def test_a_plain_meeting_takes_no_sign_ups(tree, meeting):
    with pytest.raises(MeetingError) as refused:
        session_sign_up(meeting=meeting, member=tree.e1)
    assert refused.value.code == "not_a_session"


def test_attending_credits_the_session_once_and_completes_the_lecture(tree):
    session = _session(tree)
    session_sign_up(meeting=session, member=tree.w2)
    check_in(meeting=session, member=tree.w2, token=codes.check_in_token(meeting_id=session.pk))
    meeting_close(meeting=session, by=tree.town_secretary.user)
    credit = StudyCredit.objects.get(source=f"session:{session.pk}:{tree.w2.pk}")
    assert credit.seconds == pytest.approx(3600)
    progress = LectureProgress.objects.get(member=tree.w2, lecture=tree.west_lecture)
    assert progress.completed_at is not None  # no quiz: complete, with the lecture's points
    assert PointsEntry.objects.filter(
        member=tree.w2, reason=PointsReason.LECTURE_COMPLETED
    ).exists()
    assert PointsEntry.objects.filter(member=tree.w2, reason=PointsReason.MEETING_ATTENDED).exists()


def test_session_never_credits_time_already_credited_online(tree):
    session = _session(tree)
    session_sign_up(meeting=session, member=tree.w2)
    # During the session, w2 also played the lecture online: 20 minutes credited, ending
    # 30 minutes into the session (so minutes 10 to 30), and 5 minutes ending before it began.
    start = session.starts_at
    study_time_credit(
        member=tree.w2, seconds=1200, at=start + datetime.timedelta(minutes=30), source="event:a"
    )
    study_time_credit(
        member=tree.w2, seconds=300, at=start - datetime.timedelta(minutes=1), source="event:b"
    )
    # An overlapping credit inside the first one counts once.
    study_time_credit(
        member=tree.w2, seconds=300, at=start + datetime.timedelta(minutes=25), source="event:c"
    )
    assert credited_overlap(tree.w2.pk, start, session.ends_at) == pytest.approx(1200)
    check_in(meeting=session, member=tree.w2, token=codes.check_in_token(meeting_id=session.pk))
    meeting_close(meeting=session, by=tree.town_secretary.user)
    credit = StudyCredit.objects.get(source=f"session:{session.pk}:{tree.w2.pk}")
    assert credit.seconds == pytest.approx(3600 - 1200)


def test_two_overlapping_sessions_credit_the_shared_time_once(tree):
    first = _session(tree, minutes=60)
    second = _session(tree, minutes=30)
    for session in (first, second):
        session_sign_up(meeting=session, member=tree.w2)
        check_in(meeting=session, member=tree.w2, token=codes.check_in_token(meeting_id=session.pk))
    meeting_close(meeting=first, by=tree.town_secretary.user)
    meeting_close(meeting=second, by=tree.town_secretary.user)
    total = sum(
        StudyCredit.objects.filter(member=tree.w2, source__startswith="session:").values_list(
            "seconds", flat=True
        )
    )
    assert total == pytest.approx(3600)
