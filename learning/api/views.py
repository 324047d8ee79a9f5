"""Member API for study progress, quizzes, the study record and assignments."""

import json

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api import serializers as s
from learning.api.parsing import parse_event
from learning.models import LecturePage, Quiz
from learning.selectors import (
    assignments_for, lecture_state, member_for, recent_decisions, study_record,
)
from learning.services.errors import StudyError
from learning.services.ingest import accept_events
from learning.services.progress import fold_pending
from learning.services.quizzes import attempts_left, submit_attempt
from xianfeng.api import JSONOnlyNegotiation
from xianfeng.authentication import CachedTokenAuthentication
from xianfeng.throttles import WriteThrottle

# Accepted events are stored and applied moments later (learning.services.ingest): 202.
STATUS_FOR = {"accepted": 202, "duplicate": 200, "conflict": 409}
REJECTED_STATUS = {"unknown_section": 404, "unpublished": 404, "closed": 403}
TAG = ["learning"]


class IsMember(IsAuthenticated):
    message = gettext_lazy("Only members with a member profile can study.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and member_for(request.user) is not None


class MemberAPIView(APIView):
    permission_classes = [IsMember]

    @property
    def member(self):
        return member_for(self.request.user)

    def member_up_to_date(self):
        """The member, with their stored events applied, for reads of their progress."""
        member = self.member
        fold_pending(member)
        return member


class ReportAPIView(MemberAPIView):
    """Every open player reports every 15 s, so these endpoints do only what they need:
    JSON out whatever the Accept header says (no browsable API), and the token, which
    players send, checked before the session (a bad token is then a 401, as HTTP has it)."""

    authentication_classes = [CachedTokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation


def result_data(result):
    return {"id": result.id, "status": result.status, "code": result.code,
            "message": result.message, "credited_seconds": result.credited_seconds,
            "decisions": result.decisions, "section": result.section}


def invalid_result(raw, errors):
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    return {"id": raw_id if isinstance(raw_id, str) else None, "status": "rejected",
            "code": "invalid", "message": _("The event is not valid."), "errors": errors,
            "credited_seconds": 0, "decisions": [], "section": None}


class EventView(ReportAPIView):
    parser_classes = [JSONParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "progress_event"

    @extend_schema(tags=TAG, request=s.EventSerializer,
                   summary="Report one progress event",
                   description="The event is stored at once and applied moments later; "
                               "read the lecture's progress for its credit and decisions.",
                   responses={202: OpenApiResponse(s.EventResultSerializer,
                                                   "Stored; applied moments later"),
                              200: OpenApiResponse(s.EventResultSerializer,
                                                   "Seen before with the same content: no-op"),
                              400: s.EventResultSerializer, 403: s.EventResultSerializer,
                              404: s.EventResultSerializer,
                              409: OpenApiResponse(s.EventResultSerializer,
                                                   "Same id, different content")})
    def post(self, request):
        event, errors = parse_event(request.data)
        if errors:
            return Response(invalid_result(request.data, errors), status=400)
        [result] = accept_events(self.member, [event])
        code = STATUS_FOR.get(result.status) or REJECTED_STATUS.get(result.code, 400)
        return Response(result_data(result), status=code)


class EventBatchView(ReportAPIView):
    # JSON from the player; a form field `payload` from navigator.sendBeacon and forms.
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "progress_batch"

    @extend_schema(
        tags=TAG, request=s.BatchSerializer, responses={200: s.BatchResultSerializer},
        summary="Report a batch of progress events (offline queue, page hide)",
        description="Each event gets its own result. Also accepts a form field `payload` "
                    "holding the JSON batch, as sent by navigator.sendBeacon.")
    def post(self, request):
        data = request.data
        if "payload" in data and "events" not in data:
            try:
                data = json.loads(data["payload"])
            except (TypeError, ValueError):
                raise ParseError(_("The batch is not valid JSON.")) from None
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list) or not events:
            raise ParseError(_("Send a non-empty list of events under “events”."))
        if len(events) > 200:
            raise ParseError(_("Send at most 200 events at a time."))
        slots, inputs = [], []
        for raw in events:
            event, errors = parse_event(raw)
            if errors:
                slots.append(invalid_result(raw, errors))
            else:
                slots.append(len(inputs))
                inputs.append(event)
        results = accept_events(self.member, inputs) if inputs else []
        body = [result_data(results[slot]) if isinstance(slot, int) else slot for slot in slots]
        return Response({"results": body})


class LectureProgressView(MemberAPIView):
    @extend_schema(tags=TAG, responses={200: s.LectureStateSerializer},
                   summary="My progress in a lecture (resume positions, section states)")
    def get(self, request, lecture_id):
        lecture = get_object_or_404(LecturePage.objects.live(), pk=lecture_id)
        member = self.member_up_to_date()
        state = dict(lecture_state(member, lecture),
                     decisions=recent_decisions(member, lecture))
        return Response(s.LectureStateSerializer(state).data)


class QuizAttemptView(MemberAPIView):
    throttle_classes = [WriteThrottle]
    throttle_scope = "quiz_attempt"

    @extend_schema(tags=TAG, request=s.QuizAttemptInputSerializer,
                   responses={201: s.QuizAttemptSerializer, 400: s.ErrorSerializer,
                              403: s.ErrorSerializer},
                   summary="Answer a quiz; checked on the server")
    def post(self, request, quiz_id):
        quiz = get_object_or_404(Quiz.objects.select_related("lecture"), pk=quiz_id)
        serializer = s.QuizAttemptInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            attempt = submit_attempt(self.member, quiz, serializer.validated_data["answers"])
        except StudyError as error:
            code = 403 if error.code in ("closed", "unpublished", "no_attempts") else 400
            return Response({"code": error.code, "detail": str(error.message)}, status=code)
        return Response({"id": attempt.pk, "correct": attempt.correct, "total": attempt.total,
                         "score": attempt.score, "passed": attempt.passed,
                         "attempts_left": attempts_left(self.member, quiz)},
                        status=status.HTTP_201_CREATED)


class RecordView(MemberAPIView):
    @extend_schema(tags=TAG, responses={200: s.StudyRecordSerializer},
                   summary="My study record (我的学习档案)")
    def get(self, request):
        return Response(s.StudyRecordSerializer(study_record(self.member_up_to_date())).data)


class AssignmentsView(MemberAPIView):
    @extend_schema(tags=TAG, responses={200: s.AssignmentSerializer(many=True)},
                   summary="Lectures assigned to my organisation, soonest due first")
    def get(self, request):
        return Response(s.AssignmentSerializer(assignments_for(self.member_up_to_date()),
                                               many=True).data)


