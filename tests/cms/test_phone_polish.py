"""Phone first, the review's leftovers, in headless Chromium at 390×844 (and 1280×800 where the
layout differs): the unread count on the folded menu's button, and the listing filters of
/brands/ and /stories/ folded as on /search/ so the first cards are on the first screen."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from tests.learning.conftest import MEMBER_PASSWORD, make_member

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_unread_badge_on_menu_button_and_folded_listing_filters(
    browser, live_demo_site, artifacts_dir
):
    from cms.models import Organisation
    from learning.models import InboxMessage, MessageKind

    base = live_demo_site.url
    member = make_member("xianfeng_badge", Organisation.objects.get(name="雪水港村党总支"))
    for n in range(3):
        InboxMessage.objects.create(
            member=member, kind=MessageKind.NOTICE, title=f"提醒{n}", cause_key=f"t:{n}"
        )

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True)
    page = phone.new_page()

    # The listings, as a visitor: filters folded, the first card on the first screen.
    for path, card in (("/brands/", ".brand-card"), ("/stories/", ".grid .card")):
        page.goto(base + path)
        fold = page.locator("form.listing-filters details")
        assert not fold.evaluate("d => d.open")
        expect(page.get_by_label("地区")).to_be_hidden()
        first = page.locator(card).first.bounding_box()
        assert first["y"] + 80 < PHONE["height"], (path, first)
        page.screenshot(
            path=str(artifacts_dir / f"phone-polish-filters{path[:-1].replace('/', '-')}.png")
        )
        fold.locator("summary").click()
        region = page.get_by_label("地区").locator("option").nth(1).get_attribute("value")
        page.get_by_label("地区").select_option(region)
        page.locator("form.filters").get_by_role("button", name="筛选", exact=True).click()
        page.wait_for_url(lambda url: "region=" in url)
        # A filter set keeps them open, to see and change it.
        assert page.locator("form.listing-filters details").evaluate("d => d.open")
        expect(page.get_by_label("地区")).to_have_value(region)

    # Signed in at phone size: the unread count shows on the menu button itself.
    page.goto(f"{base}/accounts/login/?next=/me/")
    page.get_by_label("用户名").fill("xianfeng_badge")
    page.get_by_label("密码").fill(MEMBER_PASSWORD)
    page.locator(".auth-form").get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/me/")
    badge = page.locator(".menu-button [data-unread-menu]")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("3")
    expect(page.locator("[data-inbox-link]")).to_be_hidden()
    expect(page.get_by_role("checkbox", name="菜单，3 条未读消息")).to_be_attached()
    page.screenshot(path=str(artifacts_dir / "phone-polish-menu-badge.png"))
    page.locator(".menu-button").click()
    expect(page.locator("[data-inbox-link] [data-unread]")).to_have_text("3")

    # Read them all: no badge.
    InboxMessage.objects.filter(member=member).update(read_at=timezone.now())
    cache.clear()  # the badge is cached for a short while; reading in the inbox retires it
    page.reload()
    expect(page.locator("[data-unread-menu]")).to_have_count(0)
    phone.close()

    # Desktop: no menu button; the inbox link carries the count; the filters one open row.
    desktop = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = desktop.new_page()
    page.goto(base + "/brands/")
    expect(page.get_by_label("地区")).to_be_visible()
    expect(page.locator("form.listing-filters summary")).to_be_hidden()
    filters = page.locator("form.listing-filters").bounding_box()
    assert filters["height"] < 100, filters
    desktop.close()
