"""Daily caps stay exact when points are paid at once: a member fulfilling twelve pledges at
the same moment is paid up to the cap and not a point more, and each pledge pays once, through
cms's pledge_confirmed signal (the branch's confirmation, 评诺) and the points ledger's member lock (PostgreSQL, real threads)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from cms.models import Member, Organisation, Pledge, PledgeStatus, PledgeWallPage
from cms.pledges import services
from cms.pledges.verdicts import pledge_branch_review
from learning.models import PointsEntry, PointsReason
from learning.services.points import rule_for
from tests.cms.pledges.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres_only]
PLEDGES = 12


@pytest.fixture
def pledges(wagtail_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    from cms.demo import load_demo

    load_demo(log=lambda message: None)
    user = get_user_model().objects.create_user("doer")
    Member.objects.create(user=user, name="实干家", organisation=Organisation.objects.first())
    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    return user, [
        Pledge.objects.create(
            wall=wall,
            author=user,
            member_name="实干家",
            text=f"我承诺完成第{i}项为民服务任务",
            category="岗位建功",
            due_on="2030-01-01",
            status=PledgeStatus.APPROVED,
        )
        for i in range(PLEDGES)
    ]


@pytest.mark.django_db(transaction=True)
def test_pledges_fulfilled_at_once_pay_up_to_the_daily_cap(pledges):
    user, items = pledges
    for pledge in items:
        services.report_outcome(pledge=pledge, user=user, fulfilled=True)
    assert not PointsEntry.objects.filter(member__user=user).exists()  # the report pays nothing
    # The branch confirms them all at once (评诺): points are paid on confirmation.
    run_at_once(
        lambda i: pledge_branch_review(pledge=items[i], reviewer=None, confirmed=True),
        threads=PLEDGES,
    )
    # And once more each, as a retry would: nothing is paid twice.
    run_at_once(lambda i: services.announce_confirmation(pledge=items[i]), threads=PLEDGES)

    rule = rule_for(PointsReason.PLEDGE_FULFILLED)
    entries = PointsEntry.objects.filter(member__user=user, reason=PointsReason.PLEDGE_FULFILLED)
    assert entries.count() == PLEDGES
    assert sum(entries.values_list("points", flat=True)) == rule.daily_cap
