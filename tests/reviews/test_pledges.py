"""评诺: points only on the branch's confirmation, once; residents' ratings without an account,
once per browser, limited per address, comments shown only after moderation."""

import pytest
from django.core.exceptions import ValidationError

from cms.pledges.models import BranchVerdict, CommentStatus, PledgeRating
from learning.models import InboxMessage, PointsEntry, PointsReason
from learning.reviews import services

pytestmark = pytest.mark.django_db


def points_of(member):
    return PointsEntry.objects.filter(member=member, reason=PointsReason.PLEDGE_FULFILLED)


def test_points_on_confirmation_not_on_the_report(rtree, fulfilled_pledge, client):
    assert not points_of(rtree.e1).exists()  # the member's own report pays nothing
    with pytest.raises(ValidationError):  # a dispute needs a reason
        services.pledge_review(
            user=rtree.east_secretary.user, pledge_id=fulfilled_pledge.pk, confirmed=False
        )
    services.pledge_review(
        user=rtree.east_secretary.user,
        pledge_id=fulfilled_pledge.pk,
        confirmed=False,
        note="走访记录不全，请补充材料。",
    )
    assert not points_of(rtree.e1).exists()  # disputed: nothing paid
    client.force_login(rtree.town_secretary.user)
    response = client.post(
        f"/branch/reviews/pledges/{fulfilled_pledge.pk}/",
        {"verdict": "confirmed", "note": "已核实"},
    )
    assert response.status_code == 302
    assert points_of(rtree.e1).count() == 1
    fulfilled_pledge.refresh_from_db()
    assert fulfilled_pledge.branch_verdict == BranchVerdict.CONFIRMED
    # Confirmed is final: confirming again pays nothing more and is refused.
    response = client.post(
        f"/api/reviews/pledges/{fulfilled_pledge.pk}/",
        {"verdict": "confirmed"},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert points_of(rtree.e1).count() == 1


def test_not_fulfilled_confirmed_pays_nothing(rtree, demo_site):
    import datetime

    from django.utils import timezone

    from cms.models import Pledge, PledgeStatus, PledgeWallPage
    from cms.pledges.services import report_outcome

    pledge = Pledge.objects.create(
        wall=PledgeWallPage.objects.get(slug="qijiang-qibi"),
        author=rtree.e2.user,
        member_name="东二",
        organisation=rtree.e2.organisation,
        text="我承诺每周参加一次志愿清洁活动，坚持一年。",
        category="为民服务",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
        status=PledgeStatus.APPROVED,
    )
    report_outcome(
        pledge=pledge, user=rtree.e2.user, fulfilled=False, note="因病住院，未能坚持完成。"
    )
    services.pledge_review(user=rtree.east_secretary.user, pledge_id=pledge.pk, confirmed=True)
    assert not points_of(rtree.e2).exists()


def test_pledges_page_lists_reports_of_the_subtree_only(rtree, fulfilled_pledge, client):
    client.force_login(rtree.east_secretary.user)
    page = client.get(f"/branch/reviews/?org={rtree.east.pk}").content.decode()
    assert f'data-pledge="{fulfilled_pledge.pk}"' in page
    assert client.get("/api/reviews/pledges/").json()[0]["id"] == fulfilled_pledge.pk
    client.force_login(rtree.west_secretary.user)
    assert (
        f'data-pledge="{fulfilled_pledge.pk}"'
        not in client.get("/branch/reviews/").content.decode()
    )
    for response in (
        client.post(f"/branch/reviews/pledges/{fulfilled_pledge.pk}/", {"verdict": "confirmed"}),
        client.post(f"/api/reviews/pledges/{fulfilled_pledge.pk}/", {"verdict": "confirmed"}),
    ):
        assert response.status_code == 404
    client.force_login(rtree.e2.user)  # a plain member has no workspace
    assert (
        client.post(
            f"/api/reviews/pledges/{fulfilled_pledge.pk}/", {"verdict": "confirmed"}
        ).status_code
        == 403
    )
    assert not points_of(rtree.e1).exists()


def rate_url(pledge):
    return pledge.wall.url + pledge.wall.reverse_subpage("rate", args=[pledge.pk])


def test_residents_rate_once_and_comments_wait_for_moderation(
    rtree, fulfilled_pledge, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from cms.pledges.verdicts import pledge_rating_moderate

    pledge_page = fulfilled_pledge.wall.url + fulfilled_pledge.wall.reverse_subpage(
        "pledge", args=[fulfilled_pledge.pk]
    )
    assert rate_url(fulfilled_pledge) in client.get(pledge_page).content.decode()
    form = client.get(rate_url(fulfilled_pledge))  # sets the visitor cookie
    assert form.status_code == 200 and "xf_liker" in form.cookies
    answer = client.post(
        rate_url(fulfilled_pledge), {"satisfied": "yes", "comment": "走访很认真，谢谢！"}
    )
    assert answer.status_code == 302
    again = client.post(rate_url(fulfilled_pledge), {"satisfied": "no"})
    assert again.status_code == 400 and "已经评价" in again.content.decode()
    fulfilled_pledge.refresh_from_db()
    assert (fulfilled_pledge.residents_satisfied, fulfilled_pledge.residents_unsatisfied) == (1, 0)
    rating = PledgeRating.objects.get(pledge=fulfilled_pledge)
    assert rating.comment_status == CommentStatus.PENDING
    page = client.get(pledge_page).content.decode()
    assert "走访很认真" not in page and "data-resident-counts" in page
    editor = get_user_model().objects.create_superuser("rv_editor", "e@example.cn", "pw")
    with django_capture_on_commit_callbacks(execute=True):  # retires the cached page
        pledge_rating_moderate(rating=rating, editor=editor, approve=True)
    assert "走访很认真" in client.get(pledge_page).content.decode()
    # A fresh browser (no cookie) is a new visitor; the wall shows the counts.
    client.cookies.clear()
    client.get(rate_url(fulfilled_pledge))
    client.post(rate_url(fulfilled_pledge), {"satisfied": "no"})
    fulfilled_pledge.refresh_from_db()
    assert fulfilled_pledge.residents_unsatisfied == 1
    wall = client.get(fulfilled_pledge.wall.url).content.decode()
    assert "data-resident-counts" in wall


def test_residents_rating_limit_per_address(rtree, fulfilled_pledge, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_rating_per_address": "2/hour"}
    statuses = []
    for _ in range(3):
        client.cookies.clear()
        client.get(rate_url(fulfilled_pledge))
        statuses.append(client.post(rate_url(fulfilled_pledge), {"satisfied": "yes"}).status_code)
    assert statuses == [302, 302, 429]
    fulfilled_pledge.refresh_from_db()
    assert fulfilled_pledge.residents_satisfied == 2


def test_only_fulfilled_public_pledges_can_be_rated(rtree, fulfilled_pledge, client):
    from cms.models import PledgeStatus

    fulfilled_pledge.status = PledgeStatus.NOT_FULFILLED
    fulfilled_pledge.save()
    client.get(rate_url(fulfilled_pledge))
    response = client.post(rate_url(fulfilled_pledge), {"satisfied": "yes"})
    assert response.status_code == 400
    fulfilled_pledge.status = PledgeStatus.SUBMITTED
    fulfilled_pledge.save()
    assert client.get(rate_url(fulfilled_pledge)).status_code == 404


def test_author_told_of_the_review(rtree, fulfilled_pledge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_review(
            user=rtree.east_secretary.user, pledge_id=fulfilled_pledge.pk, confirmed=True
        )
    assert InboxMessage.objects.filter(member=rtree.e1, kind="review").exists()


def test_review_opening_tells_the_members(rtree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_open(
            user=rtree.west_secretary.user, organisation_id=rtree.west.pk, year=2025
        )
    assert set(
        InboxMessage.objects.filter(kind="review").values_list("member__name", flat=True)
    ) == {
        "西书记",
        "西一",
        "西二",
    }


def test_the_nearest_secretaries_hear_of_a_report(rtree, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from cms.models import Pledge, PledgeStatus, PledgeWallPage
    from cms.pledges.services import report_outcome

    pledge = Pledge.objects.create(
        wall=PledgeWallPage.objects.get(slug="qijiang-qibi"),
        author=rtree.e2.user,
        member_name="东二",
        organisation=rtree.e2.organisation,  # the group under the east branch
        text="我承诺为村里老人每周义务理发一次。",
        category="为民服务",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
        status=PledgeStatus.APPROVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_outcome(pledge=pledge, user=rtree.e2.user, fulfilled=True)
    told = set(
        InboxMessage.objects.filter(cause_key=f"pledge-report:{pledge.pk}").values_list(
            "member__name", flat=True
        )
    )
    assert told == {"东书记"}  # the branch's secretary, not the town above, not the author
