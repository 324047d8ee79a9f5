"""Pledge API: walls, pledges, posting, progress, outcome and likes (thin over services)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.models import Pledge, PledgeUpdate, PledgeWallPage
from cms.pledges import liker_token, selectors, services
from cms.pledges.liker_token import VISITOR_COOKIE, VISITOR_SALT
from xianfeng.api import (
    APIError,
    error_response,
    error_responses,
    raise_refusal,
)
from xianfeng.parsers import JSONBodyParser
from xianfeng.throttles import WriteThrottle, client_address


class Pages(PageNumberPagination):
    page_size = selectors.PER_PAGE

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                # Past the last page, or not a number: 404.
                parameter["schema"]["minimum"] = 1
                parameter["description"] = gettext_lazy("Page number, from 1.")
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        described = {
            "count": gettext_lazy("How many there are in all."),
            "next": gettext_lazy("The next page's address; null on the last page."),
            "previous": gettext_lazy("The previous page's address; null on the first page."),
            "results": gettext_lazy("This page's items."),
        }
        for name, text in described.items():
            response["properties"][name]["description"] = text
        return response


class WallSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(
        source="category_list",
        child=serializers.CharField(),
        help_text=gettext_lazy("The categories a pledge on this wall may take."),
    )
    is_open = serializers.BooleanField(help_text=gettext_lazy("Whether pledges are taken today."))
    url = serializers.CharField(help_text=gettext_lazy("The wall page's path on the site."))

    class Meta:
        model = PledgeWallPage
        fields = [
            "id",
            "title",
            "url",
            "opens_on",
            "closes_on",
            "categories",
            "moderation_mode",
            "max_pledges_per_member",
            "is_open",
        ]
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The wall's id.")},
            "title": {"help_text": gettext_lazy("The wall's title.")},
            "opens_on": {"help_text": gettext_lazy("First day pledges are taken.")},
            "closes_on": {"help_text": gettext_lazy("Last day pledges are taken; null: no end.")},
            "moderation_mode": {
                "help_text": gettext_lazy("Whether pledges are shown at once or after review.")
            },
            "max_pledges_per_member": {
                "help_text": gettext_lazy("Most pledges one member may post on this wall.")
            },
        }


class UpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = PledgeUpdate
        fields = ["id", "text", "happened_on", "created_at"]
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The progress note's id.")},
            "text": {"help_text": gettext_lazy("What was done.")},
            "happened_on": {"help_text": gettext_lazy("The day it was done.")},
            "created_at": {"help_text": gettext_lazy("When the note was posted.")},
        }


class PledgeSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text=gettext_lazy("The status, in words."),
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("Past its due date and not yet reported on.")
    )

    class Meta:
        model = Pledge
        fields = [
            "id",
            "wall",
            "member_name",
            "organisation_name",
            "text",
            "category",
            "due_on",
            "status",
            "status_label",
            "is_overdue",
            "like_count",
            # 评诺: the branch's word on the report, and residents' ratings of a fulfilled pledge.
            "branch_verdict",
            "residents_satisfied",
            "residents_unsatisfied",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The pledge's id.")},
            "wall": {"help_text": gettext_lazy("The id of the wall it was posted on.")},
            "member_name": {"help_text": gettext_lazy("The member's name as shown.")},
            "organisation_name": {"help_text": gettext_lazy("The member's organisation.")},
            "text": {"help_text": gettext_lazy("What the member pledges.")},
            "category": {"help_text": gettext_lazy("One of the wall's categories.")},
            "due_on": {"help_text": gettext_lazy("The day it is to be fulfilled by.")},
            "status": {"help_text": gettext_lazy("Where the pledge stands.")},
            "like_count": {"help_text": gettext_lazy("How many likes it has.")},
            "branch_verdict": {
                "help_text": gettext_lazy("The branch's word on the member's report, if given.")
            },
            "residents_satisfied": {
                "help_text": gettext_lazy("Residents who rated the fulfilled pledge satisfied.")
            },
            "residents_unsatisfied": {
                "help_text": gettext_lazy("Residents who rated it unsatisfied.")
            },
            "created_at": {"help_text": gettext_lazy("When it was posted.")},
            "updated_at": {"help_text": gettext_lazy("When it last changed.")},
            "outcome_note": {"help_text": gettext_lazy("The member's note on the outcome.")},
            "branch_note": {"help_text": gettext_lazy("The branch's note on the report.")},
            "flagged": {
                "help_text": gettext_lazy("Held for review: it contains words to be checked.")
            },
            "rejection_reason": {"help_text": gettext_lazy("Why a moderator rejected it.")},
        }


class PledgeDetailSerializer(PledgeSerializer):
    updates = UpdateSerializer(
        many=True, read_only=True, help_text=gettext_lazy("Progress notes, oldest first.")
    )

    class Meta(PledgeSerializer.Meta):
        fields = PledgeSerializer.Meta.fields + ["outcome_note", "branch_note", "updates"]


class OwnPledgeSerializer(PledgeDetailSerializer):
    class Meta(PledgeDetailSerializer.Meta):
        fields = PledgeDetailSerializer.Meta.fields + ["flagged", "rejection_reason"]


# What the schema can state is checked here (400); lengths count the characters as sent. The
# services then check what it cannot (422 by field, 409 for the pledge's or wall's state):
# lengths without surrounding spaces and invisible characters, the wall's own categories,
# dates relative to today, sensitive words.
class PostSerializer(serializers.Serializer):
    text = serializers.CharField(
        min_length=services.TEXT_MIN,
        max_length=services.TEXT_MAX,
        trim_whitespace=False,
        help_text=gettext_lazy("What the member pledges."),
    )
    category = serializers.CharField(
        max_length=Pledge._meta.get_field("category").max_length,
        help_text=gettext_lazy("One of the wall's categories."),
    )
    due_on = serializers.DateField(help_text=gettext_lazy("From today to three years ahead."))


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField(
        min_length=services.PROGRESS_MIN,
        max_length=services.PROGRESS_MAX,
        trim_whitespace=False,
        help_text=gettext_lazy("What was done."),
    )
    happened_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("From the pledge's day to today."),
    )


class OutcomeSerializer(serializers.Serializer):
    fulfilled = serializers.BooleanField()
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=services.NOTE_MAX,
        trim_whitespace=False,
    )

    def validate(self, data):
        if not data["fulfilled"] and len(data["note"]) < services.NOTE_MIN:
            raise serializers.ValidationError(
                {
                    "note": _("Say why the pledge was not fulfilled, in at least %(n)d characters.")
                    % {"n": services.NOTE_MIN}
                }
            )
        return data


def _note(**constraints):
    return {
        "type": "string",
        "maxLength": services.NOTE_MAX,
        "description": gettext_lazy("A note on the outcome."),
        **constraints,
    }


def _fulfilled(value):
    return {
        "type": "boolean",
        "enum": [value],
        "description": gettext_lazy("Whether the pledge was fulfilled."),
    }


# The outcome's note is required when the pledge was not fulfilled: two shapes (oneOf).
OUTCOME_REQUEST = {
    "application/json": {
        "oneOf": [
            {
                "type": "object",
                "title": gettext_lazy("Fulfilled"),
                "required": ["fulfilled"],
                "properties": {"fulfilled": _fulfilled(True), "note": _note()},
            },
            {
                "type": "object",
                "title": gettext_lazy("Not fulfilled"),
                "required": ["fulfilled", "note"],
                "properties": {
                    "fulfilled": _fulfilled(False),
                    "note": _note(
                        minLength=services.NOTE_MIN,
                        description=gettext_lazy("Why the pledge was not fulfilled."),
                    ),
                },
            },
        ]
    }
}


LIKE_RESULT = inline_serializer(
    "LikeResult",
    {
        "liked": serializers.BooleanField(
            help_text=gettext_lazy("True when this request added the like.")
        ),
        "like_count": serializers.IntegerField(help_text=gettext_lazy("How many likes it has.")),
    },
)


def live_walls():
    return selectors.public_walls().order_by("-opens_on", "-pk")


class WallList(generics.ListAPIView):
    serializer_class = WallSerializer
    pagination_class = Pages

    def get_queryset(self):
        return live_walls()


class WallDetail(generics.RetrieveAPIView):
    serializer_class = WallSerializer

    def get_queryset(self):
        return live_walls()


class WallPledgesQuery(serializers.Serializer):
    category = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text=gettext_lazy("One of the wall's categories; any other value filters nothing."),
    )
    status = serializers.ChoiceField(
        required=False,
        default="",
        allow_blank=True,
        choices=selectors.status_filter_choices(),
        help_text=gettext_lazy("Only pledges in this status."),
    )


class WallPledges(generics.ListCreateAPIView):
    """Public pledges of a wall (filter by category and status); POST makes a pledge."""

    pagination_class = Pages
    parser_classes = [JSONBodyParser]  # the wall's own form posts to the page, not here
    throttle_classes = [WriteThrottle]
    throttle_scope = "pledge_post"

    def get_wall(self):
        return generics.get_object_or_404(live_walls(), pk=self.kwargs["wall_id"])

    def get_serializer_class(self):
        return PostSerializer if self.request.method == "POST" else PledgeSerializer

    @extend_schema(
        parameters=[WallPledgesQuery],
        responses={200: PledgeSerializer(many=True), **error_responses(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = WallPledgesQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.wall_pledges(self.get_wall(), **query.validated_data)

    @extend_schema(
        request=PostSerializer, responses={201: OwnPledgeSerializer, **error_responses(409, 422)}
    )
    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Please sign in first."))
        wall = self.get_wall()
        data = PostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pledge = services.post_pledge(wall=wall, user=request.user, **data.validated_data)
        except (ValidationError, DjangoPermissionDenied) as error:
            raise_refusal(error)
        return Response(OwnPledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)


class PledgeDetail(APIView):
    @extend_schema(responses=OwnPledgeSerializer)
    def get(self, request, pk):
        pledge = selectors.visible_pledge(pk, request.user)
        own = request.user.is_authenticated and pledge.author_id == request.user.pk
        serializer = OwnPledgeSerializer if own else PledgeDetailSerializer
        return Response(serializer(pledge).data)


class MyPledges(generics.ListAPIView):
    """The signed-in member's own pledges, in every status, with reasons for rejections."""

    serializer_class = OwnPledgeSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pages

    def get_queryset(self):
        return Pledge.objects.filter(author=self.request.user).prefetch_related("updates")


