"""/api/residents/: the 1+10 roster as JSON, under the same rules as the pages. Every resident
comes from learning.residents.selectors.resident_rows (the phone masked by viewer); a resident
or organisation outside what the user may see is a 404 in the one error shape."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.branch.access import organisation_for
from learning.branch.api import IsSecretary
from learning.residents import selectors, services
from learning.residents.forms import ExportForm
from learning.residents.models import ContactKind, HonourPlaque, ResidentKind
from learning.selectors import member_for
from xianfeng.api import APIError, raise_form_errors, raise_refusal
from xianfeng.api_docs import error_responses, form_parameters
from xianfeng.converters import MAX_ID
from xianfeng.throttles import WriteThrottle

TAG = ["residents"]


class ResidentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The resident's id."))
    kind = serializers.ChoiceField(choices=ResidentKind.choices)
    name = serializers.CharField(help_text=gettext_lazy("The resident's name."))
    place = serializers.CharField(help_text=gettext_lazy("Grid or building"))
    phone = serializers.CharField(
        help_text=gettext_lazy(
            "In full for the linked member and the secretaries above; masked "
            "(138****5678) for anyone else"
        )
    )
    phone_full = serializers.BooleanField(
        help_text=gettext_lazy("Whether `phone` is the full number")
    )
    member_id = serializers.IntegerField(
        help_text=gettext_lazy("The id of the member who serves the resident.")
    )
    member_name = serializers.CharField(
        help_text=gettext_lazy("The name of the member who serves the resident.")
    )
    organisation_id = serializers.IntegerField(help_text=gettext_lazy("The organisation's id."))
    organisation_name = serializers.CharField(help_text=gettext_lazy("The organisation's name."))


class ResidentListSerializer(serializers.Serializer):
    results = ResidentSerializer(many=True, help_text=gettext_lazy("The residents."))


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The contact's id."))
    resident = serializers.IntegerField(
        source="resident_id", help_text=gettext_lazy("The resident's id.")
    )
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    on = serializers.DateField(help_text=gettext_lazy("The day of the contact."))
    note = serializers.CharField(help_text=gettext_lazy("What was done or said."))


class ContactCreateSerializer(serializers.Serializer):
    resident = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=gettext_lazy("One of yours")
    )
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    on = serializers.DateField(help_text=gettext_lazy("Today or up to a year back"))
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("What was done or said."),
    )


class ResidentDetailSerializer(ResidentSerializer):
    contacts = ContactSerializer(
        many=True,
        help_text=gettext_lazy("The latest contacts; only for those who see the full phone"),
    )


class CoverageOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The organisation's id."))
    name = serializers.CharField(help_text=gettext_lazy("The organisation's name."))


class CoverageSerializer(serializers.Serializer):
    organisation = CoverageOrganisationSerializer()
    members = serializers.IntegerField(help_text=gettext_lazy("Members in the subtree."))
    members_with_residents = serializers.IntegerField(
        help_text=gettext_lazy("Members who serve at least one resident.")
    )
    residents_covered = serializers.IntegerField(
        help_text=gettext_lazy("Residents served by a member.")
    )
    contacts_this_month = serializers.IntegerField(
        help_text=gettext_lazy("Contacts logged this month.")
    )
    members_contacted_this_month = serializers.IntegerField(
        help_text=gettext_lazy("Members who logged a contact this month.")
    )


class TenureSerializer(serializers.Serializer):
    holder_name = serializers.CharField(help_text=gettext_lazy("Who held the honour."))
    started_on = serializers.DateField(help_text=gettext_lazy("From this day."))
    ended_on = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("Until this day; null for the current holder.")
    )
    reason = serializers.CharField(help_text=gettext_lazy("Why it was awarded."))


class HonourSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The honour's id."))
    title = serializers.CharField(help_text=gettext_lazy("The honour's title."))
    description = serializers.CharField(help_text=gettext_lazy("What the honour is for."))
    organisation_id = serializers.IntegerField(
        help_text=gettext_lazy("The id of the organisation that awards it.")
    )
    organisation_name = serializers.CharField(
        source="organisation.name",
        help_text=gettext_lazy("The name of the organisation that awards it."),
    )
    history = TenureSerializer(
        many=True, help_text=gettext_lazy("Newest first; the current holder has no end")
    )


def _member_or_403(request):
    member = member_for(request.user)
    if member is None:
        raise APIError(code="not_a_member", detail=_("Only party members can do this."), status=403)
    return member


class ResidentsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        responses={200: ResidentListSerializer, **error_responses(401, 403)},
        summary=gettext_lazy(
            "The residents the user may see: their own, their organisation's (phones masked) "
            "and, for a secretary, the subtree's"
        ),
        description=gettext_lazy(
            "For a signed-in user: at most 1,000 residents. Phones are in full only for the "
            "linked member and the secretaries above."
        ),
        operation_id="residents_list",
    )
    def get(self, request):
        visible = selectors.residents_visible_to(request.user)[:1000]
        return Response({"results": selectors.resident_rows(user=request.user, residents=visible)})


# The ids in the paths, for the API documentation.
PATH_IDS = {
    "resident_id": gettext_lazy("The resident's id."),
    "plaque_id": gettext_lazy("The honour's id."),
}


class ResidentDetailView(APIView):
    path_ids = PATH_IDS
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        responses={200: ResidentDetailSerializer, **error_responses(401, 403, 404)},
        summary=gettext_lazy(
            "One resident, with the latest contacts for those who see the full phone"
        ),
        description=gettext_lazy(
            "For a signed-in user who may see the resident; anyone else gets a 404."
        ),
    )
    def get(self, request, resident_id):
        resident = selectors.residents_visible_to(request.user).filter(pk=resident_id).first()
        if resident is None:
            raise Http404(_("There is no such resident."))
        row = selectors.resident_rows(user=request.user, residents=[resident])[0]
        contacts = list(resident.contacts.all()[:50]) if row["phone_full"] else []
        return Response(ResidentDetailSerializer({**row, "contacts": contacts}).data)


class ContactCreateView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteThrottle]
    throttle_scope = "resident_write"

    @extend_schema(
        tags=TAG,
        request=ContactCreateSerializer,
        responses={201: ContactSerializer, **error_responses(400, 401, 403, 422, 429)},
        summary=gettext_lazy(
            "Log a contact (visit, call, problem solved) with one of the member's residents"
        ),
        description=gettext_lazy(
            "For the signed-in member, with their own residents only (422 for another's)."
        ),
    )
    def post(self, request):
        member = _member_or_403(request)
        # The serializer reads JSON: a list or an object where a value belongs is a 400 (a
        # Django form would call str methods on it).
        serializer = ContactCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resident = selectors.residents_of_member(member=member).filter(pk=data["resident"]).first()
        try:
            if resident is None:
                message = _("You can only log contacts with your own residents.")
                raise ValidationError({"resident": [message]})
            contact = services.contact_log(
                member=member,
                resident=resident,
                kind=data["kind"],
                on=data["on"],
                note=data.get("note", ""),
            )
        except ValidationError as error:
            raise_refusal(error)  # allowed by the schema, refused by the rules: 422
        return Response(ContactSerializer(contact).data, status=201)


class CoverageView(APIView):
    permission_classes = [IsSecretary]

    @extend_schema(
        tags=TAG,
        parameters=[
            p
            for p in form_parameters(
                ExportForm,
                {"org": gettext_lazy("The organisation (default: the secretary's own).")},
            )
            if p.name == "org"
        ],
        responses={200: CoverageSerializer, **error_responses(400, 401, 403, 404)},
        summary=gettext_lazy("1+10 coverage of an organisation's subtree"),
        description=gettext_lazy(
            "How many members serve residents, how many residents are covered and the contacts "
            "this month. For branch secretaries and committee members, within their own "
            "subtree."
        ),
    )
    def get(self, request):
        form = ExportForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        organisation = organisation_for(request.user, form.cleaned_data["org"])
        return Response(CoverageSerializer(selectors.coverage(organisation=organisation)).data)


class HonourView(APIView):
    path_ids = PATH_IDS
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        tags=TAG,
        responses={200: HonourSerializer, **error_responses(404)},
        summary=gettext_lazy("A rotating honour (流动挂牌) and its public history"),
        description=gettext_lazy("Public: no sign-in needed."),
    )
    def get(self, request, plaque_id):
        plaque = HonourPlaque.objects.select_related("organisation").filter(pk=plaque_id).first()
        if plaque is None:
            raise Http404(_("There is no such honour."))
        return Response(
            HonourSerializer(
                {
                    "id": plaque.pk,
                    "title": plaque.title,
                    "description": plaque.description,
                    "organisation_id": plaque.organisation_id,
                    "organisation": plaque.organisation,
                    "history": selectors.plaque_history(plaque=plaque),
                }
            ).data
        )
