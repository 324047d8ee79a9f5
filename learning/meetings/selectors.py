"""Reads for meetings: lists for organisers and members, the attendance list, the figures of
the branch report's section and the member's record."""

from django.db.models import Count, Q
from django.utils import timezone

from learning.meetings.models import (
    Attendance,
    CheckIn,
    Final,
    Meeting,
    MeetingKind,
    MeetingStatus,
)


def meetings_of_subtree(*, organisation):
    return (
        Meeting.objects.filter(organisation__path__startswith=organisation.path)
        .select_related("organisation", "lecture")
        .annotate(
            expected=Count("attendances", distinct=True),
            checked_in=Count("check_ins", distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def attendance_rows(*, meeting) -> list[dict]:
    """Every expected member with reply, leave, check-in and final status (organisers only)."""
    check_ins = {c.member_id: c for c in CheckIn.objects.filter(meeting=meeting)}
    rows = []
    for a in meeting.attendances.select_related("member", "member__organisation").order_by(
        "member__name", "pk"
    ):
        rows.append({"attendance": a, "member": a.member, "check_in": check_ins.get(a.member_id)})
    return rows


def attendance_counts(*, meeting) -> dict:
    expected = meeting.attendances.count()
    checked_in = CheckIn.objects.filter(meeting=meeting).count()
    return {"expected": expected, "checked_in": checked_in}


def member_attendance(*, meeting, member):
    return Attendance.objects.filter(meeting=meeting, member=member).first()


def member_check_in(*, meeting, member):
    return CheckIn.objects.filter(meeting=meeting, member=member).first()


def sessions_of_lecture(*, lecture, member=None) -> list[dict]:
    """Upcoming and open sessions of a lecture, with seats taken; a member sees only those of
    their organisation's line (a session is open to its organisation's subtree)."""
    sessions = (
        Meeting.objects.filter(lecture=lecture, status=MeetingStatus.SCHEDULED)
        .filter(ends_at__gte=timezone.now())
        .select_related("organisation")
        .annotate(taken=Count("attendances"))
        .order_by("starts_at")
    )
    rows = []
    for session in sessions:
        if member is not None and not member.organisation.path.startswith(
            session.organisation.path
        ):
            continue
        rows.append(
            {
                "meeting": session,
                "taken": session.taken,
                "full": session.capacity is not None and session.taken >= session.capacity,
            }
        )
    return rows


def branch_meeting_figures(*, organisation, year=None) -> dict:
    """The branch report's section: this year's closed meetings of the subtree, the attendance
    rate (present or late among the expected who were not on approved leave) and the count per
    kind. Two aggregate queries."""
    year = year or timezone.localdate().year
    closed = Meeting.objects.filter(
        organisation__path__startswith=organisation.path,
        status=MeetingStatus.CLOSED,
        starts_at__year=year,
    )
    per_kind = dict(closed.values_list("kind").annotate(n=Count("pk")).order_by())
    finals = Attendance.objects.filter(meeting__in=closed).aggregate(
        present=Count("pk", filter=Q(final=Final.PRESENT)),
        late=Count("pk", filter=Q(final=Final.LATE)),
        leave=Count("pk", filter=Q(final=Final.LEAVE)),
        absent=Count("pk", filter=Q(final=Final.ABSENT)),
    )
    due = finals["present"] + finals["late"] + finals["absent"]
    upcoming = Meeting.objects.filter(
        organisation__path__startswith=organisation.path,
        status=MeetingStatus.SCHEDULED,
        ends_at__gte=timezone.now(),
    ).count()
    return {
        "year": year,
        "held": sum(per_kind.values()),
        "upcoming": upcoming,
        "per_kind": [
            {"kind": kind, "label": label, "count": per_kind.get(kind, 0)}
            for kind, label in MeetingKind.choices
        ],
        **finals,
        "rate_percent": round(100 * (finals["present"] + finals["late"]) / due) if due else None,
    }


def member_meeting_record(*, member, limit=20) -> list[Attendance]:
    """A member's meetings, newest first, with their final status once closed."""
    return list(
        Attendance.objects.filter(member=member)
        .select_related("meeting", "meeting__organisation")
        .order_by("-meeting__starts_at")[:limit]
    )


def upcoming_for_member(*, member) -> list[Attendance]:
    return list(
        Attendance.objects.filter(
            member=member,
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__ends_at__gte=timezone.now(),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
