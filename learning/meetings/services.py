"""Writes for meetings: schedule, reply and leave, check-in, online attendance, minutes,
photos, close, and sign-up for lecture sessions. Refusals raise MeetingError with a stable
code and a Chinese message; views turn it into a page message, the API into its error shape."""

import datetime

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from learning.inbox import inbox_send
from learning.meetings.codes import CodeRefused, check_in_token_verify
from learning.meetings.models import (
    LATE_AFTER,
    ONLINE_PRESENT_SHARE,
    Attendance,
    CheckIn,
    CheckInMethod,
    Final,
    LeaveStatus,
    Meeting,
    MeetingPhoto,
    MeetingStatus,
    Reply,
)
from learning.models import MessageKind, PointsReason
from learning.services.points import award_points

MAX_LENGTH = datetime.timedelta(hours=12)


class MeetingError(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(str(message))
        self.code, self.message, self.status = code, message, status


def refusals():
    return {
        "bad_code": _("This check-in code is not valid. Scan the code on the screen again."),
        "wrong_meeting": _("This check-in code belongs to another meeting."),
        "stale_code": _("This check-in code has expired. Scan the code on the screen again."),
        "closed": _("This meeting is closed; nothing can be changed any more."),
        "not_open": _("Check-in is not open for this meeting now."),
        "not_expected": _("You are not on the list of members expected at this meeting."),
    }


def refuse(code, status=400):
    raise MeetingError(code, refusals()[code], status)


def _open(meeting):
    if meeting.is_closed:
        refuse("closed", 409)


def _subtree_members(organisation):
    # Members at home in the subtree and members away from home hosted there (流动党员): a
    # meeting may come from either organisation; each member is one row, expected once.
    from cms.host_organisations.selectors import members_in_subtree

    return members_in_subtree(organisation=organisation)


@transaction.atomic
def meeting_schedule(
    *,
    organisation,
    kind: str,
    topic: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    by,
    agenda: str = "",
    place: str = "",
    online_url: str = "",
    member_ids=None,
    lecture=None,
    capacity: int | None = None,
) -> Meeting:
    """Schedule a meeting and send its notice to every expected member.

    Expected: the members of the node's subtree, or `member_ids` (which must lie in it). A
    lecture session expects nobody at first: members sign up themselves."""
    if ends_at <= starts_at or ends_at - starts_at > MAX_LENGTH:
        raise MeetingError("bad_time", _("The meeting must end after it starts, within 12 hours."))
    if not (place or online_url):
        raise MeetingError("no_place", _("Give a place or an online link (or both)."))
    meeting = Meeting.objects.create(
        organisation=organisation,
        kind=kind,
        topic=topic,
        agenda=agenda,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        lecture=lecture,
        capacity=capacity if lecture is not None else None,
        created_by=by,
    )
    meeting_expect(meeting=meeting, member_ids=member_ids)
    return meeting


def meeting_expect(*, meeting: Meeting, member_ids=None) -> int:
    """Make the expected members' rows and send them the notice (also for a meeting made in
    the admin); returns how many are expected."""
    members = _subtree_members(meeting.organisation)
    if member_ids is not None:
        member_ids = set(member_ids)
        chosen = set(members.filter(pk__in=member_ids).values_list("pk", flat=True))
        if chosen != member_ids:
            raise MeetingError(
                "not_in_organisation",
                _("Only members of this organisation and those under it can be expected."),
            )
        expected = chosen
    elif meeting.lecture_id is not None:
        expected = set()
    else:
        expected = set(members.values_list("pk", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member_id=member_id) for member_id in expected],
        batch_size=1000,
        ignore_conflicts=True,
    )
    _notify(meeting, expected)
    return len(expected)


def _notify(meeting, member_ids):
    local = timezone.localtime(meeting.starts_at)
    inbox_send(
        member_ids=member_ids,
        kind=MessageKind.MEETING,
        title=_("Meeting notice: %(topic)s") % {"topic": meeting.topic},
        body=_("%(kind)s on %(when)s at %(place)s. Please say whether you will come.")
        % {
            "kind": meeting.get_kind_display(),
            "when": local.strftime("%Y-%m-%d %H:%M"),
            "place": meeting.place or _("online"),
        },
        url=reverse("meetings:detail", args=[meeting.pk]),
        cause_key=f"meeting:{meeting.pk}",
    )


