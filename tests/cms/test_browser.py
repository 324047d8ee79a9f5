"""Walk-through 1 in headless Chromium: brand list → region filter → 密云先锋 → exemplar → story."""

import pytest

pytestmark = pytest.mark.browser


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_visitor_follows_a_brand_to_an_exemplar_and_her_story(
    browser, live_demo_site, artifacts_dir
):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_demo_site.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="党建品牌").click()
    assert page.get_by_role("heading", level=1).inner_text() == "党建品牌"

    page.get_by_label("地区").select_option("北京市密云区")
    page.get_by_role("button", name="筛选").click()
    assert "region=" in page.url
    assert page.get_by_role("status").inner_text().startswith("共")

    page.get_by_role("link", name="密云先锋", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "密云先锋"
    assert page.get_by_text("“1+10”党员联系群众机制").is_visible()

    page.locator("section", has=page.get_by_role("heading", name="先锋人物")).get_by_role(
        "link", name="何秀玲"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "何秀玲"
    assert page.get_by_text("套里村党支部书记").first.is_visible()

    page.locator("section", has=page.get_by_role("heading", name="先锋故事")).get_by_role(
        "link"
    ).first.click()
    assert "密云先锋" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("4.2万").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "walkthrough1-story-1440.png"), full_page=True)
    assert no_horizontal_overflow(page)
    context.close()


@pytest.mark.parametrize("width", [360, 1440])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/brands/",
        "/brands/miyun-xianfeng/",
        "/people/he-xiuling/",
        "/stories/miyun-xianfeng/",
        "/lectures/nanhu-chuxin/red-boat-spirit/",
        "/pledges/qijiang-qibi/",
    ],
)
def test_key_pages_fit_phone_and_desktop_widths(
    browser, live_demo_site, artifacts_dir, width, path
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    response = page.goto(live_demo_site.url + path)
    assert response.status == 200
    assert no_horizontal_overflow(page), f"{path} scrolls sideways at {width}px"
    if path == "/":
        page.screenshot(path=str(artifacts_dir / f"home-{width}.png"), full_page=True)
    context.close()