class AuthorAction(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONBodyParser]  # the pledge page's own forms post to the page

    def get_pledge(self, request, pk):
        return selectors.visible_pledge(pk, request.user)


class ProgressCreate(AuthorAction):
    throttle_classes = [WriteThrottle]
    throttle_scope = "pledge_progress"

    @extend_schema(
        request=ProgressSerializer,
        responses={201: OwnPledgeSerializer, **error_responses(409, 422)},
    )
    def post(self, request, pk):
        pledge = self.get_pledge(request, pk)
        data = ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.add_progress(pledge=pledge, user=request.user, **data.validated_data)
        except (ValidationError, DjangoPermissionDenied) as error:
            raise_refusal(error)
        pledge.refresh_from_db()
        return Response(OwnPledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)


class OutcomeReport(AuthorAction):
    throttle_classes = [WriteThrottle]
    throttle_scope = "pledge_outcome"

    @extend_schema(
        request=OUTCOME_REQUEST, responses={200: OwnPledgeSerializer, **error_responses(409, 422)}
    )
    def post(self, request, pk):
        pledge = self.get_pledge(request, pk)
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.report_outcome(pledge=pledge, user=request.user, **data.validated_data)
        except (ValidationError, DjangoPermissionDenied) as error:
            raise_refusal(error)
        return Response(OwnPledgeSerializer(pledge).data)


