"""Walk-through 2 in headless Chromium: 密云先锋 finds the Traditional-script story; 何秀玲
finds her profile; her name typed in pinyin finds it too (suggestions and results)."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# The shared news articles (test input only): the no-JavaScript test searches a person from them.
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def live_seeded_site(wagtail_tree, live_server, settings):
    """The demo with the seed articles, committed and indexed (database backend)."""
    from cms.demo import load_demo
    from search.models import SearchEntry, SearchOutbox

    settings.SEARCH_BACKEND = "database"
    load_demo(
        log=lambda message: None, seeds=True, seeds_dir=SEEDS
    )  # publishing drains the outbox at commit
    assert not SearchOutbox.objects.exists()
    assert SearchEntry.objects.filter(type="story").count() >= 4
    return live_server


def header_search(page, text):
    # The search page has one box, its own; every other page searches from the header.
    name = "按条件搜索" if "/search/" in page.url else "站内搜索"
    box = page.get_by_role("search", name=name).get_by_role("searchbox")
    box.fill(text)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")


def test_walkthrough_2_search_in_both_scripts_and_by_pinyin(
    browser, live_seeded_site, artifacts_dir
):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_seeded_site.url + "/")

    header_search(page, "密云先锋")
    assert page.get_by_role("heading", level=1).inner_text() == "搜索"
    assert page.locator(".result-count").inner_text().startswith("共")
    traditional = page.locator(".hit-story").filter(has_text="黨建品牌")
    assert traditional.count() >= 1  # the story as written, in Traditional script
    marks = traditional.first.locator("mark").all_inner_texts()
    assert "密云先鋒" in marks or "密雲先鋒" in marks
    page.screenshot(path=str(artifacts_dir / "walkthrough2-search-1440.png"), full_page=True)
    assert no_horizontal_overflow(page)

    header_search(page, "何秀玲")
    first = page.locator(".hits > li").first
    assert "hit-profile" in first.get_attribute("class")
    first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "何秀玲"

    box = page.get_by_role("search", name="站内搜索").get_by_role("searchbox")
    box.press_sequentially("hexiu", delay=40)
    option = page.get_by_role("listbox").get_by_role("option").first
    option.wait_for(state="visible")
    assert "何秀玲" in option.inner_text()
    option.get_by_role("link").click()
    page.wait_for_url("**/people/he-xiuling/")
    assert page.get_by_role("heading", level=1).inner_text() == "何秀玲"

    header_search(page, "hexiuling")
    assert page.locator(".hits > li").first.get_by_role("link").inner_text() == "何秀玲"
    context.close()


def test_search_page_works_without_javascript_and_fits_a_phone(
    browser, live_seeded_site, artifacts_dir
):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_seeded_site.url + "/search/")
    page.get_by_label("关键词").fill("呂曉輝")
    page.get_by_role("search", name="按条件搜索").get_by_role("button", name="搜索").click()
    assert page.locator(".hits > li").first.get_by_role("link").inner_text() == "吕晓辉"
    folded = page.locator("details.search-more")
    if folded.get_attribute("open") is None:  # the filters are folded on a phone
        folded.locator("summary").click()
    page.get_by_label("类型").select_option("story")
    page.get_by_role("search", name="按条件搜索").get_by_role("button", name="搜索").click()
    assert "type=story" in page.url
    assert page.locator(".hit-profile").count() == 0 and page.locator(".hit-story").count() >= 1
    page.screenshot(path=str(artifacts_dir / "search-360.png"), full_page=True)
    assert no_horizontal_overflow(page)
    context.close()
