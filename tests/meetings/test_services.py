"""Leave, manual and online attendance, closing (final attendance, points, read-only), and the
points ledger's yearly caps."""

import datetime

import pytest
from django.utils import timezone

from learning.meetings import codes
from learning.meetings.models import Attendance, CheckIn, Final, MeetingStatus
from learning.meetings.services import (
    MeetingError,
    attendance_mark,
    check_in,
    leave_decide,
    meeting_close,
    meeting_reply,
    minutes_update,
    online_attendance_record,
)
from learning.models import InboxMessage, MessageKind, PointsEntry, PointsReason, PointsRule
from learning.services.points import award_points, year_bounds


def test_notice_reaches_each_expected_member_once(tree, meeting):
    notices = InboxMessage.objects.filter(
        kind=MessageKind.MEETING, cause_key=f"meeting:{meeting.pk}"
    )
    assert set(notices.values_list("member_id", flat=True)) == {
        tree.east_secretary.pk,
        tree.e1.pk,
        tree.e2.pk,
        tree.e3.pk,
    }
    assert notices.first().url == f"/meetings/{meeting.pk}/"


def test_leave_flow(tree, meeting):
    with pytest.raises(MeetingError) as refused:
        meeting_reply(meeting=meeting, member=tree.e3, reply="leave", reason="  ")
    assert refused.value.code == "reason_required"
    attendance = meeting_reply(meeting=meeting, member=tree.e3, reply="leave", reason="外出务工")
    assert attendance.leave_status == "requested"
    leave_decide(attendance=attendance, approve=True, by=tree.east_secretary.user)
    attendance.refresh_from_db()
    assert attendance.leave_status == "approved"
    assert InboxMessage.objects.filter(member=tree.e3, title__contains=meeting.topic).count() == 2
    with pytest.raises(MeetingError):  # decided already
        leave_decide(attendance=attendance, approve=False, by=tree.east_secretary.user)
    with pytest.raises(MeetingError) as refused:
        meeting_reply(meeting=meeting, member=tree.w1, reply="coming")
    assert refused.value.code == "not_expected"


def test_close_makes_attendance_final_pays_points_and_freezes(tree, meeting):
    token = codes.check_in_token(meeting_id=meeting.pk)
    check_in(meeting=meeting, member=tree.e1, token=token)
    attendance_mark(
        meeting=meeting, member_id=tree.e2.pk, present=True, late=True, note="堵车", by=None
    )
    leave = meeting_reply(meeting=meeting, member=tree.e3, reply="leave", reason="生病")
    leave_decide(attendance=leave, approve=True, by=tree.east_secretary.user)
    minutes_update(meeting=meeting, minutes_text="一、学习\n<script>x</script>", resolutions="通过")
    assert "<script>" not in meeting.minutes and "&lt;script&gt;" in meeting.minutes

    meeting_close(meeting=meeting, by=tree.east_secretary.user)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    finals = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "final"))
    assert finals == {
        tree.e1.pk: Final.PRESENT,
        tree.e2.pk: Final.LATE,
        tree.e3.pk: Final.LEAVE,
        tree.east_secretary.pk: Final.ABSENT,
    }
    paid = PointsEntry.objects.filter(reason=PointsReason.MEETING_ATTENDED)
    assert set(paid.values_list("member_id", flat=True)) == {tree.e1.pk, tree.e2.pk}

    # Read-only now: no check-in, mark, reply, minutes or second close.
    for write in (
        lambda: check_in(
            meeting=meeting, member=tree.e3, token=codes.check_in_token(meeting_id=meeting.pk)
        ),
        lambda: attendance_mark(meeting=meeting, member_id=tree.e3.pk, present=True, by=None),
        lambda: meeting_reply(meeting=meeting, member=tree.e1, reply="coming"),
        lambda: minutes_update(meeting=meeting, minutes_text="改", resolutions=""),
        lambda: meeting_close(meeting=meeting, by=None),
        lambda: online_attendance_record(meeting=meeting, records=[], by=None),
    ):
        with pytest.raises(MeetingError) as refused:
            write()
        assert refused.value.code == "closed"
    assert paid.count() == 2 and CheckIn.objects.filter(meeting=meeting).count() == 2


def test_manual_mark_and_unmark(tree, meeting):
    attendance_mark(meeting=meeting, member_id=tree.e3.pk, present=True, note="补登", by=None)
    record = CheckIn.objects.get(meeting=meeting, member=tree.e3)
    assert record.method == "manual" and record.note == "补登"
    attendance_mark(meeting=meeting, member_id=tree.e3.pk, present=False, by=None)
    assert not CheckIn.objects.filter(meeting=meeting, member=tree.e3).exists()
    with pytest.raises(MeetingError):
        attendance_mark(meeting=meeting, member_id=tree.w1.pk, present=True, by=None)


