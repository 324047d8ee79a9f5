"""The demo's branch secretary: three branches, some forty members whose study differs."""

import pytest
from django.contrib.auth import get_user_model

from cms.models import Member
from learning.branch.access import organisations_visible_to
from learning.branch.demo import SECRETARY_PASSWORD, SECRETARY_USERNAME, load_demo_branch
from learning.branch.selectors import branch_overview, member_rows

pytestmark = pytest.mark.django_db


def test_the_demo_secretary_sees_three_branches_whose_figures_differ(demo_site, settings):
    load_demo_branch(log=lambda message: None)
    user = get_user_model().objects.get(username=SECRETARY_USERNAME)
    assert user.check_password(SECRETARY_PASSWORD) and user.member.is_secretary
    town = user.member.organisation
    assert organisations_visible_to(user).filter(pk=town.pk).exists()
    overview = branch_overview(organisation=town)
    assert len(overview["children"]) >= 3
    assert overview["members"] >= 40
    statuses = {row["status"] for row in member_rows(organisation=town)}
    assert statuses == {"completed", "in_progress", "not_started", "overdue"}
    rates = {child["completion_percent"] for child in overview["children"]}
    assert len(rates) >= 3  # the chart shows a difference
    assert overview["points"]["total"] > 0 and overview["study"]["members_short"] > 0
    # Once only, and in the printed logins when the setting is on.
    before = Member.objects.count()
    load_demo_branch(log=lambda message: None)
    assert Member.objects.count() == before
    settings.DEMO_BRANCH_WORKSPACE = True
    from learning.demo import demo_logins

    assert any(login[2] == SECRETARY_USERNAME for login in demo_logins())
