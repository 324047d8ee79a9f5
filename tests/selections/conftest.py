"""A selection opened by 测试镇党委 over the branch workspace's test tree (tests/branch/conftest),
with a second committee member in 东村 (two raters) and a secretary outside the town."""

import datetime

import pytest
from django.utils import timezone

from tests.branch.conftest import make_member, signed_in, tree  # noqa: F401

DAY = datetime.timedelta(days=1)


def timetable(stage, today=None):
    """Dates that put today in `stage` (self_assessment, recommendation or review)."""
    today = today or timezone.localdate()
    opens, closes, recommendation, review = {
        "self_assessment": (-1, 1, 5, 10),
        "recommendation": (-5, -1, 3, 8),
        "review": (-9, -5, -1, 5),
    }[stage]
    return {
        "self_assessment_opens_on": today + opens * DAY,
        "self_assessment_closes_on": today + closes * DAY,
        "recommendation_closes_on": today + recommendation * DAY,
        "review_closes_on": today + review * DAY,
    }


def move_to(selection, stage):
    """The committee moved the timetable: today is now in `stage`."""
    for field, value in timetable(stage).items():
        setattr(selection, field, value)
    selection.save()


@pytest.fixture
def sel(tree):  # noqa: F811 - the imported fixture
    from cms.models import Organisation
    from learning.selections.services import selection_open

    tree.east_committee = make_member("east_com", tree.east, role="committee", name="东委员")
    tree.outside_secretary = make_member(
        "outside_sec",
        Organisation.objects.get(name="套里村党支部"),
        role="secretary",
        name="外书记",
    )
    tree.selection = selection_open(
        organisation=tree.town,
        opened_by=tree.town_secretary.user,
        year=timezone.localdate().year,
        title="测试镇五星党员评选",
        quota=2,
        notice_days=3,
        **timetable("self_assessment"),
    )
    return tree


STATEMENTS = {
    "争先创优": "带头评比",
    "为民服务": "上门服务",
    "敬业奉献": "",
    "创新突破": "",
    "业务攻坚": "",
}
FIVE = {"争先创优": 5, "为民服务": 5, "敬业奉献": 4, "创新突破": 4, "业务攻坚": 5}
THREE = {"争先创优": 3, "为民服务": 3, "敬业奉献": 3, "创新突破": 3, "业务攻坚": 3}


def submit(t, member, **extra):
    from learning.selections.services import candidacy_submit

    return candidacy_submit(selection=t.selection, member=member, statements=STATEMENTS, **extra)


@pytest.fixture
def shortlisted(sel):
    """e1 (东村) rated, recommended, chosen and on the public notice; w1 (西村) a candidate
    the branch did not recommend."""
    from learning.selections import services
    from learning.selections.models import Candidate

    t = sel
    t.c_e1 = submit(t, t.e1)
    t.c_w1 = submit(t, t.w1)
    move_to(t.selection, "recommendation")
    t.selection.refresh_from_db()
    t.c_e1.refresh_from_db()
    services.rating_set(candidate=t.c_e1, rater=t.east_secretary, stars=FIVE)
    services.rating_set(candidate=t.c_e1, rater=t.east_committee, stars=THREE)
    services.candidate_recommend(candidate=t.c_e1, member=t.east_secretary, recommended=True)
    services.rating_set(candidate=t.c_w1, rater=t.west_secretary, stars=THREE)
    move_to(t.selection, "review")
    t.c_e1.refresh_from_db()
    services.candidate_decide(candidate=t.c_e1, user=t.town_secretary.user, chosen=True)
    services.notice_publish(selection=t.selection, user=t.town_secretary.user)
    t.selection.refresh_from_db()
    # Fresh rows: the services read the stage from the candidate's own selection.
    t.c_e1, t.c_w1 = (Candidate.objects.get(pk=c.pk) for c in (t.c_e1, t.c_w1))
    return t
