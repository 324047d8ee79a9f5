"""Sub-organisations compared (对表晒绩) with the weekly trend: the selectors against a recount
in the database, the workspace's section and chart, and /api/branch/comparison/ across
subtrees (the tree of tests/branch/conftest.py: 测试镇党委 with 东村 (and its group) and 西村)."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from learning.branch.comparison import children_compared, week_starts, weekly_trend
from learning.models import LectureProgress, ProgressEvent
from learning.selectors import STUDY_HOUR_SECONDS
from tests.branch.conftest import make_member, study

pytestmark = pytest.mark.django_db

URL = "/api/branch/comparison/"


@pytest.fixture
def weeks_ago(tree):
    """Study two and twenty weeks ago: inside and outside the default twelve weeks."""
    now = timezone.now()
    study(
        tree.e3,
        tree.lecture,
        seconds=2 * 2700,
        completed=True,
        when=now - datetime.timedelta(weeks=2),
    )
    study(
        tree.w2, tree.lecture, seconds=2700, completed=True, when=now - datetime.timedelta(weeks=20)
    )
    return tree


def recount(organisation, start, end):
    """Hours and lectures completed in [start, end) by the members of a subtree."""
    members = {"member__organisation__path__startswith": organisation.path}
    seconds = ProgressEvent.objects.filter(
        received_at__gte=start, received_at__lt=end, **members
    ).aggregate(s=Sum("credited_seconds"))["s"]
    completed = LectureProgress.objects.filter(
        completed_at__gte=start, completed_at__lt=end, **members
    ).count()
    return round((seconds or 0) / STUDY_HOUR_SECONDS, 1), completed


def midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def test_week_starts_are_mondays_ending_with_this_week():
    now = timezone.now()
    mondays = week_starts(weeks=12, now=now)
    assert len(mondays) == 12
    assert all(monday.weekday() == 0 for monday in mondays)
    assert mondays[-1] <= timezone.localdate(now) < mondays[-1] + datetime.timedelta(days=7)
    assert mondays[0] == mondays[-1] - datetime.timedelta(weeks=11)


def test_weekly_trend_matches_a_recount_per_child_and_week(weeks_ago):
    t = weeks_ago
    trend = weekly_trend(organisation=t.town)
    assert [c["organisation"]["id"] for c in trend["children"]] == [t.east.pk, t.west.pk]
    nodes = {t.east.pk: t.east, t.west.pk: t.west}
    for child in trend["children"]:
        node = nodes[child["organisation"]["id"]]
        for week in child["weeks"]:
            start = midnight(week["week"])
            hours, completed = recount(node, start, midnight(week["week"] + datetime.timedelta(7)))
            assert (week["hours"], week["lectures_completed"]) == (hours, completed)
    east, west = ({w["week"]: w for w in c["weeks"]} for c in trend["children"])
    this_week, two_ago = trend["weeks"][-1], trend["weeks"][-3]
    # 东一's 40 hours and 东二's 600 s this week (东二 sits in the group below 东村).
    assert east[this_week]["hours"] == round((40 * 2700 + 600) / STUDY_HOUR_SECONDS, 1)
    assert east[this_week]["lectures_completed"] == 1
    assert (east[two_ago]["hours"], east[two_ago]["lectures_completed"]) == (2.0, 1)
    assert west[this_week]["lectures_completed"] == 1
    # Twenty weeks ago is outside the twelve weeks: 西二's hour is in no week.
    assert sum(w["hours"] for w in west.values()) == round(1500 / STUDY_HOUR_SECONDS, 1)


def test_weekly_trend_leaves_out_members_of_the_node_itself_and_other_subtrees(tree):
    # 镇委员 sits on the town itself (no child) and 外人 elsewhere: neither shows in a child.
    study(tree.town_secretary, tree.west_lecture, seconds=9000, completed=True)
    trend = weekly_trend(organisation=tree.town, weeks=1)
    assert sum(c["weeks"][0]["lectures_completed"] for c in trend["children"]) == 2
    group = weekly_trend(organisation=tree.east, weeks=1)
    assert [c["organisation"]["id"] for c in group["children"]] == [tree.east_group.pk]
    assert group["children"][0]["weeks"][0]["hours"] == round(600 / STUDY_HOUR_SECONDS, 1)


def test_children_compared_against_the_database(tree):
    make_member("east_four", tree.east_group, name="东四")
    rows = {
        r["organisation"]["id"]: r for r in children_compared(organisation=tree.town)["children"]
    }
    east, west = rows[tree.east.pk], rows[tree.west.pk]
    assert east["members"] == 5 and west["members"] == 3
    # The town's lecture reaches all five of 东村 (one completed); 西村 has two lectures
    # assigned to three members each (one completion).
    assert east["completion_percent"] == round(100 * 1 / 5)
    assert west["completion_percent"] == round(100 * 1 / 6)
    assert east["average_hours"] == round((40 * 2700 + 600) / STUDY_HOUR_SECONDS / 5, 1)
    assert (east["pledges_fulfilled"], west["pledges_fulfilled"]) == (1, 0)
    # Quotas: one secretary (56 h) and four members (32 h) in 东村, pro-rated alike.
    assert east["average_quota_hours"] > 0
    ratio = west["average_quota_hours"] / east["average_quota_hours"]
    assert ratio == pytest.approx((56 + 2 * 32) / 3 / ((56 + 4 * 32) / 5), abs=0.05)


def test_the_workspace_shows_the_trend_as_a_chart_and_a_table(tree, signed_in):
    response = signed_in(tree.town_secretary).get(reverse("branch:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-trend-table" in html and html.count("<svg") >= 3
    assert reverse("branch:racing-organisation", args=[tree.town.pk]) in html


def test_the_api_compares_children_with_their_weeks(weeks_ago, signed_in):
    t = weeks_ago
    response = signed_in(t.town_secretary).get(URL, {"weeks": 4})
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"]["id"] == t.town.pk
    assert len(body["weeks"]) == 4
    expected = children_compared(organisation=t.town)["children"]
    trend = weekly_trend(organisation=t.town, weeks=4)["children"]
    for got, row, weeks in zip(body["children"], expected, trend, strict=True):
        assert got["members"] == row["members"]
        assert got["completion_percent"] == row["completion_percent"]
        assert [w["hours"] for w in got["weeks"]] == [w["hours"] for w in weeks["weeks"]]
    assert body["children"][0]["weeks"][1]["lectures_completed"] == 1  # 东三, two weeks ago


def test_the_api_refuses_another_subtree_with_404(tree, signed_in):
    client = signed_in(tree.east_secretary)
    assert client.get(URL).json()["organisation"]["id"] == tree.east.pk
    for org in (tree.west.pk, tree.town.pk, 2**31 - 1):
        response = client.get(URL, {"org": org})
        assert response.status_code == 404
        assert set(response.json()) >= {"code", "detail"}
        assert "西" not in response.content.decode()


def test_the_api_answers_bad_weeks_with_a_json_400(tree, signed_in):
    client = signed_in(tree.town_secretary)
    for weeks in ("0", "53", "abc", "３", "-1", "1" * 30):
        response = client.get(URL, {"weeks": weeks})
        assert response.status_code == 400, weeks
        body = response.json()
        assert body["code"] and "weeks" in body["errors"]


def test_the_api_is_for_secretaries_only(tree, client):
    assert client.get(URL).status_code in (401, 403)
    client.force_login(tree.e1.user)
    response = client.get(URL)
    assert response.status_code == 403 and "code" in response.json()


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert parameters["weeks"]["maximum"] == 52
    assert {"200", "400", "404"} <= set(operation["responses"])
