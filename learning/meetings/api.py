"""/api/meetings/: check-in by the screen's code (members), online attendance and the
attendance list (organisers). Refusals in the one error shape (xianfeng.api); a meeting the
user does not organise (or, for check-in, is not expected at) is a 404."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api.views import IsMember
from learning.meetings import access, selectors, services
from learning.meetings.models import Attendance, Meeting
from learning.selectors import member_for
from xianfeng.api import APIError
from xianfeng.api_docs import error_responses
from xianfeng.parsers import JSONBodyParser
from xianfeng.throttles import WriteThrottle

TAG = ["meetings"]
MAX_RECORDS = 2000


def _refuse(error: services.MeetingError):
    raise APIError(code=error.code, detail=error.message, status=error.status)


def _object(data):
    if not isinstance(data, dict):
        raise APIValidationError(_("The request body must be a JSON object."))
    return data


class CheckInRequestSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=200, help_text=gettext_lazy("The `t` of the screen's QR code URL")
    )


class CheckInSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(help_text=gettext_lazy("The meeting's id."))
    at = serializers.DateTimeField(help_text=gettext_lazy("When the member checked in."))
    late = serializers.BooleanField(help_text=gettext_lazy("Whether the check-in was late."))
    method = serializers.CharField(
        help_text=gettext_lazy("How the member checked in: `qr`, `manual` or `online`.")
    )
    created = serializers.BooleanField(
        help_text=gettext_lazy("False when this member had checked in before")
    )


# The ids in the paths, for the API documentation.
PATH_IDS = {
    "meeting_id": gettext_lazy("The meeting's id."),
}


class CheckInView(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsMember]
    parser_classes = [JSONBodyParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "meeting_write"

    @extend_schema(
        tags=TAG,
        request=CheckInRequestSerializer,
        responses={
            200: CheckInSerializer,
            201: CheckInSerializer,
            **error_responses(400, 403, 404, 409, 429),
        },
        summary=gettext_lazy(
            "Check in to a meeting with the code on the organiser's screen (once)"
        ),
        description=gettext_lazy(
            "For a signed-in member expected at the meeting; checking in again changes nothing "
            "(200 instead of 201)."
        ),
    )
    def post(self, request, meeting_id):
        data = CheckInRequestSerializer(data=_object(request.data))
        data.is_valid(raise_exception=True)
        member = member_for(request.user)
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if (
            meeting is None
            or not Attendance.objects.filter(meeting=meeting, member=member).exists()
        ):
            _refuse(services.MeetingError("not_found", _("There is no such meeting."), 404))
        try:
            record, created = services.check_in(
                meeting=meeting, member=member, token=data.validated_data["token"]
            )
        except services.MeetingError as error:
            _refuse(error)
        body = {
            "meeting": meeting.pk,
            "at": record.at,
            "late": record.late,
            "method": record.method,
            "created": created,
        }
        return Response(
            CheckInSerializer(body).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class OnlineRecordSerializer(serializers.Serializer):
    member = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=gettext_lazy("The member's id.")
    )
    joined = serializers.DateTimeField(
        help_text=gettext_lazy("When the member joined the online session.")
    )
    left = serializers.DateTimeField(help_text=gettext_lazy("When the member left it."))


class OnlineAttendanceRequestSerializer(serializers.Serializer):
    records = OnlineRecordSerializer(
        many=True,
        allow_empty=False,
        max_length=MAX_RECORDS,
        help_text=gettext_lazy("The online session's record, one entry per joining (1 to 2,000)."),
    )


class OnlineAttendanceSerializer(serializers.Serializer):
    recorded = serializers.IntegerField(
        help_text=gettext_lazy("Expected members whose online time is stored")
    )
    present = serializers.IntegerField(help_text=gettext_lazy("Of them, credited as present"))
    unknown = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=gettext_lazy("Member ids not expected at this meeting"),
    )


class OnlineAttendanceView(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONBodyParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "meeting_write"

    @extend_schema(
        tags=TAG,
        request=OnlineAttendanceRequestSerializer,
        responses={200: OnlineAttendanceSerializer, **error_responses(400, 403, 404, 409)},
        summary=gettext_lazy(
            "Record online attendance from the online session's own record (organisers)"
        ),
        description=gettext_lazy(
            "Each member's joining and leaving times, up to 2,000 records. For the organisers "
            "of the meeting's organisation or one above it."
        ),
    )
    def post(self, request, meeting_id):
        meeting = access.organiser_meeting_or_404(request.user, meeting_id)
        data = OnlineAttendanceRequestSerializer(data=_object(request.data))
        data.is_valid(raise_exception=True)
        records = [
            (row["member"], row["joined"], row["left"]) for row in data.validated_data["records"]
        ]
        try:
            result = services.online_attendance_record(
                meeting=meeting, records=records, by=request.user
            )
        except services.MeetingError as error:
            _refuse(error)
        return Response(OnlineAttendanceSerializer(result).data)


class AttendanceRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(
        source="member.pk", help_text=gettext_lazy("The member's id.")
    )
    name = serializers.CharField(source="member.name", help_text=gettext_lazy("The member's name."))
    reply = serializers.CharField(
        source="attendance.reply",
        help_text=gettext_lazy("The member's reply: `coming`, `leave`, or empty before one."),
    )
    leave_status = serializers.CharField(
        source="attendance.leave_status",
        help_text=gettext_lazy("The leave request: `requested`, `approved`, `declined`, or empty."),
    )
    checked_in_at = serializers.DateTimeField(
        source="check_in.at",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("When the member checked in; null if not."),
    )
    method = serializers.CharField(
        source="check_in.method",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("How the member checked in; null if not."),
    )
    final = serializers.CharField(
        source="attendance.final", help_text=gettext_lazy("Empty until closed")
    )


class AttendanceView(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        responses={200: AttendanceRowSerializer(many=True), **error_responses(403, 404)},
        summary=gettext_lazy("The attendance list of a meeting (organisers of its subtree)"),
        description=gettext_lazy(
            "Each expected member's reply, leave, check-in and final attendance. For the "
            "organisers of the meeting's organisation or one above it."
        ),
    )
    def get(self, request, meeting_id):
        meeting = access.organiser_meeting_or_404(request.user, meeting_id)
        return Response(
            AttendanceRowSerializer(selectors.attendance_rows(meeting=meeting), many=True).data
        )
