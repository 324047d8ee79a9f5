"""党员找组织 in headless Chromium on a phone-sized screen: a member away from home applies,
the mobile committee's secretary finds her by pinyin and accepts, and she sees it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sign_in(page, base, username, password, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_member_applies_and_host_accepts(browser, live_demo_site, artifacts_dir):
    from cms.host_organisations.demo import PASSWORD, SECRETARY_USERNAME
    from cms.models import HostMembership, HostStatus

    base = live_demo_site.url
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    sign_in(page, base, "away_sun", PASSWORD, "/host/")  # her earlier hosting ended
    page.locator("#id_organisation").select_option(label="南湖区流动党员党总支")
    page.locator("#id_workplace").fill("嘉兴市南湖区 新丰镇")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("[data-messages]")).to_contain_text("申请已提交")
    expect(page.locator("[data-my-hostings] tr[data-status=applied]")).to_contain_text("南湖区")
    page.screenshot(path=str(artifacts_dir / "host-apply-390.png"), full_page=True)

    host = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    sign_in(host, base, SECRETARY_USERNAME, PASSWORD, "/host/manage/")
    host.goto(f"{base}/host/manage/find/?q=sun+li")
    expect(host.locator("[data-results]")).to_contain_text("孙丽")
    expect(host.locator("[data-results]")).to_contain_text("许昌市在外务工党员党支部")
    host.goto(f"{base}/host/manage/?status=applied")
    row = host.locator("[data-applications] tr", has_text="孙丽")
    row.get_by_role("button", name="接收").click()
    expect(host.locator("[data-messages]")).to_contain_text("已通知")
    membership = HostMembership.objects.get(member__user__username="away_sun", status="accepted")
    assert membership.organisation.name == "南湖区流动党员党总支"
    assert HostMembership.objects.filter(member=membership.member).count() == 2
    assert membership.status == HostStatus.ACCEPTED

    page.goto(f"{base}/host/")
    expect(page.locator("[data-my-hostings] tr[data-status=accepted]")).to_contain_text("南湖区")
    page.goto(f"{base}/inbox/")
    expect(page.locator("body")).to_contain_text("南湖区流动党员党总支已接收你")
