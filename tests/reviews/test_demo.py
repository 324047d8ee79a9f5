"""The demo: a review in progress in the secretary's first village branch, and a pledge the
branch confirmed with residents' ratings. Idempotent."""

import pytest

from cms.models import Pledge
from cms.pledges.models import BranchVerdict, CommentStatus
from learning.branch.demo import load_demo_branch
from learning.reviews.demo import load_demo_reviews
from learning.reviews.models import PeerTally, RatingMark, Review, ReviewStatus

pytestmark = pytest.mark.django_db


class Site:
    def __init__(self, admin):
        self.admin = admin
        self.log = lambda message: None


def test_demo_review_in_progress_and_confirmed_pledge(demo_site, client):
    from cms.demo import ensure_admin

    load_demo_branch(log=lambda message: None)
    site = Site(ensure_admin())
    load_demo_reviews(site)
    review = Review.objects.get(organisation__name="套里村党支部")
    assert review.status == ReviewStatus.OPEN
    assert review.participants.exclude(self_assessment="").count() == 4
    assert RatingMark.objects.filter(review=review).count() == 6
    assert sum(PeerTally.objects.filter(review=review).values_list("count", flat=True)) == 6
    pledge = Pledge.objects.get(author__username="shen-jianming")
    assert pledge.branch_verdict == BranchVerdict.CONFIRMED
    assert (pledge.residents_satisfied, pledge.residents_unsatisfied) == (3, 1)
    assert pledge.ratings.filter(comment_status=CommentStatus.APPROVED).count() == 3
    page = client.get(pledge.wall.url + pledge.wall.reverse_subpage("pledge", args=[pledge.pk]))
    assert "路灯修好了" in page.content.decode()
    load_demo_reviews(site)  # again: nothing changes
    assert RatingMark.objects.filter(review=review).count() == 6
    assert pledge.ratings.count() == 4
