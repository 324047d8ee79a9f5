"""/api/reviews/: 民主评议 for members and secretaries, and the branch's side of 评诺.

The same services and rules as the pages: a member reaches their own participation only; a
secretary or committee member the reviews and pledges of their subtree (404 elsewhere, 403
without a workspace). Errors in the one JSON shape (xianfeng.api). Peer ratings are never
returned as rows: counts per grade, to the committee, once rating has closed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.members import member_of
from learning.branch.access import organisation_for
from learning.branch.api import IsSecretary
from learning.reviews import selectors, services
from learning.reviews.forms import OrgForm
from learning.reviews.serializers import (
    GradeIn,
    MyReviewSerializer,
    OpenIn,
    PledgeRowSerializer,
    RatingIn,
    ReviewDetailSerializer,
    ReviewSummarySerializer,
    SelfAssessmentIn,
    VerdictIn,
)
from xianfeng.api import raise_form_errors, raise_refusal
from xianfeng.api_docs import error_responses, form_parameters
from xianfeng.throttles import WriteThrottle

TAG = ["reviews"]


def _call(write):
    try:
        return write()
    except (ValidationError, PermissionDenied) as error:
        raise_refusal(error)


class IsMember(IsAuthenticated):
    message = gettext_lazy("Only party members registered on this site can take part.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and member_of(request.user) is not None


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class Mine(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        tags=TAG,
        responses={200: MyReviewSerializer(many=True), **error_responses(401, 403)},
        summary=gettext_lazy(
            "My member reviews: my self-assessment, colleagues to rate, my published result"
        ),
        description=gettext_lazy("For the signed-in member: their own participation only."),
    )
    def get(self, request):
        items = selectors.member_reviews(member=member_of(request.user))
        return Response(MyReviewSerializer(items, many=True).data)


# The ids in the paths, for the API documentation.
PATH_IDS = {
    "review_id": gettext_lazy("The review's id."),
    "participant_id": gettext_lazy("The participant's id."),
    "pledge_id": gettext_lazy("The pledge's id."),
}


class MemberWrite(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsMember]
    throttle_classes = [WriteThrottle]
    throttle_scope = "review_write"


class SelfAssessment(MemberWrite):
    @extend_schema(
        tags=TAG,
        request=SelfAssessmentIn,
        responses={204: None, **error_responses(400, 403, 404, 409, 422, 429)},
        summary=gettext_lazy("Write or update my self-assessment while the review is open"),
        description=gettext_lazy("For the signed-in member: their own participation only."),
    )
    def put(self, request, review_id):
        data = _valid(SelfAssessmentIn, request.data)
        _call(
            lambda: services.self_assessment_submit(
                user=request.user, review_id=review_id, text=data["text"]
            )
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class Ratings(MemberWrite):
    @extend_schema(
        tags=TAG,
        request=RatingIn,
        responses={204: None, **error_responses(400, 403, 404, 409, 422, 429)},
        summary=gettext_lazy("Rate a colleague, anonymously and once (422 when already rated)"),
        description=gettext_lazy(
            "Nothing identifying the rating is returned: the database keeps that you "
            "rated this colleague and a counter per grade, never which grade you gave."
        ),
    )
    def post(self, request, review_id):
        data = _valid(RatingIn, request.data)
        _call(
            lambda: services.rating_submit(
                user=request.user,
                review_id=review_id,
                ratee_id=data["ratee"],
                grade=data["grade"],
            )
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class BranchReviews(APIView):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=form_parameters(OrgForm),
        responses={200: ReviewSummarySerializer(many=True), **error_responses(400, 403, 404)},
        summary=gettext_lazy("Reviews in an organisation's subtree"),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def get(self, request):
        form = OrgForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        organisation = organisation_for(request.user, form.cleaned_data["org"])
        rows = selectors.reviews_in_subtree(organisation=organisation)
        return Response(ReviewSummarySerializer(rows, many=True).data)

    @extend_schema(
        tags=TAG,
        request=OpenIn,
        responses={201: ReviewSummarySerializer, **error_responses(400, 403, 404, 409, 422)},
        summary=gettext_lazy("Open the year's review for an organisation (its members are told)"),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def post(self, request):
        data = _valid(OpenIn, request.data)
        review = _call(
            lambda: services.review_open(
                user=request.user, organisation_id=data["organisation"], year=data["year"]
            )
        )
        row = selectors.reviews_in_subtree(organisation=review.organisation).get(pk=review.pk)
        return Response(ReviewSummarySerializer(row).data, status=status.HTTP_201_CREATED)


class BranchReviewDetail(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        responses={200: ReviewDetailSerializer, **error_responses(403, 404)},
        summary=gettext_lazy(
            "A review: self-assessments, progress, peer counts (after closing), grades"
        ),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def get(self, request, review_id):
        review = services.review_for_secretary(user=request.user, review_id=review_id)
        detail = selectors.review_detail(review=review)
        detail["review"] = selectors.reviews_in_subtree(organisation=review.organisation).get(
            pk=review.pk
        )
        return Response(ReviewDetailSerializer(detail).data)


class BranchStage(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsSecretary]
    stage = None

    @extend_schema(
        tags=TAG,
        request=None,
        responses={204: None, **error_responses(403, 404, 409)},
        summary=gettext_lazy("Move a review on: close rating, or publish the results"),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def post(self, request, review_id):
        action = {"close": services.review_close, "finish": services.review_finish}[self.stage]
        _call(lambda: action(user=request.user, review_id=review_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BranchGrade(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        request=GradeIn,
        responses={204: None, **error_responses(400, 403, 404, 409, 422)},
        summary=gettext_lazy("The committee's opinion and final grade for one member"),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def put(self, request, participant_id):
        data = _valid(GradeIn, request.data)
        _call(
            lambda: services.participant_grade(
                user=request.user,
                participant_id=participant_id,
                grade=data["grade"],
                opinion=data["opinion"],
            )
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class BranchPledges(APIView):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=form_parameters(OrgForm),
        responses={200: PledgeRowSerializer(many=True), **error_responses(400, 403, 404)},
        summary=gettext_lazy(
            "Pledges reported on in the subtree that await (or were disputed by) the branch"
        ),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def get(self, request):
        form = OrgForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        organisation = organisation_for(request.user, form.cleaned_data["org"])
        rows = selectors.pledges_to_review(organisation=organisation)[:200]
        return Response(PledgeRowSerializer(rows, many=True).data)


class BranchPledgeVerdict(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        request=VerdictIn,
        responses={200: PledgeRowSerializer, **error_responses(400, 403, 404, 409, 422)},
        summary=gettext_lazy(
            "Confirm or dispute a member's report (a confirmed fulfilled pledge pays points)"
        ),
        description=gettext_lazy(
            "For the secretaries and committee members of the organisation's subtree (404 "
            "elsewhere, 403 without a workspace)."
        ),
    )
    def post(self, request, pledge_id):
        data = _valid(VerdictIn, request.data)
        pledge = _call(
            lambda: services.pledge_review(
                user=request.user,
                pledge_id=pledge_id,
                confirmed=data["verdict"] == "confirmed",
                note=data["note"],
            )
        )
        return Response(PledgeRowSerializer(pledge).data)
