"""Walk-through 7 in headless Chromium: a secretary schedules a 主题党日; a member gets the
notice in the inbox and asks for leave, which the secretary approves; a second member checks in
by opening the QR code's URL on a phone signed in as that member; a stale code is refused; the
secretary posts the minutes and closes the meeting; attendance and points show in the branch
report and in each member's record (/me/)."""

import datetime
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.branch.test_browser import sign_in

pytestmark = pytest.mark.browser
TOPIC = "“亮身份、践承诺”主题党日（测试）"
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN"}


def test_walkthrough_7_meeting_from_notice_to_record(browser, live_demo_site, artifacts_dir):
    from cms.models import Member, Organisation
    from learning.branch.demo import (
        MEMBER_PASSWORD,
        SECRETARY_PASSWORD,
        SECRETARY_USERNAME,
        load_demo_branch,
    )
    from learning.meetings import codes
    from learning.meetings.models import Attendance, CheckIn, Meeting
    from learning.models import PointsEntry, PointsReason

    load_demo_branch(log=lambda message: None)
    base = live_demo_site.url
    village = Organisation.objects.get(name="套里村党支部")
    away, present, stale = list(
        Member.objects.filter(organisation=village, role="member").order_by("pk")[:3]
    )

    # The secretary schedules a 主题党日 for 套里村, starting now.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    sign_in(page, base, SECRETARY_USERNAME, SECRETARY_PASSWORD, "/branch/")
    page.get_by_role("link", name="会议").first.click()
    page.wait_for_url(re.compile(r"/branch/meetings/"))
    page.goto(f"{base}/branch/meetings/new/?org={village.pk}")
    local = timezone.localtime()
    page.get_by_label("类型").select_option(label="主题党日")
    page.get_by_label("主题").fill(TOPIC)
    page.get_by_label("议程").fill("重温入党誓词；党员亮身份")
    page.get_by_label("开始时间").fill(
        (local - datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("结束时间").fill(
        (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("地点").fill("套里村党群服务中心")
    page.get_by_role("button", name="安排会议并发送通知").click()
    expect(page.locator("[data-messages]")).to_contain_text("会议已安排，通知已发送")
    meeting = Meeting.objects.get(topic=TOPIC)
    assert meeting.organisation == village
    assert (
        Attendance.objects.filter(meeting=meeting).count()
        == Member.objects.filter(organisation__path__startswith=village.path).count()
    )

    # A member reads the notice in the inbox and asks for leave.
    own = browser.new_context(**PHONE)
    member_page = own.new_page()
    sign_in(member_page, base, away.user.username, MEMBER_PASSWORD, "/inbox/")
    expect(member_page.locator("[data-inbox]")).to_contain_text(f"会议通知：{TOPIC}")
    member_page.get_by_role("link", name=f"会议通知：{TOPIC}").first.click()
    member_page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/$"))
    member_page.get_by_label("请假事由").fill("在外地务工，无法到场")
    member_page.get_by_role("button", name="请假").click()
    expect(member_page.locator("[data-reply]")).to_contain_text("请假待批")
    member_page.screenshot(path=str(artifacts_dir / "walkthrough7-leave-390.png"), full_page=True)

    # The secretary approves it.
    page.goto(f"{base}/branch/meetings/{meeting.pk}/")
    expect(page.locator("[data-leave-requests]")).to_contain_text("在外地务工")
    page.get_by_role("button", name="批准请假").click()
    expect(page.locator("[data-messages]")).to_contain_text("已批准请假")
    member_page.reload()
    expect(member_page.locator("[data-reply]")).to_contain_text("准假")

    # The screen shows the code; a second member opens its URL on a phone and is checked in.
    page.get_by_role("link", name="显示签到二维码").click()
    expect(page.locator("[data-qr] svg")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "walkthrough7-screen.png"))
    url = page.locator("[data-code-link]").get_attribute("href")
    assert f"/meetings/{meeting.pk}/check-in/?t=" in url
    phone = browser.new_context(**PHONE)
    scan = phone.new_page()
    sign_in(scan, base, present.user.username, MEMBER_PASSWORD, "/me/")
    scan.goto(url)
    expect(scan.get_by_role("heading", name="签到成功")).to_be_visible()
    scan.screenshot(path=str(artifacts_dir / "walkthrough7-checked-in-390.png"), full_page=True)
    scan.goto(url)  # scanned twice: once
    expect(scan.get_by_role("heading", name="您已签到过")).to_be_visible()
    assert CheckIn.objects.filter(meeting=meeting, member=present).count() == 1

    # A stale code (a photo of the screen from two windows ago) is refused.
    old = codes.check_in_token(meeting_id=meeting.pk, now=time.time() - 3 * codes.WINDOW_SECONDS)
    late_phone = browser.new_context(**PHONE)
    late = late_phone.new_page()
    sign_in(late, base, stale.user.username, MEMBER_PASSWORD, "/me/")
    late.goto(f"{base}/meetings/{meeting.pk}/check-in/?t={old}")
    expect(late.locator("[data-error]")).to_contain_text("签到码已过期")
    assert not CheckIn.objects.filter(meeting=meeting, member=stale).exists()

    # The secretary posts the minutes and closes the meeting.
    page.goto(f"{base}/branch/meetings/{meeting.pk}/")
    page.get_by_role("textbox", name="会议记录").fill("重温入党誓词。\n党员认领服务岗位。")
    page.get_by_role("textbox", name="会议决议").fill("每名党员认领一个服务岗。")
    page.get_by_role("button", name="保存会议记录").click()
    expect(page.locator("[data-messages]")).to_contain_text("会议记录已保存")
    page.get_by_role("button", name="结束并归档会议").click()
    expect(page.locator("[data-messages]")).to_contain_text("出勤情况已确定")
    expect(page.locator("[data-minutes]")).to_contain_text("党员认领服务岗位")
    expect(page.locator(f'[data-member="{present.pk}"]')).to_have_attribute("data-final", "present")
    expect(page.locator(f'[data-member="{away.pk}"]')).to_have_attribute("data-final", "leave")
    expect(page.locator(f'[data-member="{stale.pk}"]')).to_have_attribute("data-final", "absent")
    page.screenshot(path=str(artifacts_dir / "walkthrough7-closed.png"), full_page=True)
    assert PointsEntry.objects.filter(
        member=present,
        reason=PointsReason.MEETING_ATTENDED,
        source_key__startswith=f"meeting:{meeting.pk}:",
    ).exists()
    assert not PointsEntry.objects.filter(
        member=away, reason=PointsReason.MEETING_ATTENDED
    ).exists()

    # The branch report shows the meeting and its attendance.
    page.goto(f"{base}/branch/?org={village.pk}")
    section = page.locator("[data-meetings-section]")
    expect(section).to_contain_text("已召开会议 1 次")
    expect(section.locator("[data-attendance-counts]")).to_contain_text("请假 1")
    expect(section.locator("[data-meetings-per-kind]")).to_contain_text("主题党日")
    page.screenshot(path=str(artifacts_dir / "walkthrough7-report.png"), full_page=True)

    # Each member's record shows it: present with the points, on leave, absent.
    for viewer, _context, label in (
        (scan, phone, "出席"),
        (member_page, own, "请假"),
        (late, late_phone, "缺席"),
    ):
        viewer.goto(f"{base}/me/")
        row = viewer.locator(f'[data-my-meetings] [data-meeting="{meeting.pk}"]')
        expect(row).to_contain_text(TOPIC)
        expect(row).to_contain_text(label)
    expect(scan.locator("body")).to_contain_text("参加会议")  # the points entry's reason
    scan.screenshot(path=str(artifacts_dir / "walkthrough7-record-390.png"), full_page=True)
    for context in (desk, own, phone, late_phone):
        context.close()
