"""Members away from home (流动党员) in the branch report: a member homed in one branch and
hosted by another is in both branches' figures and lists (marked at the host) and counted
exactly once at their common ancestor; a member of another subtree is never shown. Run on
SQLite and PostgreSQL (there the lecture figures come from LectureTally)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learning.branch.comparison import children_compared, weekly_trend
from learning.branch.selectors import (
    Status,
    branch_overview,
    member_rows,
    members_short_of_quota,
)
from tests.branch.conftest import demo_site_branch, make_member, pledge, points, study

pytestmark = pytest.mark.django_db

HOUR = 45 * 60


def host(member, organisation, by):
    """Hosting made the usual way: the member applies, the host's secretary accepts."""
    from cms.host_organisations.services import host_membership_accept, host_membership_apply

    organisation.hosts_members_away = True
    organisation.save(update_fields=["hosts_members_away"])
    membership = host_membership_apply(
        member=member, organisation=organisation, workplace="嘉兴南湖"
    )
    return host_membership_accept(membership=membership, by=by.user)


@pytest.fixture
def away(tree):
    """h: home 东村 (east), hosted by 西村 (west), their common ancestor the town; x: home
    outside the town, hosted by 西村; y: home and host outside the town. Each with study,
    the town's lecture completed, points and a pledge."""
    from cms.models import OrganisationKind, PledgeStatus
    from cms.services import ensure_organisation

    outside = demo_site_branch()
    elsewhere = ensure_organisation(
        "测试外地流动党员党支部", OrganisationKind.BRANCH, "浙江省嘉兴市", outside.get_parent()
    )
    h = make_member("away_h", tree.east, name="流动甲")
    x = make_member("away_x", outside, name="流动乙")
    y = make_member("away_y", outside, name="流动丙")
    due = timezone.localdate() + datetime.timedelta(days=5)
    for i, member in enumerate([h, x, y]):
        study(member, tree.lecture, seconds=3 * HOUR, completed=True)
        points(member, 4, source_key=f"hosted-test:{i}")
        pledge(member, status=PledgeStatus.APPROVED, due_on=due, text="流动党员承诺")
    tree.h, tree.x, tree.y, tree.elsewhere = h, x, y, elsewhere
    tree.elsewhere_secretary = make_member("away_sec", elsewhere, role="secretary")
    return tree


def accept_all(t):
    host(t.h, t.west, t.west_secretary)
    host(t.x, t.west, t.west_secretary)
    host(t.y, t.elsewhere, t.elsewhere_secretary)


def figures(organisation):
    overview = branch_overview(organisation=organisation)
    overview.pop("date")
    return overview


def lecture_row(figures, lecture):
    return next(row for row in figures["lectures"] if row["lecture"] == lecture.pk)


# --- the figures of every node ---------------------------------------------------------------


def test_every_figure_counts_a_member_with_two_organisations_once(away):
    t = away
    before = {node: figures(node) for node in (t.town, t.east, t.west)}
    accept_all(t)
    after = {node: figures(node) for node in (t.town, t.east, t.west)}

    # Home side: nothing changes (h was already counted there).
    assert after[t.east] == before[t.east]
    assert after[t.east]["hosted_members"] == 0

    # Host side: h and x added once each, marked as away from home.
    west_before, west = before[t.west], after[t.west]
    assert west["members"] == west_before["members"] + 2
    assert west["hosted_members"] == 2
    assert west["study"]["hours"] == round(west_before["study"]["hours"] + 6, 1)
    assert west["points"]["base"] == west_before["points"]["base"] + 8
    assert west["pledges"]["open"] == west_before["pledges"]["open"] + 2
    for lecture in (t.lecture, t.west_lecture):
        row, row_before = lecture_row(west, lecture), lecture_row(west_before, lecture)
        assert row["assigned"] == row_before["assigned"] + 2
    town_lecture = lecture_row(west, t.lecture)
    assert town_lecture["completed"] == lecture_row(west_before, t.lecture)["completed"] + 2
    assert town_lecture["started"] == lecture_row(west_before, t.lecture)["started"] + 2
    # The town's lecture is overdue: both are done, so nothing more is overdue.
    assert town_lecture["overdue"] == lecture_row(west_before, t.lecture)["overdue"]

    # Common ancestor: h once (as before), x added once; y never.
    town_before, town = before[t.town], after[t.town]
    assert town["members"] == town_before["members"] + 1
    assert town["hosted_members"] == 1
    assert town["study"]["hours"] == round(town_before["study"]["hours"] + 3, 1)
    assert town["study"]["members_short"] == town_before["study"]["members_short"] + 1
    assert town["points"] == {**town_before["points"], "base": town_before["points"]["base"] + 4,
                              "total": town_before["points"]["total"] + 4}  # fmt: skip
    assert town["pledges"]["open"] == town_before["pledges"]["open"] + 1
    row, row_before = lecture_row(town, t.lecture), lecture_row(town_before, t.lecture)
    assert (row["assigned"], row["completed"]) == (
        row_before["assigned"] + 1,
        row_before["completed"] + 1,
    )
    # The west's own lecture now reaches h (hosted there) and x.
    row, row_before = lecture_row(town, t.west_lecture), lecture_row(town_before, t.west_lecture)
    assert row["assigned"] == row_before["assigned"] + 2

    # Sub-organisations compared at the town: the west counts whom it hosts, the east is as it was.
    children = {child["organisation"]["id"]: child for child in town["children"]}
    assert children[t.east.pk]["members"] == before[t.east]["members"]
    assert children[t.west.pk]["members"] == west["members"]
    assert children[t.west.pk]["hosted_members"] == 2
    # h is in both children and once in the town: the town's total is not their sum.
    own_town = town_before["members"] - sum(c["members"] for c in town_before["children"])
    assert sum(c["members"] for c in town["children"]) + own_town == town["members"] + 1


