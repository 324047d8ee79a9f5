"""One rating per rater and ratee, the review's stages, grades and who sees them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from learning.reviews import services
from learning.reviews.models import PeerTally, RatingMark, ReviewStatus
from tests.reviews.conftest import build_tree, participant

pytestmark = pytest.mark.django_db


def rate(member, review, ratee, grade="good"):
    services.rating_submit(user=member.user, review_id=review.pk, ratee_id=ratee.pk, grade=grade)


def test_each_colleague_once_never_oneself(rtree, east_review):
    e3 = participant(east_review, rtree.e3)
    rate(rtree.e1, east_review, e3)
    with pytest.raises(ValidationError, match="已经评议"):
        rate(rtree.e1, east_review, e3, "excellent")
    with pytest.raises(ValidationError):
        rate(rtree.e3, east_review, e3)  # oneself
    assert RatingMark.objects.filter(review=east_review).count() == 1
    assert sum(PeerTally.objects.filter(ratee=e3).values_list("count", flat=True)) == 1


def test_only_participants_rate_participants(rtree, east_review):
    from django.http import Http404

    with pytest.raises(Http404):  # a member of the west branch is not in the east review
        rate(rtree.w1, east_review, participant(east_review, rtree.e1))
    west = services.review_open(
        user=rtree.west_secretary.user, organisation_id=rtree.west.pk, year=2026
    )
    with pytest.raises(ValidationError):  # a ratee from another review
        rate(rtree.e1, east_review, participant(west, rtree.w1))


def test_review_covers_the_subtree_once_a_year(rtree, east_review):
    assert {p.member for p in east_review.participants.all()} == {
        rtree.east_secretary,
        rtree.e1,
        rtree.e2,
        rtree.e3,
    }
    with pytest.raises(ValidationError):  # the town's review would include the east's members
        services.review_open(
            user=rtree.town_secretary.user, organisation_id=rtree.town.pk, year=2026
        )
    with pytest.raises(ValidationError):
        services.review_open(
            user=rtree.east_secretary.user, organisation_id=rtree.east.pk, year=2026
        )


def test_stages_in_order_and_grades_seen_by_member_and_those_above(rtree, east_review, client):
    sec = rtree.east_secretary.user
    services.self_assessment_submit(
        user=rtree.e1.user, review_id=east_review.pk, text="全年认真学习，积极参加志愿服务。"
    )
    p1 = participant(east_review, rtree.e1)
    with pytest.raises(ValidationError):  # no grade before rating closes
        services.participant_grade(user=sec, participant_id=p1.pk, grade="excellent")
    with pytest.raises(ValidationError):  # no publication before rating closes
        services.review_finish(user=sec, review_id=east_review.pk)
    services.review_close(user=sec, review_id=east_review.pk)
    with pytest.raises(ValidationError):  # no rating after closing
        rate(rtree.e2, east_review, p1)
    with pytest.raises(ValidationError):
        services.self_assessment_submit(
            user=rtree.e1.user, review_id=east_review.pk, text="补充一些内容进来吧。"
        )
    with pytest.raises(PermissionDenied):  # nobody grades themselves
        services.participant_grade(
            user=sec,
            participant_id=participant(east_review, rtree.east_secretary).pk,
            grade="excellent",
        )
    for member, grade in [(rtree.e1, "excellent"), (rtree.e2, "good"), (rtree.e3, "basic")]:
        services.participant_grade(
            user=sec,
            participant_id=participant(east_review, member).pk,
            grade=grade,
            opinion="表现良好",
        )
    with pytest.raises(ValidationError):  # the secretary has no grade yet
        services.review_finish(user=sec, review_id=east_review.pk)
    services.participant_grade(
        user=rtree.town_secretary.user,
        participant_id=participant(east_review, rtree.east_secretary).pk,
        grade="excellent",
    )
    # Before publication the member sees no grade.
    client.force_login(rtree.e1.user)
    assert client.get("/api/reviews/mine/").json()[0]["final_grade"] == ""
    services.review_finish(user=sec, review_id=east_review.pk)
    east_review.refresh_from_db()
    assert east_review.status == ReviewStatus.FINISHED
    mine = client.get("/api/reviews/mine/").json()[0]
    assert mine["final_grade"] == "excellent" and mine["committee_opinion"] == "表现良好"
    page = client.get("/reviews/").content.decode()
    assert 'data-final-grade="excellent"' in page and "basic" not in page
    record = client.get("/me/").content.decode()
    assert "data-my-grades" in record
    # A colleague sees their own grade, never e1's.
    client.force_login(rtree.e3.user)
    assert 'data-final-grade="basic"' in client.get("/reviews/").content.decode()
    assert "excellent" not in str(client.get("/api/reviews/mine/").json())
    # The secretaries above see every grade; the branch report shows the figures, no names.
    for secretary in (rtree.east_secretary, rtree.town_secretary):
        client.force_login(secretary.user)
        page = client.get(f"/branch/reviews/{east_review.pk}/").content.decode()
        assert 'data-final-grade="basic"' in page
        overview = client.get(f"/branch/?org={rtree.east.pk}").content.decode()
        assert (
            "data-review-figures" in overview
            and "东三" not in overview.split("data-review-figures")[1][:600]
        )
    # The secretary of the other branch sees none of it.
    client.force_login(rtree.west_secretary.user)
    assert client.get(f"/branch/reviews/{east_review.pk}/").status_code == 404
    assert client.get(f"/api/reviews/branch/{east_review.pk}/").status_code == 404


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_of_one_colleague_count_once(wagtail_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    from tests.cms.pledges.test_concurrency import run_at_once

    t = build_tree()
    review = services.review_open(user=t.east_secretary.user, organisation_id=t.east.pk, year=2026)
    e3 = participant(review, t.e3)
    outcomes = []

    def attempt(i):
        try:
            rate(t.e1, review, e3, ["excellent", "poor"][i % 2])
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")

    run_at_once(attempt, threads=8)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7
    assert RatingMark.objects.filter(review=review).count() == 1
    assert sum(PeerTally.objects.filter(ratee=e3).values_list("count", flat=True)) == 1
    # Different raters at once all count, each once.
    others = [t.e2, t.east_secretary]
    run_at_once(lambda i: rate(others[i], review, e3), threads=2)
    assert sum(PeerTally.objects.filter(ratee=e3).values_list("count", flat=True)) == 3
