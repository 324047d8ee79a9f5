"""Pledge API: walls, pledges, posting, progress, outcome and likes (thin over services).
Serializers in cms.pledges.serializers; the OpenAPI documentation in cms.pledges.api_docs."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.models import Pledge
from cms.pledges import api_docs, liker_token, selectors, services
from cms.pledges.liker_token import VISITOR_COOKIE, VISITOR_SALT
from cms.pledges.serializers import (
    OutcomeSerializer,
    OwnPledgeSerializer,
    Pages,
    PledgeDetailSerializer,
    PledgeSerializer,
    PostSerializer,
    ProgressSerializer,
    WallPledgesQuery,
    WallSerializer,
)
from xianfeng.api import APIError, raise_refusal
from xianfeng.parsers import JSONBodyParser
from xianfeng.throttles import WriteThrottle, client_address


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

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = WallPledgesQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.wall_pledges(self.get_wall(), **query.validated_data)

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


api_docs.document(globals())
