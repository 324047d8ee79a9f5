"""Phone first, in headless Chromium at phone (390×844) and desktop (1280×800) size: the
compact header and its menu, the search page (one box, filters folded), resuming a lecture at
the section in progress, the pledge form's due date and the nested region filter."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.learning.conftest import MEMBER_PASSWORD, make_lecture, make_member

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def new_page(browser, size):
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN", is_mobile=size == "phone")
    return context.new_page()


def sign_in(page, base, next_path, username):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(MEMBER_PASSWORD)
    page.locator(".auth-form").get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_header_search_and_region_filter_at_both_sizes(browser, live_demo_site, artifacts_dir):
    base = live_demo_site.url
    for size in SIZES:
        page = new_page(browser, size)
        page.goto(base + "/brands/")
        header = page.locator(".site-header").bounding_box()
        nav = page.get_by_role("navigation", name="主导航")
        if size == "phone":
            # One row: under a tenth of the screen (three rows, a fifth, before).
            assert header["height"] < 844 / 10, header
            assert not nav.is_visible()
            page.locator(".menu-button").click()
            expect(nav).to_be_visible()
            expect(page.locator(".site-menu .search-box input")).to_be_visible()
        else:
            assert header["height"] < 80, header
            expect(nav).to_be_visible()
            expect(page.locator(".menu-button")).to_be_hidden()
        page.screenshot(path=str(artifacts_dir / f"phone-first-header-{size}.png"))

        # Regions nest: 浙江省嘉兴市 lists the brands of 嘉善县 and 桐乡市 below it.
        page.goto(base + "/brands/")
        if size == "phone":  # a listing's filters fold on a phone, as the search page's do
            page.locator("form.listing-filters summary").click()
        page.get_by_label("地区").select_option("浙江省嘉兴市")
        page.locator("form.filters").get_by_role("button", name="筛选").click()
        titles = page.locator(".brand-card .card-title").all_inner_texts()
        assert {"善城大爱", "红色一刻钟", "七讲七比·争先攀高", "泥腿子"} <= set(titles), titles
        assert "密云先锋" not in titles
        page.screenshot(path=str(artifacts_dir / f"phone-first-regions-{size}.png"))

        # The search page: one search box, the filters folded; the results start on screen.
        page.goto(base + "/search/?q=%E5%85%88%E9%94%8B")
        assert page.locator("input[type=search]:visible").count() == 1
        assert page.locator("input[name=q]").count() == 1
        assert not page.locator("details.search-more").evaluate("d => d.open")
        expect(page.get_by_label("类型")).to_be_hidden()
        results = page.locator(".search-results").bounding_box()
        assert results["y"] < SIZES[size]["height"] / 2, results
        page.locator("details.search-more summary").click()
        expect(page.get_by_label("类型")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / f"phone-first-search-{size}.png"))
        page.context.close()


def test_resume_and_pledge_due_date_at_both_sizes(browser, live_demo_site, artifacts_dir):
    from cms.models import Organisation, PledgeWallPage
    from learning.models import SectionProgress

    base = live_demo_site.url
    member = make_member("xianfeng_phone", Organisation.objects.get(name="雪水港村党总支"))
    lecture = make_lecture([("reading", 60)] * 6, title="六节长课")
    sections = list(lecture.sections.all())
    now = timezone.now()
    for done in sections[:3]:  # three read; the fourth a third of the way
        SectionProgress.objects.create(
            member=member,
            section=done,
            lecture=lecture,
            segments=[[0, 60]],
            covered_seconds=60,
            credited_seconds=60,
            position=60,
            completed_at=now,
        )
    SectionProgress.objects.create(
        member=member,
        section=sections[3],
        lecture=lecture,
        segments=[[0, 20]],
        covered_seconds=20,
        credited_seconds=20,
        position=20,
    )
    before = list(SectionProgress.objects.filter(member=member).values_list("position", flat=True))
    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    study_path = f"/study/lecture/{lecture.pk}/"
    for size in SIZES:
        page = new_page(browser, size)
        sign_in(page, base, study_path, "xianfeng_phone")
        page.reload()  # opened again, as resuming does
        target = page.locator(f"#section-{sections[3].pk}")
        expect(target).to_have_attribute("data-resumed", "")
        box = target.bounding_box()
        assert -2 <= box["y"] < 40 and page.evaluate("window.scrollY") > 0, box
        page.screenshot(path=str(artifacts_dir / f"phone-first-resume-{size}.png"))
        # A link to a section or to the quiz is left to the browser.
        linked = page.context.new_page()
        linked.goto(base + study_path + f"#section-{sections[0].pk}")
        expect(linked.locator(f"#section-{sections[0].pk}")).to_be_in_viewport()
        expect(linked.locator("[data-resumed]")).to_have_count(0)
        linked.close()

        # The pledge form's due date shows in the date picker (YYYY-MM-DD, not 2027/03/02).
        page.goto(base + wall.url)
        due = page.locator("form input[name=due_on]")
        expect(due).to_have_attribute("type", "date")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", due.input_value()), due.input_value()
        page.screenshot(path=str(artifacts_dir / f"phone-first-pledge-{size}.png"))
        page.context.close()
    # Moving the view reported nothing: the saved positions are as they were.
    after = list(SectionProgress.objects.filter(member=member).values_list("position", flat=True))
    assert after == before
