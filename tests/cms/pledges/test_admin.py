"""The moderation queue in the Wagtail admin and the sensitive-word snippet."""

import pytest
from django.contrib.auth import get_user_model

from cms.models import Pledge, PledgeStatus, SensitiveWord
from cms.pledges import services

pytestmark = pytest.mark.django_db
QUEUE = "/admin/pledges/moderation/"


def post(wall, user, due, text="我承诺每月走访十户困难群众。"):
    return services.post_pledge(wall=wall, user=user, text=text, category="为民服务", due_on=due)


def test_queue_lists_what_waits_and_filters(client, wall, member, other_member, editor, due):
    SensitiveWord.objects.create(word="违禁词")
    plain = post(wall, member, due)
    flagged = post(wall, other_member, due, text="我承诺绝不说违禁词，认真工作。")
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    assert plain.text in html and flagged.text in html and "承诺审核" in html
    html = client.get(QUEUE + "?flagged=1&status=submitted").content.decode()
    assert flagged.text in html and plain.text not in html
    html = client.get(QUEUE + f"?wall={wall.pk}&status=approved").content.decode()
    assert "没有符合条件的承诺" in html


def test_members_cannot_open_the_queue(client, member):
    client.force_login(member)
    assert client.get(QUEUE).status_code in (302, 403)


def test_bulk_approve_and_reject_with_reason(client, wall, member, other_member, editor, due):
    first, second = post(wall, member, due), post(wall, other_member, due)
    client.force_login(editor)
    response = client.post(
        QUEUE,
        {"action": "reject", "pledges": [first.pk, second.pk], "reason": "", "back": QUEUE},
        follow=True,
    )
    assert "请填写不通过的理由" in response.content.decode()
    assert Pledge.objects.filter(status=PledgeStatus.SUBMITTED).count() == 2
    client.post(QUEUE, {"action": "approve", "pledges": [first.pk], "back": QUEUE})
    response = client.post(
        QUEUE,
        {"action": "reject", "pledges": [second.pk], "reason": "承诺内容需更具体", "back": QUEUE},
        follow=True,
    )
    assert "已驳回1条承诺" in response.content.decode()
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == PledgeStatus.APPROVED and first.moderated_by == editor
    assert second.status == PledgeStatus.REJECTED
    assert second.rejection_reason == "承诺内容需更具体"


def test_single_approve_button(client, wall, member, editor, due):
    pledge = post(wall, member, due)
    client.force_login(editor)
    client.post(QUEUE, {"approve_one": pledge.pk, "back": QUEUE})
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED


def test_editors_maintain_sensitive_words_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/snippets/cms/sensitiveword/add/", {"word": "测试敏感词", "note": "示例"}
    )
    assert response.status_code == 302
    assert SensitiveWord.objects.filter(word="测试敏感词").exists()
    assert "测试敏感词" in admin_client.get("/admin/snippets/cms/sensitiveword/").content.decode()


def test_staff_without_the_permission_cannot_moderate(client, wall, member, due):
    from django.contrib.auth.models import Permission

    staff = get_user_model().objects.create_user("staff")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    pledge = post(wall, member, due)
    client.force_login(staff)
    assert client.post(QUEUE, {"approve_one": pledge.pk}).status_code in (302, 403)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SUBMITTED


def test_wagtail_editors_group_may_moderate(client, wall, member, due):
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("groupeditor")
    editor.groups.add(Group.objects.get(name="Editors"))
    pledge = post(wall, member, due)
    client.force_login(editor)
    assert pledge.text in client.get(QUEUE).content.decode()
    client.post(QUEUE, {"approve_one": pledge.pk, "back": QUEUE})
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED


@pytest.mark.parametrize(
    "back", ["//evil.example/steal", "https://evil.example/", "/\\evil.example/"]
)
def test_moderation_never_redirects_off_site(client, wall, member, editor, due, back):
    pledge = post(wall, member, due)
    client.force_login(editor)
    response = client.post(QUEUE, {"approve_one": pledge.pk, "back": back})
    assert response.status_code == 302 and response.url == QUEUE
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED


def test_moderation_returns_to_the_filtered_queue(client, wall, member, editor, due):
    pledge = post(wall, member, due)
    client.force_login(editor)
    back = QUEUE + "?flagged=0&status=submitted"
    assert client.post(QUEUE, {"approve_one": pledge.pk, "back": back}).url == back


def test_the_moderator_sees_why_a_pledge_was_skipped(client, wall, member, editor, due):
    wall.max_pledges_per_member = 1
    wall.save()
    rejected = post(wall, member, due)
    services.moderate(pledge=rejected, editor=editor, approve=False, reason="不够具体")
    approved = post(wall, member, due)
    services.moderate(pledge=approved, editor=editor, approve=True)
    client.force_login(editor)
    html = client.post(
        QUEUE,
        {"action": "approve", "pledges": [rejected.pk, approved.pk], "back": QUEUE},
        follow=True,
    ).content.decode()
    assert "已达上限，这项被驳回的承诺不能再次通过" in html  # the rejected one, re-approved
    assert "只有待审核或未通过的承诺可以审核通过" in html  # the one already approved
    rejected.refresh_from_db()
    assert rejected.status == PledgeStatus.REJECTED
