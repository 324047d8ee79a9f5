"""The inbox API (own messages only, read, mutes), the secretary's reminder endpoint (subtree,
role, rate limit), the inbox settings form and the policy admin."""

import re

import pytest
from django.urls import reverse

from learning.branch import schedule
from learning.models import InboxMessage, MessageKind, Reminder, ReminderMute, ReminderPolicy
from tests.branch.test_schedule import at

pytestmark = pytest.mark.django_db

INBOX = "/api/inbox/"
READ = "/api/inbox/read/"
MUTES = "/api/inbox/mutes/"
REMIND = "/api/branch/reminders/"


def error_shape(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) <= {"code", "detail", "errors"} and body["detail"]
    if code:
        assert body["code"] == code
    return body


@pytest.fixture
def swept(tree):
    schedule.reminders_sweep(now=at())
    return tree


def test_a_member_sees_only_their_own_messages(swept, signed_in):
    client = signed_in(swept.e3)
    body = client.get(INBOX).json()
    own = InboxMessage.objects.filter(member=swept.e3)
    assert body["count"] == own.count() >= 1 and body["unread"] == own.count()
    assert {row["id"] for row in body["results"]} == set(own.values_list("pk", flat=True))
    assert body["results"][0]["kind_label"] and "红船精神" in body["results"][0]["title"]


def test_marking_read_touches_only_own_messages(swept, signed_in):
    others = list(InboxMessage.objects.exclude(member=swept.e3).values_list("pk", flat=True))
    mine = list(InboxMessage.objects.filter(member=swept.e3).values_list("pk", flat=True))
    client = signed_in(swept.e3)
    response = client.post(READ, {"ids": others[:3] + mine[:1]}, content_type="application/json")
    assert response.json() == {"marked": 1, "unread": len(mine) - 1}
    assert not InboxMessage.objects.filter(pk__in=others, read_at__isnull=False).exists()
    response = client.post(READ, {"all": True}, content_type="application/json")
    assert response.json()["unread"] == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"ids": "7"}, 400),
        ({"ids": [0]}, 400),
        ([1, 2], 400),
        ({"ids": ["x"]}, 400),
        ({"ids": list(range(1, 502))}, 400),
        ({}, 422),
        ({"ids": [1], "all": True}, 422),
    ],
)
def test_bad_read_requests_are_json_errors(tree, signed_in, body, status):
    client = signed_in(tree.e3)
    error_shape(client.post(READ, body, content_type="application/json"), status)


def test_bad_input_is_a_json_error(tree, signed_in):
    client = signed_in(tree.e3)
    error_shape(client.get(INBOX, {"page": "３"}), 400, "invalid")
    error_shape(client.post(READ, "{not json", content_type="application/json"), 400)
    error_shape(client.put(MUTES, {"muted": ["reminder"]}, content_type="application/json"), 400)
    error_shape(client.put(MUTES, {"muted": "overdue"}, content_type="application/json"), 400)


def test_only_members_use_the_inbox_api(tree, client, django_user_model):
    error_shape(client.get(INBOX), 403)
    client.force_login(django_user_model.objects.create_user("editor-without-member"))
    error_shape(client.get(INBOX), 403)
    error_shape(client.get(MUTES), 403)


def test_mutes_read_and_set_and_mandatory_refused(tree, signed_in):
    ReminderPolicy.objects.create(organisation=tree.town, mandatory_kinds=["overdue"])
    client = signed_in(tree.e3)
    kinds = {row["kind"]: row for row in client.get(MUTES).json()["kinds"]}
    assert kinds["overdue"]["mandatory"] and not kinds["due_soon"]["mandatory"]
    response = client.put(MUTES, {"muted": ["due_soon"]}, content_type="application/json")
    assert response.status_code == 200
    assert {row["kind"] for row in response.json()["kinds"] if row["muted"]} == {"due_soon"}
    body = error_shape(
        client.put(MUTES, {"muted": ["overdue"]}, content_type="application/json"), 422
    )
    assert "组织要求" in body["errors"]["muted"][0]
    assert list(ReminderMute.objects.filter(member=tree.e3).values_list("kind", flat=True)) == [
        "due_soon"
    ]
    client.put(MUTES, {"muted": []}, content_type="application/json")
    assert not ReminderMute.objects.filter(member=tree.e3).exists()


