"""Member API for study progress, quizzes, the study record and assignments."""

import json

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.routing import viewable_by
from learning.api import serializers as s
from learning.api.parsing import MAX_BATCH, EventInvalid, parse_event
from learning.models import LecturePage, Quiz
from learning.selectors import (
    assignments_for,
    lecture_state,
    member_for,
    recent_decisions,
    study_record,
)
from learning.services.errors import StudyError
from learning.services.ingest import accept_events
from learning.services.progress import fold_pending
from learning.services.quizzes import attempts_left, submit_attempt
from xianfeng.api import APIError, JSONOnlyNegotiation
from xianfeng.api_docs import error_response, error_responses
from xianfeng.authentication import CachedTokenAuthentication
from xianfeng.parsers import JSONBodyParser
from xianfeng.throttles import WriteThrottle

# Accepted events are stored and applied moments later (learning.services.ingest): 202.
STATUS_FOR = {"accepted": 202, "duplicate": 200}
# 400 means "not as the schema says"; an event as documented but refused for what the schema
# cannot state (a segment past the section's end) is a 422.
REFUSED_STATUS = {"conflict": 409, "unknown_section": 404, "unpublished": 404, "closed": 403}
TAG = ["learning"]


class IsMember(IsAuthenticated):
    message = gettext_lazy("Only members with a member profile can study.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and member_for(request.user) is not None


class MemberAPIView(APIView):
    # The ids in the paths, for the API documentation.
    path_ids = {
        "lecture_id": gettext_lazy("The lecture's id."),
        "quiz_id": gettext_lazy("The quiz's id."),
    }
    permission_classes = [IsMember]
    parser_classes = [JSONBodyParser]  # JSON only, as documented; the pages post forms

    @property
    def member(self):
        return member_for(self.request.user)

    def may_study(self, lecture_id):
        """For a lecture under a view restriction: whether this request may see it."""
        lecture = LecturePage.objects.filter(pk=lecture_id).first()
        return lecture is not None and viewable_by(lecture, self.request)

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
    """One event's answer. The service says "rejected" for an event refused on arrival or
    when applied; to clients that is `invalid`: never stored, never to be sent again."""
    return {
        "id": result.id,
        "status": "invalid" if result.status == "rejected" else result.status,
        "code": result.code,
        "message": result.message,
        "credited_seconds": result.credited_seconds,
        "decisions": result.decisions,
        "section": result.section,
    }


def invalid_data(error):
    return {
        "id": error.id,
        "status": "invalid",
        "code": "invalid",
        "message": error.message,
        "errors": error.errors,
        "credited_seconds": 0,
        "decisions": [],
        "section": None,
    }


class EventView(ReportAPIView):
    parser_classes = [JSONBodyParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "progress_event"

    @extend_schema(
        tags=TAG,
        request=s.EventSerializer,
        summary=gettext_lazy("Report one progress event"),
        description=gettext_lazy(
            "The event is stored at once and applied moments later; "
            "read the lecture's progress for its credit and decisions. "
            "A refusal says why in `code`: invalid (field errors in "
            "`errors`; 400, or 422 for a client time outside the window), "
            "conflict (409), unknown_section and unpublished (404), closed "
            "(403), no_length, negative, backward, beyond_end and "
            "bad_position (422)."
        ),
        responses={
            202: OpenApiResponse(s.EventResultSerializer, "Stored; applied moments later"),
            200: OpenApiResponse(
                s.EventResultSerializer, "Seen before with the same content: no-op"
            ),
            **error_responses(400, 401, 403, 404, 415),
            409: error_response(409, gettext_lazy("Same id, different content")),
            422: error_response(
                422,
                gettext_lazy(
                    "As documented, but refused: a client time outside the window, or a "
                    "segment or position outside the section"
                ),
            ),
        },
    )
    def post(self, request):
        try:
            event = parse_event(request.data)
        except EventInvalid as error:
            raise APIError(
                code="invalid",
                detail=error.message,
                errors=error.errors or None,
                status=422 if error.as_documented else 400,
            ) from None
        [result] = accept_events(self.member, [event], may_study=self.may_study)
        if result.status not in STATUS_FOR:
            raise APIError(
                code=result.code, detail=result.message, status=REFUSED_STATUS.get(result.code, 422)
            )
        return Response(result_data(result), status=STATUS_FOR[result.status])


def batch_events(data):
    """The list of events in a batch body; 400 unless it is an object with a list of 1 to
    MAX_BATCH items under "events" (what the schema says)."""
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise ParseError(_("Send an object with a list of events under “events”."))
    if not isinstance(events, list) or not events:
        raise ParseError(_("Send a non-empty list of events under “events”."))
    if len(events) > MAX_BATCH:
        raise ParseError(_("Send at most %(n)s events at a time.") % {"n": MAX_BATCH})
    return events


def beacon_events(form):
    """The events of a form's `payload` field, as navigator.sendBeacon sends the batch. The
    field is a string as documented; what it holds is checked as a JSON body would be, and
    refused with a 422 (the schema cannot say that a string holds a batch)."""
    if "payload" not in form:
        raise ValidationError({"payload": [_("Give the batch as JSON in “payload”.")]})
    try:
        return batch_events(json.loads(form["payload"]))
    except (TypeError, ValueError, RecursionError):
        error = _("The batch is not valid JSON.")
    except ParseError as refused:
        error = str(refused.detail)
    raise APIError(code="invalid", detail=error, status=422)


class EventBatchView(ReportAPIView):
    # JSON from the player; a form field `payload` from navigator.sendBeacon and forms.
    parser_classes = [JSONBodyParser, FormParser, MultiPartParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "progress_batch"

    @extend_schema(
        tags=TAG,
        request={
            "application/json": s.BatchSerializer,
            "application/x-www-form-urlencoded": s.BeaconSerializer,
            "multipart/form-data": s.BeaconSerializer,
        },
        responses={
            200: OpenApiResponse(
                s.BatchResultSerializer, "One result per event, in the order sent"
            ),
            **error_responses(400, 401, 403, 415),
            422: error_response(422, gettext_lazy("A form's `payload` that does not hold a batch")),
        },
        summary=gettext_lazy("Report a batch of progress events (offline queue, page hide)"),
        description=gettext_lazy(
            "Each event is answered on its own, in the order sent: accepted, "
            "duplicate, conflict or invalid (with a code and a reason); the valid "
            "ones are stored whatever the others are. Drop from a queue every event "
            "answered conflict or invalid: it can never be accepted. A body that is "
            "not an object with a list of 1 to 200 events is refused whole (400). "
            "Also accepts a form whose field `payload` holds the JSON batch, as "
            "navigator.sendBeacon sends it (422 if it does not hold one)."
        ),
    )
    def post(self, request):
        slots, inputs, now = [], [], timezone.now()
        data = request.data
        events = beacon_events(data) if isinstance(data, QueryDict) else batch_events(data)
        for raw in events:
            try:
                inputs.append(parse_event(raw, now=now))
            except EventInvalid as error:
                slots.append(invalid_data(error))
            else:
                slots.append(len(inputs) - 1)
        results = accept_events(self.member, inputs, may_study=self.may_study) if inputs else []
        body = [result_data(results[slot]) if isinstance(slot, int) else slot for slot in slots]
        return Response({"results": body})


class LectureProgressView(MemberAPIView):
    @extend_schema(
        tags=TAG,
        responses={200: s.LectureStateSerializer, **error_responses(401, 403, 404)},
        summary=gettext_lazy("My progress in a lecture (resume positions, section states)"),
        description=gettext_lazy(
            "Where the member stands in each section of the lecture, where to resume, and "
            "the latest decisions on their reports."
        ),
    )
    def get(self, request, lecture_id):
        lecture = LecturePage.objects.live().filter(pk=lecture_id).first()
        if lecture is None or not viewable_by(lecture, request):
            raise NotFound(_("There is no such lecture."))
        member = self.member_up_to_date()
        state = dict(lecture_state(member, lecture), decisions=recent_decisions(member, lecture))
        return Response(s.LectureStateSerializer(state).data)


# Refusals of a quiz attempt as documented: about the member's standing (403), the state of
# things (409), or the answers in ways the schema cannot state (422, the default).
QUIZ_REFUSED_STATUS = {
    "closed": 403,
    "unpublished": 403,
    "no_attempts": 403,
    "quiz_locked": 403,
    "already_passed": 409,
}


class QuizAttemptView(MemberAPIView):
    throttle_classes = [WriteThrottle]
    throttle_scope = "quiz_attempt"

    @extend_schema(
        tags=TAG,
        request=s.QuizAttemptInputSerializer,
        responses={
            201: s.QuizAttemptSerializer,
            **error_responses(400, 401, 403, 404, 409, 415, 422),
        },
        summary=gettext_lazy("Answer a quiz; checked on the server"),
        description=gettext_lazy(
            "Refusals say why in `code`: invalid (400: not as documented); "
            "unanswered, bad_answers (422: keys that are not this quiz's "
            "question ids, choices that do not exist); already_passed "
            "(409); closed, unpublished, no_attempts, quiz_locked: not "
            "open until the sections are complete (403)."
        ),
    )
    def post(self, request, quiz_id):
        quiz = Quiz.objects.select_related("lecture").filter(pk=quiz_id).first()
        if quiz is None or not viewable_by(quiz.lecture, request):
            raise NotFound(_("There is no such quiz."))
        serializer = s.QuizAttemptInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            attempt = submit_attempt(self.member, quiz, serializer.validated_data["answers"])
        except StudyError as error:
            raise APIError(
                code=error.code,
                detail=str(error.message),
                status=QUIZ_REFUSED_STATUS.get(error.code, 422),
            ) from None
        return Response(
            {
                "id": attempt.pk,
                "correct": attempt.correct,
                "total": attempt.total,
                "score": attempt.score,
                "passed": attempt.passed,
                "attempts_left": attempts_left(self.member, quiz),
            },
            status=status.HTTP_201_CREATED,
        )


class RecordView(MemberAPIView):
    @extend_schema(
        tags=TAG,
        responses={200: s.StudyRecordSerializer, **error_responses(401, 403)},
        summary=gettext_lazy("My study record (我的学习档案)"),
        description=gettext_lazy(
            "The member's study hours against the yearly quota, points, and lectures "
            "studied, as the record page shows them."
        ),
    )
    def get(self, request):
        return Response(s.StudyRecordSerializer(study_record(self.member_up_to_date())).data)


class AssignmentsView(MemberAPIView):
    @extend_schema(
        tags=TAG,
        responses={200: s.AssignmentSerializer(many=True), **error_responses(401, 403)},
        summary=gettext_lazy("Lectures assigned to my organisation, soonest due first"),
        description=gettext_lazy(
            "The lectures the member's organisation and those above it assigned: the "
            "deadline, the days left, and whether the member has completed each."
        ),
    )
    def get(self, request):
        return Response(
            s.AssignmentSerializer(assignments_for(self.member_up_to_date()), many=True).data
        )
