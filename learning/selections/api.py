"""/api/selections/: the same steps as the pages, under the same tree rule (404 for another
subtree's selection, candidate or objection) and the one error shape of xianfeng.api
(a service's refusal: 409 for the wrong stage, 422 for fields, 403 for the wrong person)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.members import member_of
from learning.api.views import IsMember
from learning.branch.access import organisation_for
from learning.branch.api import IsSecretary
from learning.selections import selectors, services
from learning.selections.forms import OrgForm
from learning.selections.models import Objection
from learning.selections.serializers import (
    SelectionAnswerSerializer,
    SelectionCandidacyOutSerializer,
    SelectionCandidacySerializer,
    SelectionCandidateRowSerializer,
    SelectionDecisionSerializer,
    SelectionNoticeSerializer,
    SelectionObjectionInSerializer,
    SelectionObjectionSerializer,
    SelectionOpenSerializer,
    SelectionRecommendSerializer,
    SelectionSerializer,
    SelectionStarsSerializer,
)
from xianfeng.api import raise_form_errors, raise_refusal
from xianfeng.api_docs import error_responses, form_parameters
from xianfeng.parsers import JSONBodyParser
from xianfeng.throttles import WriteThrottle

TAG = ["selections"]


# Who may call an operation, for the API documentation.
MEMBER_ONLY = gettext_lazy(
    "For the signed-in member: the selections open to them and their own self-assessment."
)
WORKSPACE_ONLY = gettext_lazy(
    "For the secretaries of the workspace's organisation; another subtree's selection, "
    "candidate or objection is a 404."
)
ANYONE = gettext_lazy("For everyone, signed in or not.")


class Base(APIView):
    parser_classes = [JSONBodyParser]
    # The ids in the paths, for the API documentation.
    path_ids = {
        "selection_id": gettext_lazy("The selection's id."),
        "candidate_id": gettext_lazy("The candidate's id."),
        "objection_id": gettext_lazy("The objection's id."),
    }

    def valid(self, serializer_class):
        if not isinstance(self.request.data, dict):
            raise APIValidationError(_("The request body must be a JSON object."))
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def run(self, action):
        try:
            return action()
        except (ValidationError, PermissionDenied) as error:
            raise_refusal(error)

    def organisation(self):
        form = OrgForm(self.request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        return organisation_for(self.request.user, form.cleaned_data["org"])


ORG = form_parameters(
    OrgForm, {"org": gettext_lazy("The workspace's organisation (default: the user's own)")}
)


class MineView(Base):
    permission_classes = [IsMember]

    @extend_schema(
        tags=TAG,
        responses={200: SelectionSerializer(many=True)},
        summary=gettext_lazy("Selections opened at the member's organisation or above it"),
        description=MEMBER_ONLY,
    )
    def get(self, request):
        member = member_of(request.user)
        return Response(
            SelectionSerializer(selectors.selections_for_member(member)[:50], many=True).data
        )


class CandidacyView(Base):
    permission_classes = [IsMember]

    @extend_schema(
        tags=TAG,
        responses={200: SelectionCandidacyOutSerializer, **error_responses(404)},
        summary=gettext_lazy("The member's own self-assessment in a selection"),
        description=MEMBER_ONLY,
    )
    def get(self, request, selection_id):
        member = member_of(request.user)
        selection = selectors.selection_for_member(member, selection_id)
        candidacy = selectors.candidacy_of(selection, member)
        if candidacy is None:
            raise Http404(_("You have not written a self-assessment in this selection."))
        return Response(SelectionCandidacyOutSerializer(candidacy).data)

    @extend_schema(
        tags=TAG,
        request=SelectionCandidacySerializer,
        responses={200: SelectionCandidacyOutSerializer, **error_responses(404, 409, 422)},
        summary=gettext_lazy("Write the member's self-assessment (while self-assessment is open)"),
        description=MEMBER_ONLY,
    )
    def put(self, request, selection_id):
        member = member_of(request.user)
        selection = selectors.selection_for_member(member, selection_id)
        data = self.valid(SelectionCandidacySerializer)
        candidacy = self.run(
            lambda: services.candidacy_submit(
                selection=selection,
                member=member,
                statements=data["statements"],
                pledge_ids=data.get("pledges", []),
                task_ids=data.get("tasks", []),
                include_study_record=data["include_study_record"],
            )
        )
        return Response(SelectionCandidacyOutSerializer(candidacy).data)


class WorkspaceView(Base):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=ORG,
        responses={200: SelectionSerializer(many=True), **error_responses(400, 404)},
        summary=gettext_lazy("Selections opened above, at or below the workspace's organisation"),
        description=WORKSPACE_ONLY,
    )
    def get(self, request):
        organisation = self.organisation()
        rows = selectors.workspace_selections(organisation)[:50]
        return Response(SelectionSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAG,
        parameters=ORG,
        request=SelectionOpenSerializer,
        responses={201: SelectionSerializer, **error_responses(404, 422)},
        summary=gettext_lazy("Open a selection at the workspace's organisation"),
        description=WORKSPACE_ONLY,
    )
    def post(self, request):
        organisation = self.organisation()
        data = self.valid(SelectionOpenSerializer)
        selection = self.run(
            lambda: services.selection_open(
                organisation=organisation, opened_by=request.user, **data
            )
        )
        return Response(SelectionSerializer(selection).data, status=status.HTTP_201_CREATED)


class CandidatesView(Base):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=ORG,
        responses={200: SelectionCandidateRowSerializer(many=True), **error_responses(400, 404)},
        summary=gettext_lazy("The candidates the workspace sees, with the branch's average stars"),
        description=WORKSPACE_ONLY,
    )
    def get(self, request, selection_id):
        organisation = self.organisation()
        selection = selectors.selection_for_workspace(organisation, selection_id)
        me = member_of(request.user)
        rows = [
            selectors.candidate_row(c, rater=me)
            for c in selectors.visible_candidates(request.user, selection, organisation)
        ]
        return Response(SelectionCandidateRowSerializer(rows, many=True).data)


class CandidateStep(Base):
    permission_classes = [IsSecretary]

    def candidate(self, candidate_id):
        return selectors.candidate_for_workspace(self.request.user, candidate_id)

    def answer(self, candidate):
        candidate.refresh_from_db()
        row = selectors.candidate_row(candidate, rater=member_of(self.request.user))
        return Response(SelectionCandidateRowSerializer(row).data)


class RatingView(CandidateStep):
    @extend_schema(
        tags=TAG,
        request=SelectionStarsSerializer,
        responses={200: SelectionCandidateRowSerializer, **error_responses(404, 409, 422)},
        summary=gettext_lazy("The signed-in committee member's own rating (one each, rewritable)"),
        description=WORKSPACE_ONLY,
    )
    def put(self, request, candidate_id):
        candidate = self.candidate(candidate_id)
        data = self.valid(SelectionStarsSerializer)
        self.run(
            lambda: services.rating_set(
                candidate=candidate, rater=member_of(request.user), stars=data["stars"]
            )
        )
        return self.answer(candidate)


class RecommendationView(CandidateStep):
    @extend_schema(
        tags=TAG,
        request=SelectionRecommendSerializer,
        responses={200: SelectionCandidateRowSerializer, **error_responses(404, 409)},
        summary=gettext_lazy("The branch recommends the candidate, or withdraws it"),
        description=WORKSPACE_ONLY,
    )
    def put(self, request, candidate_id):
        candidate = self.candidate(candidate_id)
        data = self.valid(SelectionRecommendSerializer)
        self.run(
            lambda: services.candidate_recommend(
                candidate=candidate, member=member_of(request.user), **data
            )
        )
        return self.answer(candidate)


class DecisionView(CandidateStep):
    @extend_schema(
        tags=TAG,
        request=SelectionDecisionSerializer,
        responses={200: SelectionCandidateRowSerializer, **error_responses(404, 409, 422)},
        summary=gettext_lazy("The opening committee's decision (a reason for every change)"),
        description=WORKSPACE_ONLY,
    )
    def put(self, request, candidate_id):
        candidate = self.candidate(candidate_id)
        data = self.valid(SelectionDecisionSerializer)
        self.run(lambda: services.candidate_decide(candidate=candidate, user=request.user, **data))
        return self.answer(candidate)


class CommitteeStep(Base):
    permission_classes = [IsSecretary]
    service = None

    @extend_schema(
        tags=TAG,
        parameters=ORG,
        request=None,
        responses={200: SelectionSerializer, **error_responses(404, 409)},
    )
    def post(self, request, selection_id):
        selection = selectors.selection_for_workspace(self.organisation(), selection_id)
        service = type(self).service
        self.run(lambda: service(selection=selection, user=request.user))
        selection.refresh_from_db()
        return Response(SelectionSerializer(selection).data)


@extend_schema_view(
    post=extend_schema(
        summary=gettext_lazy("Publish the shortlist as the public notice"),
        description=WORKSPACE_ONLY,
    )
)
class PublishView(CommitteeStep):
    service = staticmethod(services.notice_publish)


@extend_schema_view(
    post=extend_schema(
        summary=gettext_lazy(
            "Publish the result: the chosen members' honours go on their profiles"
        ),
        description=WORKSPACE_ONLY,
    )
)
class ResultView(CommitteeStep):
    service = staticmethod(services.selection_finalise)


class NoticeView(Base):
    permission_classes = [AllowAny]
    throttle_classes = [WriteThrottle]
    throttle_scope = "selection_objection"

    @extend_schema(
        tags=TAG,
        responses={200: SelectionNoticeSerializer, **error_responses(404)},
        summary=gettext_lazy("The public notice: the shortlist (for everyone)"),
        description=ANYONE,
    )
    def get(self, request, selection_id):
        selection = selectors.public_selection(selection_id)
        return Response(
            SelectionNoticeSerializer(
                {"selection": selection, "shortlist": selectors.shortlist(selection)}
            ).data
        )

    @extend_schema(
        tags=TAG,
        request=SelectionObjectionInSerializer,
        responses={201: None, **error_responses(404, 409, 422, 429)},
        summary=gettext_lazy(
            "Raise an objection while the notice runs (anyone; only the committee sees it)"
        ),
        description=ANYONE,
    )
    def post(self, request, selection_id):
        selection = selectors.public_selection(selection_id)
        data = self.valid(SelectionObjectionInSerializer)
        candidate = selectors.shortlist(selection).filter(pk=data["candidate"]).first()
        if candidate is None:
            raise_refusal(
                ValidationError({"candidate": _("This person is not on the public notice.")})
            )
        self.run(
            lambda: services.objection_raise(
                candidate=candidate, text=data["text"], contact=data["contact"]
            )
        )
        return Response(
            {
                "detail": _(
                    "Thank you. The committee will look into your objection and reply to you."
                )
            },
            status=status.HTTP_201_CREATED,
        )


class ObjectionsView(Base):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=ORG,
        responses={200: SelectionObjectionSerializer(many=True), **error_responses(400, 404)},
        summary=gettext_lazy("The objections (the opening committee only)"),
        description=WORKSPACE_ONLY,
    )
    def get(self, request, selection_id):
        selection = selectors.selection_for_workspace(self.organisation(), selection_id)
        if not selectors.is_committee_of(request.user, selection):
            raise_refusal(
                PermissionDenied(_("Only the committee that opened the selection sees objections."))
            )
        return Response(
            SelectionObjectionSerializer(selectors.objections_for(selection), many=True).data
        )


class AnswerView(Base):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        request=SelectionAnswerSerializer,
        responses={200: SelectionObjectionSerializer, **error_responses(404, 409, 422)},
        summary=gettext_lazy("The committee answers (or dismisses) an objection"),
        description=WORKSPACE_ONLY,
    )
    def post(self, request, objection_id):
        objection = get_object_or_404(
            Objection.objects.select_related("candidate__selection"), pk=objection_id
        )
        if not selectors.is_committee_of(request.user, objection.candidate.selection):
            raise Http404(_("There is no such objection."))
        data = self.valid(SelectionAnswerSerializer)
        self.run(lambda: services.objection_answer(objection=objection, user=request.user, **data))
        return Response(SelectionObjectionSerializer(objection).data)
