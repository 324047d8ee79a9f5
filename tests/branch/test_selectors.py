"""The workspace's figures, checked against a recount of the rows behind them."""

import pytest

from learning.branch.selectors import Status, branch_overview, member_rows, members_short_of_quota

pytestmark = pytest.mark.django_db


def by_title(figures):
    return {row["title"]: row for row in figures["lectures"]}


def test_overview_of_the_whole_subtree(tree):
    overview = branch_overview(organisation=tree.town)
    assert overview["members"] == 8
    town = by_title(overview)["红船精神"]
    assert (town["assigned"], town["started"], town["completed"], town["overdue"]) == (8, 3, 2, 6)
    west = by_title(overview)["西村专题"]
    assert (west["assigned"], west["started"], west["completed"], west["overdue"]) == (3, 1, 0, 0)
    assert overview["points"] == {"base": 17, "service": 5, "total": 22}
    assert overview["pledges"] == {"open": 2, "overdue": 1, "fulfilled": 1}
    short = list(members_short_of_quota(organisation=tree.town))
    assert overview["study"]["members_short"] == len(short)
    assert tree.e1.pk not in {row["member_id"] for row in short}


def test_children_compared_side_by_side(tree):
    overview = branch_overview(organisation=tree.town)
    children = {child["organisation"]["name"]: child for child in overview["children"]}
    assert set(children) == {"东村党支部", "西村党支部"}
    east = children["东村党支部"]
    assert east["members"] == 4
    assert by_title(east)["红船精神"]["completed"] == 1
    assert "西村专题" not in by_title(east)
    assert children["西村党支部"]["points"]["base"] == 7
    assert east["pledges"] == {"open": 1, "overdue": 1, "fulfilled": 1}


def test_a_branch_sees_only_its_own_members(tree):
    overview = branch_overview(organisation=tree.east)
    assert overview["members"] == 4
    assert by_title(overview)["红船精神"]["assigned"] == 4
    names = {row["name"] for row in member_rows(organisation=tree.east)}
    assert names == {"东书记", "东一", "东二", "东三"}


def test_member_rows_filter_by_lecture_status_and_sub_organisation(tree):
    rows = list(member_rows(organisation=tree.town, lecture_id=tree.lecture.pk))
    assert len(rows) == 8
    statuses = {row["name"]: row["status"] for row in rows}
    assert statuses["东一"] == Status.COMPLETED
    assert statuses["东二"] == Status.OVERDUE  # started, but past the due date
    assert statuses["西二"] == Status.OVERDUE
    behind = member_rows(organisation=tree.town, lecture_id=tree.lecture.pk, status="behind")
    assert {row["name"] for row in behind} == {"镇委员", "东书记", "西书记", "东二", "东三", "西二"}
    west = list(member_rows(organisation=tree.town, sub_organisation=tree.west))
    assert {(row["name"], row["lecture_title"]) for row in west} >= {("西一", "西村专题")}
    assert all(row["organisation_id"] == tree.west.pk for row in west)
    in_progress = member_rows(
        organisation=tree.town, lecture_id=tree.west_lecture.pk, status="in_progress"
    )
    assert [row["name"] for row in in_progress] == ["西一"]
    group = member_rows(organisation=tree.town, sub_organisation=tree.east_group)
    assert [row["name"] for row in group] == ["东二"]
    assert member_rows(organisation=tree.town, status="completed").count() == 2


def test_study_figures_read_the_exact_totals_including_time_credited_without_events(tree):
    """Time credited by another source (an on-site session) counts in every reader: the
    overview, the members short of the quota and the weekly trend, once per source."""
    from django.utils import timezone

    from learning.branch.comparison import weekly_trend
    from learning.services.study_time import study_time_credit
    from tests.learning.test_study_time import assert_totals_exact

    assert_totals_exact()
    before = branch_overview(organisation=tree.east)["study"]["hours"]
    for _ in range(2):  # a retry credits nothing more
        study_time_credit(member=tree.e3, seconds=45 * 60 * 3, at=timezone.now(), source="s:1")
    assert branch_overview(organisation=tree.east)["study"]["hours"] == pytest.approx(before + 3)
    row = next(
        r for r in members_short_of_quota(organisation=tree.east) if r["member_id"] == tree.e3.pk
    )
    assert row["studied_seconds"] == 45 * 60 * 3
    trend = weekly_trend(organisation=tree.town, weeks=1)
    east = next(c for c in trend["children"] if c["organisation"]["id"] == tree.east.pk)
    assert east["weeks"][0]["hours"] == pytest.approx(round(before + 3, 1))
    assert_totals_exact()
