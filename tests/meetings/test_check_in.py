"""The rotating check-in code: bound to one meeting and a 30-second window (the current and
the previous one are accepted), and a check-in only for expected members, once."""

import datetime
import time

import pytest
from django.utils import timezone

from learning.meetings import codes
from learning.meetings.models import Attendance, CheckIn
from learning.meetings.services import MeetingError, check_in
from tests.meetings.conftest import schedule


def test_a_code_is_accepted_in_its_window_and_the_next_only():
    now = time.time()
    token = codes.check_in_token(meeting_id=7, now=now)
    codes.check_in_token_verify(token=token, meeting_id=7, now=now)
    codes.check_in_token_verify(token=token, meeting_id=7, now=now + codes.WINDOW_SECONDS)
    with pytest.raises(codes.CodeRefused) as refused:
        codes.check_in_token_verify(token=token, meeting_id=7, now=now + 2 * codes.WINDOW_SECONDS)
    assert refused.value.code == "stale_code"
    # A code from the future (a forged clock) is no better.
    with pytest.raises(codes.CodeRefused):
        codes.check_in_token_verify(token=token, meeting_id=7, now=now - codes.WINDOW_SECONDS)


def test_a_code_is_bound_to_its_meeting_and_cannot_be_forged():
    token = codes.check_in_token(meeting_id=7)
    with pytest.raises(codes.CodeRefused) as refused:
        codes.check_in_token_verify(token=token, meeting_id=8)
    assert refused.value.code == "wrong_meeting"
    forged = token.replace("7.", "8.", 1)
    for bad in (forged, "", "x" * 50, "8.123:abc", token + "x"):
        with pytest.raises(codes.CodeRefused) as refused:
            codes.check_in_token_verify(token=bad, meeting_id=8)
        assert refused.value.code == "bad_code"


def test_code_rotates_every_30_seconds():
    start = 1_700_000_010.0  # a window boundary (divisible by 30)
    assert codes.check_in_token(meeting_id=1, now=start) == codes.check_in_token(
        meeting_id=1, now=start + 29.9
    )
    assert codes.check_in_token(meeting_id=1, now=start) != codes.check_in_token(
        meeting_id=1, now=start + 30
    )


def test_check_in_once_for_expected_members(tree, meeting):
    token = codes.check_in_token(meeting_id=meeting.pk)
    record, created = check_in(meeting=meeting, member=tree.e1, token=token)
    assert created and record.method == "qr" and not record.late
    again, created = check_in(meeting=meeting, member=tree.e1, token=token)
    assert not created and again.pk == record.pk
    assert CheckIn.objects.filter(meeting=meeting).count() == 1
    # A member of the group under 东村 is expected too; 西村's is not.
    check_in(meeting=meeting, member=tree.e2, token=token)
    with pytest.raises(MeetingError) as refused:
        check_in(meeting=meeting, member=tree.w1, token=token)
    assert refused.value.code == "not_expected"
    assert CheckIn.objects.filter(meeting=meeting).count() == 2


def test_foreign_and_stale_codes_are_refused(tree, meeting):
    other = schedule(tree, topic="支部委员会")
    with pytest.raises(MeetingError) as refused:
        check_in(meeting=meeting, member=tree.e1, token=codes.check_in_token(meeting_id=other.pk))
    assert refused.value.code == "wrong_meeting"
    old = codes.check_in_token(meeting_id=meeting.pk, now=time.time() - 2 * codes.WINDOW_SECONDS)
    with pytest.raises(MeetingError) as refused:
        check_in(meeting=meeting, member=tree.e1, token=old)
    assert refused.value.code == "stale_code"
    assert not CheckIn.objects.exists()


def test_check_in_only_while_open(tree):
    now = timezone.now()
    later = schedule(
        tree, starts_at=now + datetime.timedelta(hours=3), ends_at=now + datetime.timedelta(hours=4)
    )
    with pytest.raises(MeetingError) as refused:
        check_in(meeting=later, member=tree.e1, token=codes.check_in_token(meeting_id=later.pk))
    assert refused.value.code == "not_open"


def test_late_after_ten_minutes(tree):
    now = timezone.now()
    started = schedule(tree, starts_at=now - datetime.timedelta(minutes=20))
    record, _ = check_in(
        meeting=started, member=tree.e3, token=codes.check_in_token(meeting_id=started.pk)
    )
    assert record.late


def test_expected_members_are_the_subtree_or_a_chosen_list(tree, meeting):
    expected = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    assert expected == {tree.east_secretary.pk, tree.e1.pk, tree.e2.pk, tree.e3.pk}
    chosen = schedule(tree, member_ids=[tree.e1.pk])
    assert list(chosen.attendances.values_list("member_id", flat=True)) == [tree.e1.pk]
    with pytest.raises(MeetingError) as refused:
        schedule(tree, member_ids=[tree.e1.pk, tree.w1.pk])
    assert refused.value.code == "not_in_organisation"