def meeting_reply(*, meeting: Meeting, member, reply: str, reason: str = "") -> Attendance:
    """An expected member says they will come, or asks for leave (请假) with a reason."""
    _open(meeting)
    attendance = Attendance.objects.filter(meeting=meeting, member=member).first()
    if attendance is None:
        refuse("not_expected", 403)
    reason = " ".join((reason or "").split())
    if reply == Reply.COMING:
        attendance.reply, attendance.leave_status, attendance.leave_reason = reply, "", ""
    elif reply == Reply.LEAVE:
        if not reason:
            raise MeetingError("reason_required", _("Give the reason for your leave."))
        if len(reason) > 300:
            raise MeetingError("reason_too_long", _("Keep the reason under 300 characters."))
        attendance.reply, attendance.leave_reason = reply, reason
        attendance.leave_status = LeaveStatus.REQUESTED
    else:
        raise MeetingError("bad_reply", _("Choose whether you will come or ask for leave."))
    attendance.leave_decided_by = None
    attendance.save(update_fields=["reply", "leave_reason", "leave_status", "leave_decided_by"])
    return attendance


def leave_decide(*, attendance: Attendance, approve: bool, by) -> Attendance:
    meeting = attendance.meeting
    _open(meeting)
    if attendance.leave_status != LeaveStatus.REQUESTED:
        raise MeetingError("no_leave_request", _("There is no leave request to decide."), 409)
    attendance.leave_status = LeaveStatus.APPROVED if approve else LeaveStatus.DECLINED
    attendance.leave_decided_by = by
    attendance.save(update_fields=["leave_status", "leave_decided_by"])
    inbox_send(
        member_ids=[attendance.member_id],
        kind=MessageKind.MEETING,
        title=(_("Leave approved: %(topic)s") if approve else _("Leave declined: %(topic)s"))
        % {"topic": meeting.topic},
        url=reverse("meetings:detail", args=[meeting.pk]),
        cause_key=f"meeting:{meeting.pk}:leave:{attendance.pk}:{attendance.leave_status}",
    )
    return attendance


def _record(meeting, member_id, *, at, method, note="", by=None):
    """Write the one check-in of a member; a second (or concurrent) one changes nothing."""
    try:
        with transaction.atomic():
            _share_lock_open(meeting)
            return CheckIn.objects.create(
                meeting=meeting,
                member_id=member_id,
                at=at,
                method=method,
                late=at > meeting.starts_at + LATE_AFTER,
                note=note,
                by=by,
            ), True
    except IntegrityError:
        return CheckIn.objects.get(meeting=meeting, member_id=member_id), False


def _share_lock_open(meeting):
    """Refuse unless the meeting is still open, holding its row FOR SHARE on PostgreSQL until
    the transaction ends: check-ins do not wait for one another, but a close (FOR UPDATE)
    waits for them and they for it, so no check-in lands after the attendance is final."""
    table = Meeting._meta.db_table
    share = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s{share}", [meeting.pk])  # noqa: S608 (table name from the model)
        row = cursor.fetchone()
    if row is None or row[0] == MeetingStatus.CLOSED:
        refuse("closed", 409)


def check_in(*, meeting: Meeting, member, token: str, now=None) -> tuple[CheckIn, bool]:
    """A member's scan of the organiser's screen. Returns (check-in, newly recorded)."""
    now = now or timezone.now()
    try:
        check_in_token_verify(token=token, meeting_id=meeting.pk, now=now.timestamp())
    except CodeRefused as refused:
        refuse(refused.code, 403 if refused.code == "wrong_meeting" else 400)
    _open(meeting)
    if not meeting.is_open_for_check_in(now):
        refuse("not_open", 409)
    if not Attendance.objects.filter(meeting=meeting, member=member).exists():
        refuse("not_expected", 403)
    return _record(meeting, member.pk, at=now, method=CheckInMethod.QR)


def attendance_mark(*, meeting: Meeting, member_id: int, present: bool, by, note="", late=False):
    """The organiser marks a member by hand (present, late or not there), with a note."""
    _open(meeting)
    if not Attendance.objects.filter(meeting=meeting, member_id=member_id).exists():
        refuse("not_expected", 404)
    if len(note) > 200:
        raise MeetingError("note_too_long", _("Keep the note under 200 characters."))
    with transaction.atomic():
        CheckIn.objects.filter(meeting=meeting, member_id=member_id).delete()
        if present:
            at = meeting.starts_at + (LATE_AFTER * 2 if late else datetime.timedelta())
            _record(meeting, member_id, at=at, method=CheckInMethod.MANUAL, note=note, by=by)