def sent_from_this_site(request):
    """Whether a browser sent this request from one of our own pages (its Origin header).

    Anonymous likes carry no CSRF token, since the wall pages they come from are cached for
    every visitor alike; browsers name the sending page's origin on every POST, so another
    site cannot make its visitors like pledges here. Requests without the header do not come
    from a browser page and are limited like any other."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


class LikerToken(APIView):
    """A short-lived liker token for this visitor and address (cms.pledges.liker_token); the
    wall's script asks for it before the first like. Sets the liker cookie."""

    throttle_classes = [WriteThrottle]
    throttle_scope = "like_token"
    throttle_safe_methods = True

    @extend_schema(
        responses=inline_serializer(
            "LikerToken",
            {
                "token": serializers.CharField(
                    help_text=gettext_lazy("Send it in the X-Liker-Token header with a like.")
                ),
                "expires_in": serializers.IntegerField(
                    help_text=gettext_lazy("Seconds the token stays valid.")
                ),
            },
        )
    )
    def get(self, request):
        token, visitor_key, new = liker_token.issue(request)
        response = Response({"token": token, "expires_in": liker_token.TOKEN_SECONDS})
        if new:
            liker_token.set_visitor_cookie(response, visitor_key)
        return response


class LikeCreate(APIView):
    """Like a pledge once.

    Signed-in members need the CSRF token (session authentication). Anonymous visitors must
    send from this site (sent_from_this_site) and carry a liker token (X-Liker-Token) that
    an earlier request to the token endpoint handed out for their address: a like costs more
    than one request. Plain HTML forms of members get a redirect back to `next`.
    """

    throttle_classes = [WriteThrottle]
    throttle_scope = "like"

    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter(
                "X-Liker-Token",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=gettext_lazy(
                    "For a visitor without an account: a token from /api/pledges/liker-token/ "
                    "(valid 15 minutes, from the same address)."
                ),
            )
        ],
        responses={
            200: LIKE_RESULT,
            201: LIKE_RESULT,
            403: error_response(
                403,
                gettext_lazy(
                    "Sent from another site, or the liker token is forged, "
                    "expired or from another address."
                ),
            ),
            428: error_response(
                428, gettext_lazy("A visitor without an account sent no liker token.")
            ),
        },
    )
    def post(self, request, pk):
        pledge = selectors.visible_pledge(pk, None)
        visitor_key = ""
        if not request.user.is_authenticated:
            if not sent_from_this_site(request):
                raise PermissionDenied(_("Likes can only be given on this site's own pages."))
            try:
                visitor_key = liker_token.visitor_key_for(request)
            except signing.BadSignature:
                raise PermissionDenied(
                    _(
                        "This page has been open too long to like from. "
                        "Please reload it and try again."
                    )
                ) from None
            if visitor_key is None:
                raise APIError(
                    code="liker_token_required",
                    status=428,
                    detail=_(
                        "To like without signing in, use this site's pages with JavaScript "
                        "switched on, or sign in."
                    ),
                )
        try:
            liked, count = services.like(
                pledge=pledge,
                user=request.user,
                visitor_key=visitor_key,
                ip=client_address(request),
            )
        except ValidationError as error:
            raise_refusal(error)
        next_url = request.POST.get("next", "") if hasattr(request, "POST") else ""
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return HttpResponseRedirect(next_url)
        return Response(
            {"liked": liked, "like_count": count},
            status=status.HTTP_201_CREATED if liked else status.HTTP_200_OK,
        )


