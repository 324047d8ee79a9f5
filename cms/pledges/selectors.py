"""Reads for pledge walls: what visitors see, what a member sees of their own pledges."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cms.models import Pledge, PledgeLike, PledgeStatus, PledgeWallPage
from cms.pledges.models import PUBLIC_STATUSES
from cms.routing import public, restricted_paths
from xianfeng.parsing import parse_id, parse_ids  # noqa: F401 - ids from requests

PER_PAGE = 24
OVERDUE = "overdue"


def status_filter_choices():
    return [(status.value, status.label) for status in PUBLIC_STATUSES] + [(OVERDUE, _("Overdue"))]


def wall_pledges(wall, *, category="", status=""):
    """Public pledges of a wall, newest first; unknown filter values are ignored."""
    if wall.pk is None:  # a preview of a wall not saved yet
        return Pledge.objects.none()
    queryset = Pledge.objects.public().filter(wall=wall)
    if category in wall.category_list:
        queryset = queryset.filter(category=category)
    if status == OVERDUE:
        queryset = queryset.overdue()
    elif status in PUBLIC_STATUSES:
        queryset = queryset.filter(status=status)
    # Only the snapshot columns the cards show: no join, no per-card query.
    return queryset.only(
        "id",
        "wall_id",
        "member_name",
        "organisation_name",
        "text",
        "category",
        "due_on",
        "status",
        "like_count",
        "residents_satisfied",
        "residents_unsatisfied",
        "branch_verdict",
        "created_at",
    ).order_by("-created_at", "-pk")


def wall_counts(wall):
    if wall.pk is None:
        return {"public": 0, "fulfilled": 0, "overdue": 0}
    public = Pledge.objects.public().filter(wall=wall)
    return {
        "public": public.count(),
        "fulfilled": public.filter(status=PledgeStatus.FULFILLED).count(),
        "overdue": public.overdue().count(),
    }


def member_pledges(wall, user):
    if not user.is_authenticated or wall.pk is None:
        return Pledge.objects.none()
    return Pledge.objects.filter(wall=wall, author=user).order_by("-created_at", "-pk")


def public_walls():
    # Read fresh: an API answer must not wait for the cache to learn of a new restriction.
    return public(PledgeWallPage.objects.live(), restricted_paths(fresh=True))


def visible_pledge(pledge_id, user, wall=None):
    """A pledge anyone may see (public), or its author may see (any status); else 404.

    Without a wall (the API) a public pledge must also sit on a live wall open to everyone:
    Wagtail's own checks (unpublished, private) only guard pages it serves.
    """
    pledge_id = parse_id(pledge_id)
    if pledge_id is None:
        raise Http404(_("No such pledge."))
    visible = Q(status__in=PUBLIC_STATUSES)
    if wall is None:
        visible &= Q(wall__in=public_walls())
    if user is not None and user.is_authenticated:
        visible |= Q(author=user)
    queryset = Pledge.objects.select_related("wall").filter(visible, pk=pledge_id)
    if wall is not None:
        queryset = queryset.filter(wall=wall)
    pledge = queryset.first()
    if pledge is None:
        raise Http404(_("No such pledge."))
    return pledge


def shown_ratings(pledge, limit=20):
    """Residents' comments an editor approved (评诺), newest first."""
    from cms.pledges.models import CommentStatus, PledgeRating

    return PledgeRating.objects.filter(
        pledge=pledge, comment_status=CommentStatus.APPROVED
    ).order_by("-created_at", "-pk")[:limit]


def liked_by(pledge_ids, *, user=None, visitor_key=""):
    liker = (
        Q(user=user) if user is not None and user.is_authenticated else Q(visitor_key=visitor_key)
    )
    if not visitor_key and not (user is not None and user.is_authenticated):
        return set()
    return set(
        PledgeLike.objects.filter(liker, pledge_id__in=pledge_ids).values_list(
            "pledge_id", flat=True
        )
    )


def like_counts(pledge_ids):
    return dict(
        Pledge.objects.public()
        .filter(pk__in=pledge_ids, wall__in=public_walls())
        .values_list("pk", "like_count")
    )


def moderation_queue(*, wall=None, status="", flagged="", search=""):
    queryset = Pledge.objects.select_related("wall", "moderated_by")
    if wall:
        queryset = queryset.filter(wall_id=wall)
    if status:
        queryset = queryset.filter(status=status)
    if flagged in ("1", "0"):
        queryset = queryset.filter(flagged=flagged == "1")
    if search:
        queryset = queryset.filter(Q(text__icontains=search) | Q(member_name__icontains=search))
    return queryset.order_by("-created_at", "-pk")
