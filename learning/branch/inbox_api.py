"""The member's inbox as JSON (/api/inbox/: own messages only, marking them read, muting
kinds) and the secretary's one-action reminder (POST /api/branch/reminders/, the same view
and filters as the page, under the same rate limit)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.api.views import IsMember
from learning.branch.api import IsSecretary
from learning.branch.forms import IdField
from learning.branch.mutes import mute_states, reminder_mutes_set
from learning.branch.scope import FilterError, branch_view_for
from learning.branch.selectors import Status
from learning.branch.services import inbox_mark_read, reminder_send
from learning.models import MUTABLE_KINDS, InboxMessage, MessageKind
from learning.selectors import member_for
from xianfeng.api import APIError, raise_form_errors, raise_refusal
from xianfeng.api_docs import error_responses, form_parameters
from xianfeng.converters import MAX_ID
from xianfeng.parsers import JSONBodyParser
from xianfeng.throttles import WriteThrottle

# One named choice set in the OpenAPI schema (ENUM_NAME_OVERRIDES in the settings).
MUTABLE_KIND_CHOICES = tuple((kind.value, kind.label) for kind in MUTABLE_KINDS)
TAG = ["inbox"]
PAGE_SIZE = 50
MAX_IDS = 500


class PageForm(forms.Form):
    page = IdField(min_value=1, max_value=100000, required=False)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The message's id."))
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    kind_label = serializers.CharField(
        source="get_kind_display", help_text=gettext_lazy("The kind, in words.")
    )
    title = serializers.CharField(help_text=gettext_lazy("The message's title."))
    body = serializers.CharField(help_text=gettext_lazy("The message's text."))
    url = serializers.CharField(help_text=gettext_lazy("A link on this site, or empty"))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("When it was sent."))
    read_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When it was read; null while unread.")
    )


class InboxPageSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=gettext_lazy("Unread messages in the whole inbox"))
    count = serializers.IntegerField(help_text=gettext_lazy("How many messages there are in all."))
    page = serializers.IntegerField(help_text=gettext_lazy("This page's number, from 1."))
    pages = serializers.IntegerField(help_text=gettext_lazy("How many pages there are."))
    results = MessageSerializer(
        many=True, help_text=gettext_lazy("This page's messages, newest first.")
    )


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_IDS,
        help_text=gettext_lazy("These messages (others' ids are ignored)"),
    )
    all = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Every message")
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=gettext_lazy("Messages newly marked read"))
    unread = serializers.IntegerField(help_text=gettext_lazy("Unread messages left."))


class MuteStateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MUTABLE_KIND_CHOICES)
    label = serializers.CharField(help_text=gettext_lazy("The kind, in words."))
    muted = serializers.BooleanField(help_text=gettext_lazy("Whether the member muted it."))
    mandatory = serializers.BooleanField(
        help_text=gettext_lazy("The member's organisation requires it: delivered even if muted")
    )


class MutesSerializer(serializers.Serializer):
    kinds = MuteStateSerializer(
        many=True, help_text=gettext_lazy("Each reminder kind a member may mute.")
    )


class MutesUpdateSerializer(serializers.Serializer):
    muted = serializers.ListField(
        child=serializers.ChoiceField(choices=MUTABLE_KIND_CHOICES),
        max_length=len(MUTABLE_KINDS),
        allow_empty=True,
        help_text=gettext_lazy("Every kind the member wants muted (the others are delivered)"),
    )


class ReminderRequestSerializer(serializers.Serializer):
    org = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=gettext_lazy("The workspace's organisation (default: the secretary's own)."),
    )
    lecture = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=gettext_lazy("Only members assigned this lecture."),
    )
    status = serializers.ChoiceField(
        choices=list(Status.LABELS.items()),
        required=False,
        help_text=gettext_lazy(
            "As on the page; default: every member not done (completed reaches nobody)"
        ),
    )
    sub = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=gettext_lazy("Only members of this organisation under it."),
    )


class ReminderSentSerializer(serializers.Serializer):
    reminder = serializers.IntegerField(help_text=gettext_lazy("The logged reminder"))
    recipients = serializers.IntegerField(
        help_text=gettext_lazy(
            "Members newly reached (nobody twice on the same day for one lecture)"
        )
    )


def unread_count(member) -> int:
    return InboxMessage.objects.filter(member=member, read_at__isnull=True).count()


class MemberView(APIView):
    permission_classes = [IsMember]
    parser_classes = [JSONBodyParser]  # JSON only, as documented

    @property
    def member(self):
        return member_for(self.request.user)

    def valid(self, serializer_class):
        if not isinstance(self.request.data, dict):
            raise APIValidationError(_("The request body must be a JSON object."))
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class InboxView(MemberView):
    @extend_schema(
        tags=TAG,
        parameters=form_parameters(
            PageForm, {"page": gettext_lazy("Page number (50 messages a page)")}
        ),
        responses={200: InboxPageSerializer, **error_responses(400, 403)},
        summary=gettext_lazy(
            "The signed-in member's own messages, newest first, and the unread count"
        ),
        description=gettext_lazy("For the signed-in member: their own messages only, 50 a page."),
    )
    def get(self, request):
        form = PageForm(request.query_params)
        if not form.is_valid():
            raise_form_errors(form)
        member = self.member
        page = Paginator(InboxMessage.objects.filter(member=member), PAGE_SIZE).get_page(
            form.cleaned_data["page"] or 1
        )
        return Response(
            InboxPageSerializer(
                {
                    "unread": unread_count(member),
                    "count": page.paginator.count,
                    "page": page.number,
                    "pages": page.paginator.num_pages,
                    "results": list(page.object_list),
                }
            ).data
        )


class MarkReadView(MemberView):
    @extend_schema(
        tags=TAG,
        request=MarkReadSerializer,
        responses={200: MarkedSerializer, **error_responses(400, 403, 422)},
        summary=gettext_lazy("Mark the member's messages read: those ids, or all"),
        description=gettext_lazy(
            "Give either `ids` or `all`: true (422 for both or neither). Ids of others' "
            "messages are ignored."
        ),
    )
    def post(self, request):
        data = self.valid(MarkReadSerializer)
        if bool(data.get("ids")) == data["all"]:
            # Allowed by the schema, refused for what it cannot state: 422, as xianfeng.api says.
            raise APIError(
                code="invalid",
                status=422,
                detail=_("Give either the ids of the messages or “all”: true."),
            )
        member = self.member
        marked = inbox_mark_read(member=member, message_ids=None if data["all"] else data["ids"])
        return Response({"marked": marked, "unread": unread_count(member)})


class MutesView(MemberView):
    @extend_schema(
        tags=TAG,
        responses={200: MutesSerializer, **error_responses(403)},
        summary=gettext_lazy(
            "Which reminder kinds the member muted, and which their organisation requires"
        ),
        description=gettext_lazy(
            "A kind the member's organisation requires is delivered even if muted."
        ),
    )
    def get(self, request):
        return Response({"kinds": mute_states(member=self.member)})

    @extend_schema(
        tags=TAG,
        request=MutesUpdateSerializer,
        responses={200: MutesSerializer, **error_responses(400, 403, 422)},
        summary=gettext_lazy(
            "Set the muted kinds (422 for a kind the member's organisation requires)"
        ),
        description=gettext_lazy(
            "Send every kind the member wants muted; the kinds left out are delivered."
        ),
    )
    def put(self, request):
        data = self.valid(MutesUpdateSerializer)
        try:
            states = reminder_mutes_set(member=self.member, muted=data["muted"])
        except ValidationError as error:
            raise_refusal(error)
        return Response({"kinds": states})


class RemindView(APIView):
    permission_classes = [IsSecretary]
    parser_classes = [JSONBodyParser]
    throttle_classes = [WriteThrottle]
    throttle_scope = "branch_reminder"

    @extend_schema(
        tags=["branch"],
        request=ReminderRequestSerializer,
        responses={201: ReminderSentSerializer, **error_responses(400, 403, 404, 429)},
        summary=gettext_lazy(
            "Remind every member behind in a view of the workspace (never those done)"
        ),
        description=gettext_lazy(
            "The same filters as the workspace page. Nobody is reminded twice on the same day "
            "for one lecture. For branch secretaries and committee members, within their own "
            "subtree."
        ),
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise APIValidationError(_("The request body must be a JSON object."))
        data = ReminderRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            view = branch_view_for(request.user, {**data.validated_data, "page": 1})
        except FilterError as error:
            raise_form_errors(error.form)
        reminder = reminder_send(view=view, sent_by=request.user)
        return Response(
            {"reminder": reminder.pk, "recipients": reminder.recipients},
            status=status.HTTP_201_CREATED,
        )


app_name = "inbox-api"
urlpatterns = [
    path("", InboxView.as_view(), name="messages"),
    path("read/", MarkReadView.as_view(), name="read"),
    path("mutes/", MutesView.as_view(), name="mutes"),
]
