"""Walk-through 5 in headless Chromium: an editor imports a raw article in the admin, checks
the cleaned draft and the proposed people, publishes it, and visitors find it by search."""

import json
import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
SEED = SEEDS / "000_c6ffbc5e4b60e513.txt"  # Traditional script, with pinyin debris


@pytest.fixture
def live_site_with_database_search(live_demo_site, settings):
    settings.SEARCH_BACKEND = "database"
    return live_demo_site


def expected_people():
    labels = json.loads((SEEDS.parent / "eval" / "people.json").read_text(encoding="utf-8"))
    return labels["seeds"][SEED.name]


def sign_in_to_admin(page, base_url):
    from cms.demo import ADMIN_PASSWORD, ADMIN_USERNAME

    page.goto(base_url + "/admin/login/")
    page.locator("input[name=username]").fill(ADMIN_USERNAME)
    page.locator("input[name=password]").fill(ADMIN_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")


def test_walkthrough_5_import_publish_and_find(
    browser, live_site_with_database_search, artifacts_dir
):
    if not SEED.exists():
        pytest.skip(f"seed article missing: {SEED}")
    base = live_site_with_database_search.url
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in_to_admin(page, base)

    # Upload the raw article and preview it: nothing is saved yet.
    page.goto(base + "/admin/import-articles/")
    page.locator("input[type=file]").set_input_files(str(SEED))
    page.get_by_role("button", name="预览").click()
    story = page.locator("[data-preview-story]")
    title = story.locator("dd").first.inner_text().strip()
    assert title
    body = page.locator("[data-preview-body]").inner_text()
    assert "(qū)" not in body and "(" not in title, "pinyin debris left in the draft"
    people = page.locator("[data-preview-people] tbody tr td:first-child").all_inner_texts()
    labelled = expected_people()
    assert {p["name"] for p in labelled["people"]} <= set(people)
    assert not set(labelled["bylines"]) & set(people), "a reporter was proposed as a person"
    page.screenshot(path=str(artifacts_dir / "walkthrough5-preview-1440.png"), full_page=True)

    # Create the draft: the editor lands in the page editor, and publishes from its menu.
    page.get_by_role("button", name="创建草稿").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    story_id = int(page.url.rstrip("/").split("/")[-2])
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name=action-publish]").click()
    # Publishing an imported story offers its draft people; the editor publishes them too and
    # is back in the explorer.
    page.wait_for_url(re.compile(r"/admin/(pages/\d+|import-articles/people/\d+)/$"))
    offered = "/import-articles/people/" in page.url
    if offered:
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/admin/pages/*/")

    from cms.models import ProfilePage, StoryPage

    imported = StoryPage.objects.get(pk=story_id)
    assert imported.live and imported.title == title
    if offered:
        people = ProfilePage.objects.filter(story_links__page=imported)
        assert people.exists() and all(person.live for person in people)

    # A visitor searches for the brand in Simplified script and finds the imported story
    # (the article is in Traditional script) within seconds.
    visitor = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN")
    search = visitor.new_page()
    deadline = time.monotonic() + 10
    while True:
        search.goto(base + "/search/?q=密云先锋&type=story")
        links = search.locator(".hits > li a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)"
        )
        if imported.url in links or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert imported.url in links, f"{imported.url} not among the results {links}"
    search.screenshot(path=str(artifacts_dir / "walkthrough5-search-360.png"), full_page=True)
    visitor.close()
    context.close()