def online_attendance_record(*, meeting: Meeting, records, by) -> dict:
    """Online attendance from the online session's own record: (member_id, joined, left) rows.
    A member's intervals are merged and clipped to the meeting; present when they cover
    ONLINE_PRESENT_SHARE of it. Unknown members are reported, not recorded."""
    _open(meeting)
    by_member: dict[int, list] = {}
    for member_id, joined, left in records:
        if left <= joined:
            raise MeetingError("bad_interval", _("A member cannot leave before joining."))
        by_member.setdefault(member_id, []).append((joined, left))
    expected = dict(
        Attendance.objects.filter(meeting=meeting, member_id__in=by_member).values_list(
            "member_id", "pk"
        )
    )
    credited, unknown = 0, sorted(set(by_member) - set(expected))
    for member_id, intervals in by_member.items():
        if member_id not in expected:
            continue
        clipped = sorted(
            (max(joined, meeting.starts_at), min(left, meeting.ends_at))
            for joined, left in intervals
            if min(left, meeting.ends_at) > max(joined, meeting.starts_at)
        )
        seconds = merged_seconds(clipped)
        Attendance.objects.filter(pk=expected[member_id]).update(
            online_joined_at=min(joined for joined, _left in intervals),
            online_left_at=max(left for _joined, left in intervals),
            online_seconds=int(seconds),
        )
        if clipped and seconds >= ONLINE_PRESENT_SHARE * meeting.length_seconds:
            _record(meeting, member_id, at=clipped[0][0], method=CheckInMethod.ONLINE, by=by)
            credited += 1
    return {"recorded": len(by_member) - len(unknown), "present": credited, "unknown": unknown}


def merged_seconds(spans) -> float:
    """Seconds covered by sorted (start, end) spans, overlaps counted once."""
    total, reach = 0.0, None
    for start, end in spans:
        start = max(start, reach) if reach is not None else start
        if end > start:
            total += (end - start).total_seconds()
            reach = end
    return total


def minutes_update(*, meeting: Meeting, minutes_text: str, resolutions: str) -> Meeting:
    """Minutes typed on the workspace page: plain text, kept as paragraphs of rich text."""
    _open(meeting)
    paragraphs = [p.strip() for p in (minutes_text or "").split("\n") if p.strip()]
    meeting.minutes = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    meeting.resolutions = (resolutions or "").strip()[:4000]
    meeting.save(update_fields=["minutes", "resolutions"])
    return meeting


def photo_add(*, meeting: Meeting, image, caption: str = "") -> MeetingPhoto:
    _open(meeting)
    return MeetingPhoto.objects.create(meeting=meeting, image=image, caption=caption[:120])


def session_sign_up(*, meeting: Meeting, member) -> tuple[Attendance, bool]:
    """A member signs up for a lecture session, up to its capacity (the meeting row is locked,
    so two last seats are never both taken)."""
    from learning.meetings.access import may_sign_up

    if not may_sign_up(member, meeting):
        raise MeetingError("not_a_session", _("Members cannot sign up for this meeting."), 404)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _open(meeting)
        existing = Attendance.objects.filter(meeting=meeting, member=member).first()
        if existing is not None:
            return existing, False
        taken = Attendance.objects.filter(meeting=meeting).count()
        if meeting.capacity is not None and taken >= meeting.capacity:
            raise MeetingError("full", _("This session is full."), 409)
        return Attendance.objects.create(
            meeting=meeting, member=member, signed_up=True, reply=Reply.COMING
        ), True


def meeting_close(*, meeting: Meeting, by, now=None) -> Meeting:
    """Make attendance final (present, late, on leave, absent), pay the attendance points and,
    for a lecture session, credit the study time. A closed meeting is read-only."""
    from learning.meetings.study import session_credit

    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _open(meeting)
        if now < meeting.starts_at:
            raise MeetingError("not_started", _("A meeting cannot be closed before it starts."))
        check_ins = {c.member_id: c for c in CheckIn.objects.filter(meeting=meeting)}
        rows = list(meeting.attendances.select_related("member"))
        for row in rows:
            check = check_ins.get(row.member_id)
            if check is not None:
                row.final = Final.LATE if check.late else Final.PRESENT
            elif row.leave_status == LeaveStatus.APPROVED:
                row.final = Final.LEAVE
            else:
                row.final = Final.ABSENT
        Attendance.objects.bulk_update(rows, ["final"], batch_size=1000)
        meeting.status, meeting.closed_at, meeting.closed_by = MeetingStatus.CLOSED, now, by
        meeting.save(update_fields=["status", "closed_at", "closed_by"])
        for row in rows:
            if row.final in (Final.PRESENT, Final.LATE):
                if meeting.is_session:
                    # First: it takes the study clock before the member lock (their order).
                    session_credit(
                        meeting=meeting, attendance=row, check_in=check_ins[row.member_id]
                    )
                award_points(
                    row.member,
                    PointsReason.MEETING_ATTENDED,
                    f"meeting:{meeting.pk}:member:{row.member_id}",
                    note=meeting.topic[:200],
                    now=now,
                )
    return meeting
