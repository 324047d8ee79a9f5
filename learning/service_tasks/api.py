"""/api/service/: the member's two lists and catalogue, and the secretary's work list, as JSON,
under the same rules as the pages (the member's own organisation and those above it; the
secretary's subtree, 404 for anything outside it). Refusals in the one error shape."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api.views import IsMember
from learning.branch.access import organisation_for
from learning.branch.api import IsSecretary
from learning.selectors import member_for
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.models import CodeOfConduct, TaskClaim
from learning.service_tasks.selectors import (
    ancestor_paths,
    branch_service,
    member_catalogue,
    member_overview,
    member_tasks,
    secretary_claim,
    secretary_redemption,
)
from learning.service_tasks.serializers import (
    ServiceBranchClaimSerializer,
    ServiceBranchRedemptionSerializer,
    ServiceBranchSerializer,
    ServiceClaimRequestSerializer,
    ServiceClaimSerializer,
    ServiceMemberCodeSerializer,
    ServiceOrgQuerySerializer,
    ServiceOverviewSerializer,
    ServiceReasonSerializer,
    ServiceRedemptionSerializer,
    ServiceReportSerializer,
)
from xianfeng.api import raise_refusal
from xianfeng.api_docs import error_responses
from xianfeng.parsers import JSONBodyParser

TAG = ["service"]


# Who may call an operation, for the API documentation.
FOR_MEMBER = gettext_lazy("For the signed-in member: their own claims and redemptions.")
FOR_SECRETARY = gettext_lazy("For the secretaries of the organisation or one above it.")


# The ids in the paths, for the API documentation.
PATH_IDS = {
    "code_id": gettext_lazy("The code of conduct's id."),
    "task_id": gettext_lazy("The task's id."),
    "claim_id": gettext_lazy("The claim's id."),
    "item_id": gettext_lazy("The item's id."),
    "redemption_id": gettext_lazy("The redemption's id."),
}


class MemberView(APIView):
    permission_classes = [IsMember]
    parser_classes = [JSONBodyParser]
    path_ids = PATH_IDS

    @property
    def member(self):
        return member_for(self.request.user)


# Refusals about one field of the request: 422 with "errors" for that field (the others,
# about the state of things, are 409s).
FIELD_OF_CODE = {
    "reason_required": "reason",
    "reason_too_long": "reason",
    "evidence_required": "evidence",
    "evidence_too_long": "evidence",
    "photo_too_large": "photos",
    "photo_invalid": "photos",
    "photo_type": "photos",
    "too_many_photos": "photos",
}


def refused(call):
    try:
        return call()
    except ValidationError as error:
        field = FIELD_OF_CODE.get(getattr(error, "code", None))
        raise_refusal(ValidationError({field: error}) if field else error)


class OverviewView(MemberView):
    @extend_schema(
        tags=TAG,
        responses={200: ServiceOverviewSerializer, **error_responses(403)},
        summary=gettext_lazy(
            "The member's codes of conduct, open tasks, claims, catalogue and redemptions"
        ),
        description=FOR_MEMBER,
    )
    def get(self, request):
        data = member_overview(member=self.member)
        return Response(ServiceOverviewSerializer(data).data)


class AcknowledgeView(MemberView):
    @extend_schema(
        tags=TAG,
        request=None,
        responses={200: ServiceMemberCodeSerializer, **error_responses(403, 404, 409)},
        summary=gettext_lazy("Acknowledge the current version of a code of conduct (once)"),
        description=FOR_MEMBER,
    )
    def post(self, request, code_id):
        member = self.member
        code = get_object_or_404(
            CodeOfConduct, pk=code_id, organisation__path__in=ancestor_paths(member.organisation)
        )
        refused(lambda: services.code_acknowledge(member=member, code=code))
        return Response(ServiceMemberCodeSerializer({"code": code, "acknowledged": True}).data)


class ClaimView(MemberView):
    @extend_schema(
        tags=TAG,
        request=ServiceClaimRequestSerializer,
        responses={201: ServiceClaimSerializer, **error_responses(403, 404, 409)},
        summary=gettext_lazy("Claim a place on an open task (the secretary confirms it)"),
        description=FOR_MEMBER,
    )
    def post(self, request, task_id):
        member = self.member
        task = get_object_or_404(member_tasks(member=member), pk=task_id)
        body = ServiceClaimRequestSerializer(
            data=request.data if isinstance(request.data, dict) else {}
        )
        body.is_valid(raise_exception=True)
        note = body.validated_data["note"]
        claim = refused(lambda: services.task_claim(member=member, task=task, note=note))
        return Response(ServiceClaimSerializer(claim).data, status=201)


class ReportView(MemberView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAG,
        request={"multipart/form-data": ServiceReportSerializer},
        responses={200: ServiceClaimSerializer, **error_responses(403, 404, 409, 422)},
        summary=gettext_lazy("Report a confirmed claim done: a text and up to four photos"),
        description=FOR_MEMBER,
    )
    def post(self, request, claim_id):
        claim = get_object_or_404(TaskClaim, pk=claim_id, member=self.member)
        serializer = ServiceReportSerializer(
            data={
                "evidence": request.data.get("evidence", ""),
                "photos": request.FILES.getlist("photos"),
            }
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = refused(
            lambda: services.claim_report(
                claim=claim, evidence=data["evidence"], photos=data.get("photos", [])
            )
        )
        return Response(ServiceClaimSerializer(claim).data)


class RedeemView(MemberView):
    @extend_schema(
        tags=TAG,
        request=None,
        responses={201: ServiceRedemptionSerializer, **error_responses(403, 404, 409)},
        summary=gettext_lazy(
            "Redeem a catalogue item: its price is debited from the item's ledger"
        ),
        description=FOR_MEMBER,
    )
    def post(self, request, item_id):
        member = self.member
        item = get_object_or_404(member_catalogue(member=member), pk=item_id)
        made = refused(lambda: redeem.redemption_create(member=member, item=item))
        return Response(ServiceRedemptionSerializer(made).data, status=201)


# --- the secretary's ------------------------------------------------------------------------


# The secretary's endpoints. The actions derive from this, not from BranchView: they take POST
# only, and a GET at their address is a 405 (not the work list).
class SecretaryView(APIView):
    permission_classes = [IsSecretary]
    parser_classes = [JSONBodyParser]
    path_ids = PATH_IDS


class BranchView(SecretaryView):
    @extend_schema(
        tags=TAG,
        parameters=[ServiceOrgQuerySerializer],
        responses={200: ServiceBranchSerializer, **error_responses(400, 403, 404)},
        summary=gettext_lazy(
            "The secretary's work list: not acknowledged, to confirm, to verify, to hand over"
        ),
        description=FOR_SECRETARY,
    )
    def get(self, request):
        query = ServiceOrgQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        organisation = organisation_for(request.user, query.validated_data.get("org"))
        return Response(ServiceBranchSerializer(branch_service(organisation=organisation)).data)


CLAIM_ACTIONS = {
    "confirm": lambda claim, reason: services.claim_confirm(claim=claim),
    "decline": lambda claim, reason: services.claim_decline(claim=claim, reason=reason),
    "verify": lambda claim, reason: services.claim_verify(claim=claim),
    "send-back": lambda claim, reason: services.claim_send_back(claim=claim, reason=reason),
}


def _reason(request):
    serializer = ServiceReasonSerializer(
        data=request.data if isinstance(request.data, dict) else {}
    )
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["reason"]


class ClaimActionView(SecretaryView):
    @extend_schema(
        tags=TAG,
        request=ServiceReasonSerializer,
        responses={200: ServiceBranchClaimSerializer, **error_responses(403, 404, 409, 422)},
        summary=gettext_lazy(
            "Confirm, decline (with a reason), verify (pays once) or send back a claim"
        ),
        description=gettext_lazy(
            "`action`: `confirm`, `decline`, `verify` or `send-back`. For the secretaries "
            "of the claim's organisation or above it."
        ),
    )
    def post(self, request, claim_id, action):
        claim = secretary_claim(request.user, claim_id)
        reason = _reason(request)
        done = refused(lambda: CLAIM_ACTIONS[action](claim, reason))
        return Response(ServiceBranchClaimSerializer(done).data)


class RedemptionActionView(SecretaryView):
    @extend_schema(
        tags=TAG,
        request=ServiceReasonSerializer,
        responses={200: ServiceBranchRedemptionSerializer, **error_responses(403, 404, 409)},
        summary=gettext_lazy(
            "Mark a redemption handed over, or cancel it (refunded by a reversing entry)"
        ),
        description=gettext_lazy(
            "`action`: `hand-over` or `cancel`. For the secretaries of the redemption's "
            "organisation or above it."
        ),
    )
    def post(self, request, redemption_id, action):
        redemption = secretary_redemption(request.user, redemption_id)
        reason = _reason(request)
        if action == "hand-over":
            done = refused(lambda: redeem.redemption_hand_over(redemption=redemption))
        else:
            done = refused(
                lambda: redeem.redemption_cancel(
                    redemption=redemption, reason=reason, by=request.user
                )
            )
        return Response(ServiceBranchRedemptionSerializer(done).data)