def test_the_secretary_reminds_a_view_of_their_subtree(tree, signed_in):
    client = signed_in(tree.east_secretary)
    response = client.post(
        REMIND, {"lecture": tree.lecture.pk, "status": "behind"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["recipients"] == 3
    reached = set(
        InboxMessage.objects.filter(kind=MessageKind.REMINDER).values_list(
            "member__name", flat=True
        )
    )
    assert reached == {"东书记", "东二", "东三"}
    # Another subtree, as the organisation or as a sub-organisation: 404, nothing sent.
    error_shape(client.post(REMIND, {"org": tree.west.pk}, content_type="application/json"), 404)
    error_shape(client.post(REMIND, {"sub": tree.west.pk}, content_type="application/json"), 404)
    error_shape(client.post(REMIND, {"status": "asleep"}, content_type="application/json"), 400)
    error_shape(client.post(REMIND, {"org": "x"}, content_type="application/json"), 400)
    assert Reminder.objects.count() == 1


def test_a_plain_member_may_not_remind(tree, signed_in, client):
    error_shape(client.post(REMIND, {}, content_type="application/json"), 403)
    error_shape(signed_in(tree.e1).post(REMIND, {}, content_type="application/json"), 403)
    assert not Reminder.objects.exists()


def test_reminders_through_the_api_are_rate_limited(tree, signed_in, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "branch_reminder": "2/hour"}
    client = signed_in(tree.east_secretary)
    for _ in range(2):
        assert client.post(REMIND, {}, content_type="application/json").status_code == 201
    response = client.post(REMIND, {}, content_type="application/json")
    error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    # The page shares the budget.
    assert client.post(reverse("branch:remind"), {}).status_code == 429


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert {"get"} <= set(paths[INBOX]) and "post" in paths[READ]
    assert {"get", "put"} <= set(paths[MUTES])
    remind = paths[REMIND]["post"]
    assert {"201", "403", "404", "429"} <= set(remind["responses"])


def test_the_inbox_page_has_the_settings_form(tree, signed_in):
    ReminderPolicy.objects.create(organisation=tree.east, mandatory_kinds=["overdue"])
    client = signed_in(tree.e3)
    page = client.get(reverse("branch:inbox")).content.decode()
    assert "组织要求，不能关闭" in page
    box = re.search(r'<input[^>]*name="overdue"[^>]*>', page).group(0)
    assert "disabled" in box and "checked" in box
    assert "disabled" not in re.search(r'<input[^>]*name="due_soon"[^>]*>', page).group(0)
    # Untick two kinds (the mandatory one cannot be unticked: its box is ignored).
    response = client.post(
        reverse("branch:inbox-mutes"),
        {"quota_behind": "on", "pledge_overdue": "on", "pledge_moderated": ""},
    )
    assert response.status_code == 302
    muted = set(ReminderMute.objects.filter(member=tree.e3).values_list("kind", flat=True))
    assert muted == {"due_soon", "pledge_moderated"}
    page = client.get(reverse("branch:inbox")).content.decode()
    assert "消息设置已保存" in page
    # Muted overdue is still mandatory for 东村: the sweep delivers it.
    schedule.overdue_sweep(now=at())
    assert InboxMessage.objects.filter(member=tree.e3, kind="overdue").exists()
    assert not InboxMessage.objects.filter(member=tree.e3, kind="due_soon").exists()


def test_the_settings_form_refuses_other_methods_and_visitors(tree, client):
    assert client.post(reverse("branch:inbox-mutes"), {}).status_code == 302  # to sign in
    client.force_login(tree.e3.user)
    assert client.get(reverse("branch:inbox-mutes")).status_code == 405


def test_an_administrator_sets_a_policy_in_the_admin(tree, client, django_user_model):
    admin = django_user_model.objects.create_superuser("policy-admin", password="x")
    client.force_login(admin)
    response = client.post(
        reverse("reminder-policies:add"),
        {"organisation": tree.west.pk, "mandatory_kinds": ["overdue", "quota_behind"]},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    policy = ReminderPolicy.objects.get(organisation=tree.west)
    assert policy.mandatory_kinds == ["overdue", "quota_behind"]
    listing = client.get(reverse("reminder-policies:index")).content.decode()
    assert "西村党支部" in listing
    edit = client.get(reverse("reminder-policies:edit", args=[policy.pk])).content.decode()
    assert 'value="overdue"' in edit and "checked" in edit