def test_a_hosting_inside_one_branch_counts_once_there(away):
    """Home in the east's group, host the east itself (the services refuse it, but a tree
    reorganised under a hosting can leave it so): the east counts the member once."""
    from cms.models import HostMembership, HostStatus

    t = away
    before = figures(t.east)
    HostMembership.objects.create(member=t.e2, organisation=t.east, status=HostStatus.ACCEPTED)
    after = figures(t.east)
    assert after["members"] == before["members"]
    assert after["hosted_members"] == 0
    assert after["study"] == before["study"]
    assert after["lectures"] == before["lectures"]


def test_comparison_and_trend_count_the_hosting_child(away):
    t = away
    before = {
        c["organisation"]["id"]: c for c in children_compared(organisation=t.town)["children"]
    }
    trend_before = weekly_trend(organisation=t.town)
    accept_all(t)
    after = {c["organisation"]["id"]: c for c in children_compared(organisation=t.town)["children"]}
    assert after[t.east.pk] == before[t.east.pk]
    assert after[t.west.pk]["members"] == before[t.west.pk]["members"] + 2
    assert after[t.west.pk]["pledges_fulfilled"] == before[t.west.pk]["pledges_fulfilled"]
    assert after[t.west.pk]["average_quota_hours"] > 0
    trend = weekly_trend(organisation=t.town)

    def week_totals(trend, child):
        row = next(c for c in trend["children"] if c["organisation"]["id"] == child.pk)
        return sum(w["hours"] for w in row["weeks"]), sum(
            w["lectures_completed"] for w in row["weeks"]
        )

    east_hours, east_done = week_totals(trend, t.east)
    assert (east_hours, east_done) == week_totals(trend_before, t.east)
    west_hours, west_done = week_totals(trend, t.west)
    hours_before, done_before = week_totals(trend_before, t.west)
    assert west_done == done_before + 2
    assert round(west_hours, 1) == round(hours_before + 2 * 3, 1)


# --- the lists --------------------------------------------------------------------------------


def rows_of(organisation, **filters):
    rows = member_rows(organisation=organisation, **filters)
    listed = list(rows)
    assert rows.count() == len(listed)  # counted without reading agrees with the rows
    return listed


def test_member_rows_mark_the_host_side_and_list_everyone_once(away):
    t = away
    accept_all(t)
    west = rows_of(t.west)
    h_rows = [row for row in west if row["member_id"] == t.h.pk]
    assert {row["lecture_id"] for row in h_rows} == {t.lecture.pk, t.west_lecture.pk}
    assert all(row["hosted"] for row in h_rows)
    assert {row["organisation_name"] for row in h_rows} == {t.west.name}
    assert {row["home_organisation_name"] for row in h_rows} == {t.east.name}
    assert {row["member_id"] for row in west} >= {t.h.pk, t.x.pk}
    assert t.y.pk not in {row["member_id"] for row in west}

    east = rows_of(t.east)
    assert [row["hosted"] for row in east if row["member_id"] == t.h.pk] == [False]

    town = rows_of(t.town)
    pairs = [(row["member_id"], row["lecture_id"]) for row in town]
    assert len(pairs) == len(set(pairs))  # nobody twice for one lecture
    h_town = {row["lecture_id"]: row for row in town if row["member_id"] == t.h.pk}
    assert h_town[t.lecture.pk]["hosted"] is False  # through the home, unmarked
    assert h_town[t.west_lecture.pk]["hosted"] is True  # only the host's assignment
    assert {t.y.pk, t.outsider.pk}.isdisjoint(row["member_id"] for row in town)

    # Every filter: counts agree with rows, and h's standing is the real one.
    for status in (*Status.SELECTS, None):
        listed = rows_of(t.west, status=status)
        for row in listed:
            if status:
                assert row["status"] in Status.SELECTS[status]
    completed = rows_of(t.west, status=Status.COMPLETED, lecture_id=t.lecture.pk)
    assert {t.h.pk, t.x.pk} <= {row["member_id"] for row in completed}
    not_started = rows_of(t.west, status=Status.NOT_STARTED, lecture_id=t.west_lecture.pk)
    assert {t.h.pk, t.x.pk} <= {row["member_id"] for row in not_started}
    # Paging through a sub-organisation view reads the same rows.
    sub = member_rows(organisation=t.town, sub_organisation=t.west)
    assert [row["member_id"] for row in sub[0:1000]] == [row["member_id"] for row in west]


