"""Walk-through 3 in headless Chromium: study three of four sections on a PC, close the
browser, resume on a phone at the saved position, finish, pass the quiz, see the record."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.learning.conftest import MEMBER_PASSWORD, make_lecture, make_member, make_quiz

pytestmark = pytest.mark.browser


def sign_in(page, base, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill("dangyuan1")
    page.get_by_label("密码").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def wait_until(page, expression, seconds=15):
    """Poll with page.evaluate: the site's Content-Security-Policy (no 'unsafe-eval') stops
    page.wait_for_function, which evaluates its string inside the page."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, expression
        page.wait_for_timeout(200)


def section(page, number):
    return page.locator(".study-section").nth(number - 1)


def read(page, number):
    item = section(page, number)
    item.get_by_role("button", name=re.compile("开始阅读|继续阅读")).click()
    expect(item.locator("[data-state]")).to_have_text("已完成", timeout=20000)


def test_member_resumes_on_a_phone_and_finishes(browser, live_demo_site, artifacts_dir):
    from cms.models import Organisation

    make_member("dangyuan1", Organisation.objects.get(name="套里村党支部"), name="张党员")
    lecture = make_lecture(
        [("reading", 3), ("reading", 3), ("reading", 3), ("reading", 8)], title="四节短课"
    )
    make_quiz(lecture, open_from_start=False)  # the product's default: after the sections
    study_path = f"/study/lecture/{lecture.pk}/"

    pc = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = pc.new_page()
    page.goto(live_demo_site.url + lecture.url)
    page.get_by_role("link", name="登录学习").click()
    sign_in(page, live_demo_site.url, study_path)
    read(page, 1)
    read(page, 2)
    # The connection drops while the third section is read: the events wait in local
    # storage and go out as a batch once the member is back online.
    pc.set_offline(True)
    section(page, 3).get_by_role("button", name="开始阅读").click()
    expect(page.locator("[data-sync-status]")).to_contain_text("当前离线", timeout=15000)
    # The start of the section and, three seconds later, the segment read.
    wait_until(
        page,
        "JSON.parse(localStorage.getItem(document.querySelector('[data-study]').dataset.queueKey) || '[]').length >= 2",
    )
    expect(section(page, 3).locator("[data-state]")).to_have_text("未开始")
    pc.set_offline(False)
    expect(section(page, 3).locator("[data-state]")).to_have_text("已完成", timeout=30000)
    assert (
        page.evaluate(
            "JSON.parse(localStorage.getItem(document.querySelector('[data-study]').dataset.queueKey)).length"
        )
        == 0
    )
    page.screenshot(path=str(artifacts_dir / "walkthrough3-study-1440.png"), full_page=True)
    # Start the fourth section, read a little, then leave: the pending progress goes out
    # with navigator.sendBeacon on pagehide.
    section(page, 4).get_by_role("button", name="开始阅读").click()
    page.wait_for_timeout(3500)
    page.goto(live_demo_site.url + "/me/")
    expect(page.locator("[data-in-progress]")).to_contain_text("已完成3/4节")
    pc.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = phone.new_page()
    sign_in(page, live_demo_site.url, study_path)
    for number in (1, 2, 3):
        expect(section(page, number).locator("[data-state]")).to_have_text("已完成")
    fourth = section(page, 4)
    resumed_at = float(fourth.get_attribute("data-position"))
    assert 2.5 <= resumed_at < 8, resumed_at
    expect(page.locator("[data-quiz-locked]")).to_contain_text("测验在完成全部章节后开放")
    expect(fourth.get_by_role("button", name="继续阅读")).to_be_visible()
    # The phone resumes where the PC's coverage ends, never past it (a resume point rounded
    # up left a gap that kept the section at 99 % for good), so reading on finishes it.
    read(page, 4)
    expect(page.locator("[data-lecture-state]")).not_to_contain_text("党课已完成")  # quiz left

    page.reload()  # every section is complete: the quiz is open now
    expect(page.locator("[data-quiz-locked]")).to_have_count(0)
    quiz = page.locator("#quiz")
    quiz.get_by_label("嘉兴南湖").check()
    quiz.get_by_label("讲政治、比忠诚").check()
    quiz.get_by_label("讲担当、比作为").check()
    quiz.get_by_role("button", name="提交答案").click()
    expect(page.get_by_role("status").filter(has_text="测验通过")).to_be_visible()
    expect(page.locator("[data-lecture-state]")).to_contain_text("党课已完成")

    page.goto(live_demo_site.url + "/me/")
    expect(page.locator("[data-completed]")).to_contain_text("四节短课")
    expect(page.locator("[data-points-total]")).to_have_text("15")  # 10 lecture + 5 quiz
    assert page.locator(".chart svg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts_dir / "walkthrough3-record-phone.png"), full_page=True)
    phone.close()