def test_online_attendance_present_when_long_enough(tree, meeting):
    start, end = meeting.starts_at, meeting.ends_at  # 65 minutes
    result = online_attendance_record(
        meeting=meeting,
        records=[
            # e1: two stretches, overlapping, 45 minutes in all: present.
            (tree.e1.pk, start, start + datetime.timedelta(minutes=30)),
            (
                tree.e1.pk,
                start + datetime.timedelta(minutes=20),
                start + datetime.timedelta(minutes=45),
            ),
            # e3: 10 minutes: recorded, not present.
            (tree.e3.pk, end - datetime.timedelta(minutes=10), end + datetime.timedelta(hours=1)),
            (tree.w1.pk, start, end),  # not expected here
        ],
        by=tree.east_secretary.user,
    )
    assert result == {"recorded": 2, "present": 1, "unknown": [tree.w1.pk]}
    assert CheckIn.objects.get(meeting=meeting, member=tree.e1).method == "online"
    assert not CheckIn.objects.filter(meeting=meeting, member=tree.e3).exists()
    assert Attendance.objects.get(meeting=meeting, member=tree.e1).online_seconds == 45 * 60
    with pytest.raises(MeetingError):
        online_attendance_record(meeting=meeting, records=[(tree.e1.pk, end, start)], by=None)


# --- yearly caps ----------------------------------------------------------------------------


def _backdate(entry, when):
    type(entry).objects.filter(pk=entry.pk).update(created_at=when)


def test_yearly_cap_clips_per_member_and_reason(tree):
    PointsRule.objects.update_or_create(
        reason=PointsReason.MEETING_ATTENDED,
        defaults={"ledger": "base", "points": 4, "daily_cap": None, "yearly_cap": 10},
    )
    paid = [
        award_points(tree.e1, PointsReason.MEETING_ATTENDED, f"y:{i}")[0].points for i in range(4)
    ]
    assert paid == [4, 4, 2, 0]
    last = PointsEntry.objects.get(source_key="y:3")
    assert "10" in last.note  # says why nothing was paid
    # Another member, and another reason, have their own caps.
    assert award_points(tree.e2, PointsReason.MEETING_ATTENDED, "y:e2")[0].points == 4
    assert award_points(tree.e1, PointsReason.QUIZ_PASSED, "y:quiz")[0].points > 0


def test_yearly_cap_straddling_a_year_boundary(tree):
    PointsRule.objects.update_or_create(
        reason=PointsReason.MEETING_ATTENDED,
        defaults={"ledger": "base", "points": 6, "daily_cap": None, "yearly_cap": 10},
    )
    this_year_start, _end = year_bounds(timezone.now())
    new_year = this_year_start  # 1 January 00:00 local
    last_evening = new_year - datetime.timedelta(minutes=1)
    # Two entries on 31 December of last year use up last year's cap...
    for key in ("dec:1", "dec:2"):
        entry, _ = award_points(tree.e1, PointsReason.MEETING_ATTENDED, key, now=last_evening)
        _backdate(entry, last_evening)
    assert PointsEntry.objects.get(source_key="dec:2").points == 4
    dec3, _ = award_points(tree.e1, PointsReason.MEETING_ATTENDED, "dec:3", now=last_evening)
    assert dec3.points == 0
    _backdate(dec3, last_evening)
    # ...and a minute later, on 1 January, the new year's cap is whole again.
    jan, _ = award_points(
        tree.e1,
        PointsReason.MEETING_ATTENDED,
        "jan:1",
        now=new_year + datetime.timedelta(minutes=1),
    )
    assert jan.points == 6


def test_a_reversed_entry_does_not_use_up_the_yearly_cap(tree):
    from django.contrib.auth import get_user_model

    from learning.services.points import points_entry_reverse

    PointsRule.objects.update_or_create(
        reason=PointsReason.MEETING_ATTENDED,
        defaults={"ledger": "base", "points": 10, "daily_cap": None, "yearly_cap": 10},
    )
    first, _ = award_points(tree.e1, PointsReason.MEETING_ATTENDED, "r:1")
    admin = get_user_model().objects.filter(is_superuser=True).first()
    points_entry_reverse(entry=first, reason="误记", by=admin)
    assert award_points(tree.e1, PointsReason.MEETING_ATTENDED, "r:2")[0].points == 10


def test_default_rule_for_meetings_has_a_yearly_cap(tree):
    from learning.services.points import rule_for

    PointsRule.objects.filter(reason=PointsReason.MEETING_ATTENDED).delete()
    rule = rule_for(PointsReason.MEETING_ATTENDED)
    assert rule.ledger == "base" and rule.yearly_cap == 100
