"""The wall, posting through the form, a pledge's own page and the member's forms."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import Pledge, PledgeStatus, SensitiveWord
from cms.pledges import services

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def approved(
    wall, user, editor, text="我承诺每周为村里老人义务理发一次。", category="为民服务", due=None
):
    pledge = services.post_pledge(
        wall=wall,
        user=user,
        text=text,
        category=category,
        due_on=due or timezone.localdate() + datetime.timedelta(days=30),
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    return pledge


def test_member_posts_through_the_form_and_sees_it_pending(client, wall, member, due):
    client.force_login(member)
    page = client.get(wall.url)
    assert "作出承诺" in page.content.decode() and 'name="text"' in page.content.decode()
    response = client.post(
        wall.url + "post/",
        {"text": "我承诺帮助三位独居老人打扫卫生。", "category": "为民服务", "due_on": due},
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/pledges/{pledge.pk}/")
    detail = client.get(response.url).content.decode()
    assert "正在等待编辑审核" in detail
    wall_html = client.get(wall.url).content.decode()
    assert "我在本墙的承诺" in wall_html and "待审核" in wall_html


def test_form_errors_are_shown_in_chinese_and_keep_the_text(client, wall, member, due):
    client.force_login(member)
    response = client.post(
        wall.url + "post/", {"text": "太短", "category": "为民服务", "due_on": due}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "至少需要10个字" in html and "太短</textarea>" in html
    assert not Pledge.objects.exists()


def test_sensitive_word_is_told_plainly(client, wall, member, due):
    SensitiveWord.objects.create(word="违禁词")
    client.force_login(member)
    response = client.post(
        wall.url + "post/",
        {"text": "我承诺不传播任何违禁词相关内容。", "category": "为民服务", "due_on": due},
        follow=True,
    )
    assert "含有需要编辑核查的词语（违禁词）" in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, wall, due):
    response = client.post(
        wall.url + "post/", {"text": "x" * 20, "category": "为民服务", "due_on": due}
    )
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert "登录后作出承诺" in client.get(wall.url).content.decode()
    assert not Pledge.objects.exists()


def test_closed_wall_shows_it_and_refuses(client, wall, member, due):
    wall.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    wall.save_revision().publish()
    client.force_login(member)
    html = client.get(wall.url).content.decode()
    assert "该承诺墙已关闭" in html and 'name="text"' not in html
    response = client.post(
        wall.url + "post/",
        {"text": "我承诺帮助三位独居老人打扫卫生。", "category": "为民服务", "due_on": due},
    )
    assert response.status_code == 400 and not Pledge.objects.exists()


def test_wall_shows_only_public_pledges_with_filters(
    client, wall, member, other_member, editor, due
):
    shown = approved(wall, member, editor, category="岗位建功")
    services.post_pledge(
        wall=wall,
        user=other_member,
        text="这条承诺还在等待审核呢。",
        category="为民服务",
        due_on=due,
    )
    html = client.get(wall.url).content.decode()
    assert shown.text in html and "等待审核呢" not in html
    assert "张三" in html and "雪水港村党总支" in html
    assert shown.text not in client.get(wall.url + "?category=为民服务").content.decode()
    assert shown.text in client.get(wall.url + "?category=岗位建功").content.decode()
    assert shown.text not in client.get(wall.url + "?status=fulfilled").content.decode()


def test_overdue_pledges_are_flagged_on_the_wall(client, wall, member, editor):
    pledge = approved(wall, member, editor)
    Pledge.objects.filter(pk=pledge.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    html = client.get(wall.url + "?status=overdue").content.decode()
    assert pledge.text in html and "is-overdue" in html and "已逾期" in html


def test_html_and_script_in_a_pledge_are_inert(client, wall, member, editor, admin_client):
    pledge = approved(wall, member, editor, text="我承诺认真履职" + XSS)
    for url in (wall.url, wall.url + f"pledges/{pledge.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html
    admin = admin_client.get("/admin/pledges/moderation/?status=").content.decode()
    assert "&lt;script&gt;alert" in admin and '<script>alert("x")' not in admin


def test_pledge_page_and_private_pledges(client, wall, member, other_member, editor, due):
    pending = services.post_pledge(
        wall=wall, user=member, text="这条承诺还在等待审核呢。", category="为民服务", due_on=due
    )
    assert client.get(wall.url + f"pledges/{pending.pk}/").status_code == 404
    client.force_login(other_member)
    assert client.get(wall.url + f"pledges/{pending.pk}/").status_code == 404
    client.force_login(member)
    assert client.get(wall.url + f"pledges/{pending.pk}/").status_code == 200


def test_author_reports_progress_and_outcome_others_cannot(
    client, wall, member, other_member, editor
):
    pledge = approved(wall, member, editor)
    base = wall.url + f"pledges/{pledge.pk}/"
    client.force_login(other_member)
    assert client.post(base + "progress/", {"progress-text": "冒名"}).status_code == 403
    assert client.post(base + "outcome/", {"outcome-outcome": "fulfilled"}).status_code == 403
    client.force_login(member)
    html = client.get(base).content.decode()
    assert "发布践诺进展" in html
    assert (
        client.post(base + "progress/", {"progress-text": "已为五位老人理发。"}).status_code == 302
    )
    bad = client.post(base + "outcome/", {"outcome-outcome": "not_fulfilled", "outcome-note": ""})
    assert bad.status_code == 400 and "未兑现的原因说明至少需要" in bad.content.decode()
    assert client.post(base + "outcome/", {"outcome-outcome": "fulfilled"}).status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FULFILLED
    client.logout()
    html = client.get(base).content.decode()
    assert "已为五位老人理发。" in html and "已践诺" in html


def test_rejected_member_sees_the_reason(client, wall, member, editor, due):
    pledge = services.post_pledge(
        wall=wall, user=member, text="我承诺做一件好事一件好事。", category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=False, reason="请写得更具体")
    client.force_login(member)
    assert "请写得更具体" in client.get(wall.url).content.decode()
    assert "请写得更具体" in client.get(wall.url + f"pledges/{pledge.pk}/").content.decode()


def test_wall_queries_do_not_grow_with_pledges(client, wall, member, editor):
    from cms.page_cache import clear_page_cache

    approved(wall, member, editor)
    client.get(wall.url)
    clear_page_cache()
    with CaptureQueriesContext(connection) as few:
        client.get(wall.url)
    clear_page_cache()
    for i in range(30):
        Pledge.objects.create(
            wall=wall,
            author=member,
            member_name=f"党员{i}",
            organisation_name="雪水港村党总支",
            text=f"承诺内容第{i}条",
            category="为民服务",
            due_on=timezone.localdate(),
            status=PledgeStatus.APPROVED,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(wall.url)
    assert response.content.decode().count('class="card pledge-card') == 24
    assert "第 1 页" in response.content.decode() or "下一页" in response.content.decode()
    assert len(many) == len(few) > 0
    assert client.get(wall.url + "?page=2").content.decode().count('class="card pledge-card') == 7


def test_approval_clears_the_anonymous_page_cache(
    client, wall, member, editor, due, django_capture_on_commit_callbacks
):
    pledge = services.post_pledge(
        wall=wall, user=member, text="我承诺每周打扫一次公共区域。", category="为民服务", due_on=due
    )
    assert pledge.text not in client.get(wall.url).content.decode()
    assert client.get(wall.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(pledge=pledge, editor=editor, approve=True)
    assert pledge.text in client.get(wall.url).content.decode()


def test_wall_index_counts_public_pledges(client, wall, member, other_member, editor, due):
    approved(wall, member, editor)
    services.post_pledge(
        wall=wall,
        user=other_member,
        text="这条承诺还在等待审核呢。",
        category="为民服务",
        due_on=due,
    )
    html = client.get(wall.get_parent().url).content.decode()
    assert "已公示承诺：1 项" in html and wall.title in html


def test_pagination_keeps_a_category_with_an_ampersand(client, wall, member):
    wall.categories = "学习&服务\n岗位建功"
    wall.save_revision().publish()
    for i in range(30):
        Pledge.objects.create(
            wall=wall,
            author=member,
            member_name=f"党员{i}",
            text=f"学习服务承诺第{i}条",
            category="学习&服务",
            due_on=timezone.localdate(),
            status=PledgeStatus.APPROVED,
        )
    Pledge.objects.create(
        wall=wall,
        author=member,
        member_name="岗位",
        text="岗位建功承诺",
        category="岗位建功",
        due_on=timezone.localdate(),
        status=PledgeStatus.APPROVED,
    )
    html = client.get(wall.url, {"category": "学习&服务"}).content.decode()
    assert html.count('class="card pledge-card') == 24
    assert "?category=%E5%AD%A6%E4%B9%A0%26%E6%9C%8D%E5%8A%A1&amp;page=2" in html
    second = client.get(wall.url + "?category=%E5%AD%A6%E4%B9%A0%26%E6%9C%8D%E5%8A%A1&page=2")
    assert second.content.decode().count('class="card pledge-card') == 6
    # A made-up filter value is not carried into the links.
    html = client.get(wall.url, {"category": 'x"><b>', "status": "nope"}).content.decode()
    assert "category=x" not in html and "status=nope" not in html