def test_a_lecture_assigned_at_home_and_at_the_host_lists_the_member_once(away):
    from learning.models import Assignment

    t = away
    accept_all(t)
    due = Assignment.objects.get(lecture=t.west_lecture, organisation=t.west).due_on
    Assignment.objects.create(lecture=t.west_lecture, organisation=t.east, due_on=due)
    town = rows_of(t.town, lecture_id=t.west_lecture.pk)
    assert [row["member_id"] for row in town].count(t.h.pk) == 1
    (h_row,) = [row for row in town if row["member_id"] == t.h.pk]
    assert h_row["hosted"] is False and h_row["organisation_name"] == t.east.name


def test_short_of_quota_lists_hosted_members_once(away):
    t = away
    accept_all(t)
    west = list(members_short_of_quota(organisation=t.west))
    assert members_short_of_quota(organisation=t.west).count() == len(west)
    h_row = next(row for row in west if row["member_id"] == t.h.pk)
    assert h_row["hosted"] is True
    assert (h_row["organisation_id"], h_row["home_organisation_name"]) == (t.west.pk, t.east.name)
    town = list(members_short_of_quota(organisation=t.town))
    ids = [row["member_id"] for row in town]
    assert len(ids) == len(set(ids)) and members_short_of_quota(organisation=t.town).count() == len(
        ids
    )
    assert next(row for row in town if row["member_id"] == t.h.pk)["hosted"] is False
    assert next(row for row in town if row["member_id"] == t.x.pk)["hosted"] is True
    assert t.y.pk not in ids
    assert figures(t.town)["study"]["members_short"] == len(ids)
    assert figures(t.west)["study"]["members_short"] == len(west)


# --- pages, exports, reminders, API -------------------------------------------------------------


def test_pages_show_the_member_marked_at_the_host(away, signed_in):
    t = away
    accept_all(t)
    client = signed_in(t.west_secretary)
    page = client.get(reverse("branch:members"), {"lecture": t.west_lecture.pk})
    html = page.content.decode()
    assert f'data-member="{t.h.pk}"' in html
    assert f"{t.west.name}（流动党员，所在党组织：{t.east.name}）" in html
    assert "流动丙" not in html
    hours = client.get(reverse("branch:hours")).content.decode()
    assert f"（流动党员，所在党组织：{t.east.name}）" in hours
    east = signed_in(t.east_secretary).get(reverse("branch:members")).content.decode()
    assert f'data-member="{t.h.pk}"' in east and "流动党员，所在党组织" not in east