class LikeCounts(APIView):
    """Current like counts (and what this visitor liked) for pledges shown on a cached page."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "ids",
                str,
                description=gettext_lazy(
                    "Pledge ids separated by commas, e.g. 1,2,3: the first 100; what is not "
                    "an id is left out."
                ),
            )
        ],
        responses=inline_serializer(
            "LikeCounts",
            {
                "counts": serializers.DictField(
                    child=serializers.IntegerField(),
                    help_text=gettext_lazy("Like count by pledge id."),
                ),
                "liked": serializers.ListField(
                    child=serializers.IntegerField(),
                    help_text=gettext_lazy("Ids of the pledges this visitor liked."),
                ),
            },
        ),
    )
    def get(self, request):
        ids = selectors.parse_ids(request.query_params.get("ids", "").split(","))
        visitor_key = request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT)
        counts = selectors.like_counts(ids)
        liked = selectors.liked_by(list(counts), user=request.user, visitor_key=visitor_key)
        response = Response(
            {"counts": {str(k): v for k, v in counts.items()}, "liked": sorted(liked)}
        )
        response["Cache-Control"] = "no-store"
        return response


# The <id:…> converter's range (xianfeng/converters.py), kept with the description.
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def _described(view, summary, description):
    parameters = [
        OpenApiParameter(name, ID_SCHEMA, OpenApiParameter.PATH, description=text)
        for name, text in PATH_IDS.get(view, {}).items()
    ]
    return extend_schema(summary=summary, description=description, parameters=parameters)


# What each operation does, for the API documentation (instead of the docstrings, which are
# for the code's readers).
OPERATIONS = {
    WallList: {
        "get": (
            gettext_lazy("Pledge walls"),
            gettext_lazy("The pledge walls on the site, newest first."),
        )
    },
    WallDetail: {
        "get": (
            gettext_lazy("A pledge wall"),
            gettext_lazy("One pledge wall: its dates, categories and rules."),
        )
    },
    WallPledges: {
        "get": (
            gettext_lazy("Pledges on a wall"),
            gettext_lazy("The wall's public pledges, filtered by category and status."),
        ),
        "post": (
            gettext_lazy("Post a pledge"),
            gettext_lazy(
                "A signed-in member posts a pledge on the wall (409 when the wall is closed or "
                "the member has posted as many as it allows; 422 for what the form would "
                "refuse)."
            ),
        ),
    },
    PledgeDetail: {
        "get": (
            gettext_lazy("A pledge"),
            gettext_lazy(
                "One pledge with its progress notes; its author also sees review details."
            ),
        )
    },
    MyPledges: {
        "get": (
            gettext_lazy("My pledges"),
            gettext_lazy(
                "The signed-in member's own pledges, in every status, with reasons for rejections."
            ),
        )
    },
    ProgressCreate: {
        "post": (
            gettext_lazy("Add progress"),
            gettext_lazy("The pledge's author adds a progress note."),
        )
    },
    OutcomeReport: {
        "post": (
            gettext_lazy("Report the outcome"),
            gettext_lazy(
                "The pledge's author reports it fulfilled or not; not fulfilled needs a note."
            ),
        )
    },
    LikerToken: {
        "get": (
            gettext_lazy("Liker token"),
            gettext_lazy(
                "A short-lived token that lets a visitor without an account like pledges; the "
                "wall's script asks for it before the first like. Sets the liker cookie."
            ),
        )
    },
    LikeCreate: {
        "post": (
            gettext_lazy("Like a pledge"),
            gettext_lazy(
                "Like a pledge once. Signed-in members send the CSRF token; visitors without an "
                "account send from this site's pages with a liker token."
            ),
        )
    },
    LikeCounts: {
        "get": (
            gettext_lazy("Like counts"),
            gettext_lazy(
                "Current like counts, and which of them this visitor liked, for pledges shown "
                "on a cached page."
            ),
        )
    },
}

_PLEDGE_ID = {"id": gettext_lazy("The pledge's id.")}
PATH_IDS = {
    WallDetail: {"id": gettext_lazy("The wall's id.")},
    WallPledges: {"wall_id": gettext_lazy("The wall's id.")},
    PledgeDetail: _PLEDGE_ID,
    ProgressCreate: _PLEDGE_ID,
    OutcomeReport: _PLEDGE_ID,
    LikeCreate: _PLEDGE_ID,
}


def _document():
    for view, methods in OPERATIONS.items():
        extend_schema(tags=["pledges"])(view)
        extend_schema_view(**{m: _described(view, *text) for m, text in methods.items()})(view)


_document()
