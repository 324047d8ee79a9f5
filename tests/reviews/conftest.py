"""A small tree for the review tests: 评议镇党委 over two branches (东 with a group, 西), a
secretary in each, a committee member over both, and members; plus a fulfilled pledge."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "pw-review"


def make_member(username, organisation, role="member", name=None):
    from cms.models import Member

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    return Member.objects.create(
        user=user, name=name or username, organisation=organisation, role=role
    )


def build_tree():
    from cms.models import OrganisationKind
    from cms.services import ensure_organisation

    town = ensure_organisation("评议镇党委", OrganisationKind.COMMITTEE, "北京市密云区")
    east = ensure_organisation("评议东村党支部", OrganisationKind.BRANCH, "北京市密云区", town)
    group = ensure_organisation("评议东村一组", OrganisationKind.GROUP, "北京市密云区", east)
    west = ensure_organisation("评议西村党支部", OrganisationKind.BRANCH, "北京市密云区", town)
    t = SimpleNamespace(town=town, east=east, group=group, west=west)
    t.town_secretary = make_member("rv_town", town, "committee", "镇委员")
    t.east_secretary = make_member("rv_east", east, "secretary", "东书记")
    t.west_secretary = make_member("rv_west", west, "secretary", "西书记")
    t.e1 = make_member("rv_e1", east, name="东一")
    t.e2 = make_member("rv_e2", group, name="东二")
    t.e3 = make_member("rv_e3", east, name="东三")
    t.w1 = make_member("rv_w1", west, name="西一")
    t.w2 = make_member("rv_w2", west, name="西二")
    return t


@pytest.fixture
def rtree(demo_site):
    return build_tree()


@pytest.fixture
def east_review(rtree):
    from learning.reviews.services import review_open

    return review_open(user=rtree.east_secretary.user, organisation_id=rtree.east.pk, year=2026)


def participant(review, member):
    from learning.reviews.models import Participant

    return Participant.objects.get(review=review, member=member)


@pytest.fixture
def fulfilled_pledge(rtree):
    """An east member's pledge, reported fulfilled by the member through the service."""
    import datetime

    from django.utils import timezone

    from cms.models import Pledge, PledgeStatus, PledgeWallPage
    from cms.pledges.services import report_outcome

    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    pledge = Pledge.objects.create(
        wall=wall,
        author=rtree.e1.user,
        member_name=rtree.e1.name,
        organisation=rtree.e1.organisation,
        organisation_name=rtree.e1.organisation.name,
        text="我承诺每月走访十户困难群众，帮助解决实际困难。",
        category="为民服务",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        status=PledgeStatus.IN_PROGRESS,
    )
    report_outcome(pledge=pledge, user=rtree.e1.user, fulfilled=True, note="已完成全部走访。")
    pledge.refresh_from_db()
    return pledge
