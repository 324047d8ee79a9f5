"""Walk-through 4 in headless Chromium: a member posts a pledge; an editor approves it in the
Wagtail admin; it appears on the wall; visitors like it; the member reports it fulfilled; the
wall shows it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cms.demo import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.cms.pledges.conftest import make_member

pytestmark = pytest.mark.browser
PLEDGE = "我承诺每周六上午到村文化礼堂为老人义务测血压，<b>坚持</b>一年。"


def signed_in_context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def watch_csp(violations, *pages):
    """Collect what the Content-Security-Policy (xianfeng.security) refused on these pages."""
    for page in pages:
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def wall_page_id():
    from cms.models import PledgeWallPage

    return PledgeWallPage.objects.get(slug="qijiang-qibi").pk


def test_walkthrough_4_pledge_from_posting_to_fulfilment(browser, live_demo_site, artifacts_dir):
    live = live_demo_site
    wall_url = live.url + "/pledges/qijiang-qibi/"
    member = make_member("walker", "沈建明")

    # 1. The member posts a pledge on the wall (on a phone).
    member_ctx = signed_in_context(browser, live, member, viewport={"width": 360, "height": 800})
    mine = member_ctx.new_page()
    violations = []
    watch_csp(violations, mine)
    mine.goto(wall_url)
    assert no_horizontal_overflow(mine)
    mine.get_by_label("我的承诺").fill(PLEDGE)
    mine.get_by_label("类别").first.select_option("为民服务")
    due = timezone.localdate() + datetime.timedelta(days=60)
    mine.get_by_label("承诺期限").fill(due.isoformat())
    mine.screenshot(path=str(artifacts_dir / "walkthrough4-post-360.png"), full_page=True)
    mine.get_by_role("button", name="提交承诺").click()
    expect(mine.get_by_text("正在等待编辑审核")).to_be_visible()
    assert no_horizontal_overflow(mine)
    pledge_url = mine.url

    # Not on the wall yet.
    visitor_ctx = browser.new_context(locale="zh-CN")
    visitor = visitor_ctx.new_page()
    watch_csp(violations, visitor)
    visitor.goto(wall_url)
    assert visitor.get_by_text("义务测血压").count() == 0

    # 2. An editor approves it in the Wagtail admin.
    editor_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    admin = editor_ctx.new_page()
    watch_csp(violations, admin)
    admin.goto(live.url + "/admin/login/")
    admin.fill("input[name=username]", ADMIN_USERNAME)
    admin.fill("input[name=password]", ADMIN_PASSWORD)
    admin.locator("button[type=submit]").first.click()
    admin.wait_for_url("**/admin/")
    admin.goto(live.url + "/admin/pledges/moderation/")
    row = admin.locator("tr", has_text="义务测血压")
    assert "<b>坚持</b>" in row.locator(".pledge-text").inner_text()  # shown as text
    row.get_by_role("button", name="通过").click()
    expect(admin.get_by_text("已通过1条承诺")).to_be_visible()
    # The admin's own scripts run under its policy: the sidebar (drawn by script) and a page
    # editor open.
    admin.goto(live.url + "/admin/pages/")
    expect(admin.get_by_role("navigation", name="主菜单")).to_be_visible()
    admin.goto(live.url + f"/admin/pages/{wall_page_id()}/edit/")
    expect(admin.locator("[data-edit-form], form#page-edit-form").first).to_be_visible()

    # 3. It appears on the wall; 4. visitors like it.
    visitor.goto(wall_url)
    card = visitor.locator(".pledge-card", has_text="义务测血压")
    expect(card.get_by_text("沈建明")).to_be_visible()
    assert visitor.locator("b", has_text="坚持").count() == 0  # markup stays inert
    card.get_by_role("button", name="赞").click()
    # (expect, not a wait_for_function string: the site's CSP refuses eval, as it should)
    expect(visitor.locator(".pledge-card .like-count").first).to_have_text("1")
    second_ctx = browser.new_context(locale="zh-CN")
    second = second_ctx.new_page()
    watch_csp(violations, second)
    second.goto(wall_url)
    second.locator(".pledge-card", has_text="义务测血压").get_by_role("button", name="赞").click()
    expect(second.locator(".pledge-card .like-count").first).to_have_text("2")
    second.locator(".pledge-card", has_text="义务测血压").get_by_role("button", name="赞").click()
    second.reload()  # a cached page, refreshed counts: still 2, liking twice counts once
    expect(second.locator(".pledge-card .like-count").first).to_have_text("2")

    # 5. The member reports it fulfilled.
    mine.goto(pledge_url)
    mine.get_by_label("我已兑现这项承诺").check()
    mine.get_by_role("button", name="报告践诺结果").click()
    expect(mine.get_by_text("践诺结果已在承诺墙上公示")).to_be_visible()
    assert no_horizontal_overflow(mine)
    mine.screenshot(path=str(artifacts_dir / "walkthrough4-pledge-360.png"), full_page=True)

    # 6. The wall shows it fulfilled, to visitors too.
    visitor.goto(wall_url + "?status=fulfilled")
    card = visitor.locator(".pledge-card", has_text="义务测血压")
    assert card.locator(".status").first.inner_text() == "已践诺"
    assert no_horizontal_overflow(visitor)
    visitor.screenshot(path=str(artifacts_dir / "walkthrough4-wall-1280.png"), full_page=True)

    # The share card opens as an image from the pledge's page.
    visitor.goto(pledge_url)
    with visitor.expect_response(lambda r: "/card/" in r.url) as card_response:
        visitor.get_by_role("link", name="分享图（图片）").click()
    response = card_response.value
    assert response.status == 200 and response.header_value("content-type") == "image/png"
    (artifacts_dir / "walkthrough4-share-card.png").write_bytes(response.body())
    for context in (member_ctx, visitor_ctx, editor_ctx, second_ctx):
        context.close()
    assert not violations, violations


@pytest.mark.parametrize("javascript", [True, False])
def test_more_pledges_load_with_and_without_javascript(browser, live_demo_site, javascript):
    from cms.models import Pledge, PledgeWallPage

    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    author = make_member("many", "许多")
    Pledge.objects.bulk_create(
        [
            Pledge(
                wall=wall,
                author=author,
                member_name=f"党员{i:02d}",
                organisation_name="雪水港村党总支",
                text=f"第{i:02d}号承诺：每月为群众办一件实事。",
                category="为民服务",
                due_on=timezone.localdate() + datetime.timedelta(days=30),
                status="approved",
            )
            for i in range(30)
        ]
    )
    total = Pledge.objects.public().filter(wall=wall).count()  # with the demo's own pledges
    assert 24 < total <= 48
    context = browser.new_context(locale="zh-CN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_demo_site.url + "/pledges/qijiang-qibi/")
    assert page.locator(".pledge-card").count() == 24
    page.get_by_role("link", name="下一页").click()
    if javascript:  # appended below the first page, on the same page
        expect(page.locator(".pledge-card")).to_have_count(total)
        assert "page=" not in page.url
    else:  # the plain link opens page 2
        page.wait_for_url("**page=2")
        assert page.locator(".pledge-card").count() == total - 24
    assert page.get_by_text("第00号承诺").count() == 1
    context.close()