def test_exports_carry_the_home_organisation_of_members_away(away, signed_in):
    t = away
    accept_all(t)
    client = signed_in(t.town_secretary)
    response = client.get(reverse("branch:export-xlsx"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = list(book["党员"].iter_rows(values_only=True))
    assert header[-1] == "流动党员的所在党组织"
    h_rows = {(row[2], row[-1]) for row in rows if row[0] == "流动甲"}
    assert h_rows == {("红船精神", None), ("西村专题", t.east.name)}
    x_rows = [row for row in rows if row[0] == "流动乙"]
    assert len(x_rows) == 2 and {row[1] for row in x_rows} == {t.west.name}
    assert not [row for row in rows if row[0] == "流动丙"]
    pairs = [(row[0], row[2]) for row in rows]
    assert len(pairs) == len(set(pairs))  # every name here is distinct: once per lecture
    nodes = list(book["各组织对比"].iter_rows(values_only=True))
    assert nodes[0][1:3] == ("党员", "其中流动党员")
    overview = figures(t.town)
    by_name = {row[0]: row for row in nodes[1:]}
    assert by_name[t.town.name][1:3] == (overview["members"], 1)
    west = next(c for c in overview["children"] if c["organisation"]["id"] == t.west.pk)
    assert by_name[t.west.name][1:3] == (west["members"], 2)
    short_header, *short = list(book["学时不足"].iter_rows(values_only=True))
    assert short_header[-1] == "流动党员的所在党组织"
    assert [row[0] for row in short].count("流动乙") == 1

    lines = b"".join(
        signed_in(t.west_secretary).get(reverse("branch:export-csv")).streaming_content
    )
    table = list(csv.reader(io.StringIO(lines.decode("utf-8-sig"))))
    assert table[0][-1] == "流动党员的所在党组织"
    assert {row[-1] for row in table[1:] if row[0] == "流动甲"} == {t.east.name}
    assert len([row for row in table[1:] if row[0] == "流动甲"]) == 2


def test_a_reminder_reaches_a_member_away_once(away, signed_in):
    from learning.models import Assignment, InboxMessage

    t = away
    accept_all(t)
    due = Assignment.objects.get(lecture=t.west_lecture, organisation=t.west).due_on
    # The same lecture also assigned at home: still one message.
    Assignment.objects.create(lecture=t.west_lecture, organisation=t.east, due_on=due)
    client = signed_in(t.town_secretary)
    for _ in range(2):  # a second click reaches nobody twice
        client.post(reverse("branch:remind"), {"org": t.town.pk, "status": "behind"})
    ours = InboxMessage.objects.filter(member__in=[t.h, t.x, t.y], kind="reminder")
    assert sorted(ours.values_list("member__name", flat=True)) == ["流动乙", "流动甲"]
    assert ours.filter(member=t.h).count() == 1
    # The host's secretary reminding their own view reaches them no more.
    signed_in(t.west_secretary).post(reverse("branch:remind"), {"org": t.west.pk})
    assert ours.count() == 2


def test_scheduled_reminder_from_home_and_host_once(away):
    from learning.branch.mutes import Delivery
    from learning.branch.schedule import due_soon_sweep
    from learning.models import Assignment, InboxMessage, MessageKind
    from tests.learning.conftest import make_lecture

    t = away
    accept_all(t)
    lecture = make_lecture([("video", 60)], title="流动党员专题")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Assignment.objects.create(lecture=lecture, organisation=t.east, due_on=tomorrow)
    Assignment.objects.create(lecture=lecture, organisation=t.west, due_on=tomorrow)
    for _ in range(2):
        due_soon_sweep(now=timezone.now(), delivery=Delivery.load())
    got = InboxMessage.objects.filter(kind=MessageKind.DUE_SOON, title__contains="流动党员专题")
    counts = {}
    for member_id in got.values_list("member_id", flat=True):
        counts[member_id] = counts.get(member_id, 0) + 1
    assert counts[t.h.pk] == 1 and counts[t.x.pk] == 1
    assert t.y.pk not in counts and t.outsider.pk not in counts
    assert set(counts.values()) == {1}


def test_api_equivalents(away, signed_in):
    t = away
    accept_all(t)
    client = signed_in(t.town_secretary)
    overview = client.get(reverse("branch-api:overview"), {"org": t.west.pk}).json()
    assert overview["members"] == figures(t.west)["members"]
    assert overview["hosted_members"] == 2
    town = client.get(reverse("branch-api:overview")).json()
    assert town["hosted_members"] == 1 and town["members"] == figures(t.town)["members"]
    members = client.get(
        reverse("branch-api:members"), {"org": t.west.pk, "lecture": t.west_lecture.pk}
    ).json()
    h_row = next(row for row in members["results"] if row["member_id"] == t.h.pk)
    assert h_row["hosted"] is True and h_row["home_organisation_name"] == t.east.name
    assert h_row["organisation_id"] == t.west.pk
    assert members["count"] == len(members["results"])
    short = client.get(reverse("branch-api:short-of-quota"), {"org": t.west.pk}).json()
    assert [r["hosted"] for r in short["results"] if r["member_id"] == t.h.pk] == [True]
    compared = client.get(reverse("branch-api:comparison"), {"org": t.town.pk}).json()
    west = next(c for c in compared["children"] if c["organisation"]["id"] == t.west.pk)
    assert west["members"] == overview["members"]
    sent = client.post(
        reverse("branch-api:reminders"),
        {"org": t.west.pk, "lecture": t.west_lecture.pk},
        content_type="application/json",
    )
    assert sent.status_code == 201
    from learning.models import InboxMessage

    assert InboxMessage.objects.filter(member=t.h, kind="reminder").count() == 1
    # The host's secretary cannot reach the member's home branch through the API.
    refused = signed_in(t.west_secretary).get(reverse("branch-api:overview"), {"org": t.east.pk})
    assert refused.status_code == 404
