"""Admin screens: reviews (no peer ratings anywhere) and the moderation of residents' comments,
which goes through the service (the comment appears on the pledge's page)."""

import pytest
from django.contrib.auth import get_user_model

from cms.pledges.models import CommentStatus, PledgeRating
from cms.pledges.verdicts import pledge_rating_create

pytestmark = pytest.mark.django_db


def test_admin_lists_reviews_and_moderates_comments(
    rtree, east_review, fulfilled_pledge, client, django_capture_on_commit_callbacks
):
    admin = get_user_model().objects.create_superuser("rv_admin", "a@example.cn", "pw")
    client.force_login(admin)
    listing = client.get("/admin/member-reviews/")
    assert listing.status_code == 200 and "评议东村党支部" in listing.content.decode()
    assert client.get(f"/admin/member-reviews/inspect/{east_review.pk}/").status_code == 200
    rating = pledge_rating_create(
        pledge=fulfilled_pledge, visitor_key="v1", satisfied=True, comment="服务态度好"
    )
    assert client.get("/admin/pledge-ratings/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # retires the cached page
        response = client.post(
            f"/admin/pledge-ratings/edit/{rating.pk}/", {"comment_status": "approved"}
        )
    assert response.status_code == 302, response.content.decode()[:500]
    rating.refresh_from_db()
    assert rating.comment_status == CommentStatus.APPROVED and rating.moderated_by == admin
    page = fulfilled_pledge.wall.url + fulfilled_pledge.wall.reverse_subpage(
        "pledge", args=[fulfilled_pledge.pk]
    )
    client.logout()
    assert "服务态度好" in client.get(page).content.decode()
    # A secretary who is no administrator reaches neither screen.
    client.force_login(rtree.west_secretary.user)
    assert client.get("/admin/pledge-ratings/").status_code in (302, 403)
    assert PledgeRating.objects.filter(pledge=fulfilled_pledge).count() == 1


def test_organisation_administrators_reach_their_subtree_only(
    rtree, east_review, fulfilled_pledge, client
):
    from cms.organisation_access import organisation_administrator_grant

    east_rating = pledge_rating_create(
        pledge=fulfilled_pledge, visitor_key="v2", satisfied=False, comment="东村的评价"
    )
    organisation_administrator_grant(user=rtree.west_secretary.user, organisation=rtree.west)
    client.force_login(rtree.west_secretary.user)
    listing = client.get("/admin/pledge-ratings/")
    assert listing.status_code == 200 and "东村的评价" not in listing.content.decode()
    assert client.get(f"/admin/pledge-ratings/edit/{east_rating.pk}/").status_code == 404
    reviews = client.get("/admin/member-reviews/")
    assert reviews.status_code == 200 and "评议东村党支部" not in reviews.content.decode()
    assert client.get(f"/admin/member-reviews/inspect/{east_review.pk}/").status_code == 404
    organisation_administrator_grant(user=rtree.town_secretary.user, organisation=rtree.town)
    client.force_login(rtree.town_secretary.user)
    assert "东村的评价" in client.get("/admin/pledge-ratings/").content.decode()
