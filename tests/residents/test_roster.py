"""Logging contacts (page and API), bad input answered in Chinese (never a 500), and coverage
figures that equal a recount."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_member_logs_a_contact_on_the_page(client, roster):
    from learning.residents.models import Contact

    client.force_login(roster.tree.e1.user)
    today = timezone.localdate()
    response = client.post(
        "/residents/contacts/",
        {"resident": roster.e1a.pk, "kind": "solved", "on": today.isoformat(), "note": "修好水管"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get(member=roster.tree.e1)
    assert (contact.member, contact.resident, contact.kind) == (
        roster.tree.e1,
        roster.e1a,
        "solved",
    )
    assert "修好水管" in client.get("/residents/").content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "visit", "on": "2020-13-01"}, "日期"),
        ({"kind": "fly", "on": "today"}, "选择"),
        (
            {
                "kind": "visit",
                "on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            },
            "晚于今天",
        ),
    ],
)
def test_bad_contact_is_a_chinese_form_error(client, roster, data, message):
    client.force_login(roster.tree.e1.user)
    response = client.post("/residents/contacts/", {"resident": roster.e1a.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_cannot_log_for_someone_elses_resident(client, roster):
    client.force_login(roster.tree.e3.user)
    today = timezone.localdate().isoformat()
    page = client.post(
        "/residents/contacts/", {"resident": roster.e1a.pk, "kind": "visit", "on": today}
    )
    assert page.status_code == 400
    api = client.post(
        "/api/residents/contacts/",
        {"resident": roster.e1a.pk, "kind": "visit", "on": today},
        content_type="application/json",
    )
    assert api.status_code == 422  # as the schema allows, refused by the rules
    body = api.json()
    assert body["code"] == "invalid" and "只能" in body["errors"]["resident"][0]


def test_api_logs_a_contact_and_refuses_bad_input_in_the_error_shape(client, roster):
    client.force_login(roster.tree.e1.user)
    ok = client.post(
        "/api/residents/contacts/",
        {"resident": roster.e1a.pk, "kind": "call", "on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["kind"] == "call"
    for body in (
        {"resident": "x", "kind": "call", "on": "2024-01-01"},
        {"resident": 99999999999999, "kind": "call", "on": "2024-01-01"},
        {},
        # JSON where a single value belongs (schema fuzzing found a 500 here)
        {"resident": roster.e1a.pk, "kind": "visit", "on": [None, None], "note": "0"},
        {"resident": roster.e1a.pk, "kind": "visit", "on": "2024-01-01", "note": {"a": 1}},
    ):
        response = client.post("/api/residents/contacts/", body, content_type="application/json")
        assert response.status_code == 400, body
        assert set(response.json()) >= {"code", "detail"}
    too_old = {"resident": roster.e1a.pk, "kind": "call", "on": "2001-01-01"}
    refused = client.post("/api/residents/contacts/", too_old, content_type="application/json")
    assert refused.status_code == 422 and "on" in refused.json()["errors"]
    broken = client.post("/api/residents/contacts/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    assert client.get("/api/residents/99999999999/").status_code == 404


def test_non_member_cannot_log(client, roster, django_user_model):
    editor = django_user_model.objects.create_user("editor_only", password="x")
    client.force_login(editor)
    response = client.post(
        "/api/residents/contacts/",
        {"resident": roster.e1a.pk, "kind": "call", "on": "2024-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == "not_a_member"


def test_add_resident_validates_phone(client, roster):
    client.force_login(roster.tree.e3.user)
    bad = client.post("/residents/add/", {"kind": "resident", "name": "新邻居", "phone": "abc"})
    assert (
        bad.status_code == 400 and "电话" in bad.content.decode() or "数字" in bad.content.decode()
    )
    good = client.post(
        "/residents/add/", {"kind": "resident", "name": "新邻居", "phone": "13600001111"}
    )
    assert good.status_code == 302
    assert roster.tree.e3.residents.get().name == "新邻居"


def test_coverage_equals_a_recount(client, roster, django_assert_max_num_queries):
    from cms.models import Member
    from learning.residents.models import Contact, Resident
    from learning.residents.selectors import coverage
    from learning.residents.services import contact_log

    tree = roster.tree
    today = timezone.localdate()
    contact_log(member=tree.e1, resident=roster.e1a, kind="visit", on=today)
    contact_log(member=tree.e1, resident=roster.e1b, kind="call", on=today)
    contact_log(member=tree.w1, resident=roster.w1, kind="call", on=today)
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    contact_log(member=tree.w1, resident=roster.w1, kind="visit", on=last_month)

    for organisation in (tree.town, tree.east, tree.west, tree.east_group):
        members = [
            m for m in Member.objects.all() if m.organisation.path.startswith(organisation.path)
        ]
        residents = [r for r in Resident.objects.all() if r.member in members]
        month = [
            c
            for c in Contact.objects.all()
            if c.member in members and c.on.year == today.year and c.on.month == today.month
        ]
        with django_assert_max_num_queries(3):
            figures = coverage(organisation=organisation, today=today)
        assert figures["members"] == len(members)
        assert figures["members_with_residents"] == len({r.member_id for r in residents})
        assert figures["residents_covered"] == len(residents)
        assert figures["contacts_this_month"] == len(month)
        assert figures["members_contacted_this_month"] == len({c.member_id for c in month})

    client.force_login(tree.town_secretary.user)
    api = client.get(f"/api/residents/coverage/?org={tree.town.pk}").json()
    assert api == {
        **coverage(organisation=tree.town),
        "organisation": {"id": tree.town.pk, "name": tree.town.name},
    }
    assert client.get("/api/residents/coverage/?org=abc").status_code == 400
    page = client.get(f"/branch/residents/?org={tree.town.pk}").content.decode()
    assert "data-without" in page and "东三" in page  # no contact this month
    assert client.get("/branch/residents/?org=abc").status_code == 404


def test_branch_tab_and_report_section(client, roster):
    client.force_login(roster.tree.east_secretary.user)
    overview = client.get("/branch/").content.decode()
    assert 'data-section="residents"' in overview
    assert "/branch/residents/" in overview
