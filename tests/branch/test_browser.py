"""Walk-through 6 in headless Chromium: the secretary signs in, opens /branch/, filters the
members behind on one lecture, reminds them (a member sees it in the inbox), exports the view,
and the .xlsx is read back and checked against the database."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LECTURE = "支部书记讲党课：对标先锋 比学赶超"


def sign_in(page, base, username, password, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_walkthrough_6_secretary_reminds_and_exports(browser, live_demo_site, artifacts_dir):
    from learning.branch.demo import (
        MEMBER_PASSWORD,
        SECRETARY_PASSWORD,
        SECRETARY_USERNAME,
        load_demo_branch,
    )
    from learning.branch.scope import BranchView
    from learning.branch.selectors import member_rows
    from learning.models import InboxMessage, LecturePage

    load_demo_branch(log=lambda message: None)
    base = live_demo_site.url
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True
    )
    page = phone.new_page()
    sign_in(page, base, SECRETARY_USERNAME, SECRETARY_PASSWORD, "/branch/")
    expect(page.get_by_role("heading", name="支部报表")).to_be_visible()
    expect(page.locator("[data-children]")).to_contain_text("两河村党支部")
    page.screenshot(path=str(artifacts_dir / "walkthrough6-overview-390.png"), full_page=True)

    # The members behind on one lecture.
    page.get_by_role("link", name="未完成学习的党员").click()
    page.get_by_label("党课").select_option(label=LECTURE)
    page.get_by_label("状态").select_option(label="未完成")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"lecture=\d+"))
    rows = page.locator("[data-members] tbody tr[data-member]")
    expect(rows.first).to_be_visible()
    shown = rows.count()
    assert shown > 0
    for status in rows.evaluate_all("rows => rows.map(r => r.dataset.status)"):
        assert status in ("not_started", "in_progress", "overdue")
    page.screenshot(path=str(artifacts_dir / "walkthrough6-behind-390.png"), full_page=True)

    # One action reminds them all.
    page.get_by_role("button", name="一键提醒未完成的党员").click()
    expect(page.locator("[data-messages]")).to_contain_text(f"已向 {shown} 名党员发送提醒")
    lecture = LecturePage.objects.get(title=LECTURE)
    reminded = InboxMessage.objects.filter(url__contains=f"/study/lecture/{lecture.pk}/")
    assert reminded.count() == shown

    # Export the view and read it back.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    path = artifacts_dir / "walkthrough6-export.xlsx"
    download_info.value.save_as(path)
    book = load_workbook(path)
    header, *exported = list(book["党员"].iter_rows(values_only=True))
    assert header[0] == "姓名"
    secretary = reminded.first().reminder.sent_by.member
    view = BranchView(organisation=secretary.organisation, lecture_id=lecture.pk, status="behind")
    expected = [
        (row["name"], row["organisation_name"], row["lecture_title"], row["due_on"])
        for row in member_rows(**view.selector_filters())
    ]
    assert [(r[0], r[1], r[2], r[3].date()) for r in exported] == expected
    assert len(expected) == shown

    # A member reminded sees it in the inbox, with the unread count in the header.
    member = reminded.select_related("member__user").first().member
    own = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    member_page = own.new_page()
    sign_in(member_page, base, member.user.username, MEMBER_PASSWORD, "/me/")
    expect(member_page.locator("[data-unread]")).to_have_text("1")
    menu = member_page.locator("label.menu-button")
    if menu.is_visible():  # on a phone the account links sit behind the menu button
        menu.click()
    member_page.locator("[data-inbox-link]").click()
    expect(member_page.locator("[data-inbox]")).to_contain_text(LECTURE)
    member_page.screenshot(path=str(artifacts_dir / "walkthrough6-inbox-390.png"), full_page=True)
    own.close()
    phone.close()


def test_public_racing_page_and_muting_a_kind(browser, live_demo_site, artifacts_dir):
    """A visitor sees the 赛马 page (chart and table per organisation, nobody named, a small
    child left out with a note); a member mutes one kind of reminder in the inbox settings."""
    from cms.models import Member, OrganisationKind
    from cms.services import ensure_organisation
    from learning.branch.demo import MEMBER_PASSWORD, SECRETARY_USERNAME, load_demo_branch
    from learning.branch.mutes import may_deliver
    from learning.models import MessageKind
    from tests.branch.conftest import make_member

    load_demo_branch(log=lambda message: None)
    secretary = Member.objects.get(user__username=SECRETARY_USERNAME)
    town = secretary.organisation
    branch = town.get_children().first()
    group = ensure_organisation("演示第一党小组", OrganisationKind.GROUP, "演示", branch)
    make_member("lone_member", group, name="独一人")
    base = live_demo_site.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()

    page.goto(f"{base}/racing/{town.pk}/")
    expect(page.locator("[data-racing-chart] svg")).to_be_visible()
    rows = page.locator("[data-racing-table] tbody tr")
    assert rows.count() == town.get_children().count() >= 3
    for members in page.locator("[data-racing-table] [data-members]").all_inner_texts():
        assert int(members) >= 3
    text = page.locator("main").inner_text()
    names = Member.objects.filter(organisation__path__startswith=town.path)
    assert not [m.name for m in names if len(m.name) > 1 and m.name in text]
    page.screenshot(path=str(artifacts_dir / "racing-town-390.png"), full_page=True)

    page.goto(f"{base}/racing/{branch.pk}/")
    expect(page.locator("[data-hidden-children]")).to_contain_text("少于 3 名")
    expect(page.locator("main")).not_to_contain_text("演示第一党小组")
    expect(page.locator("main")).not_to_contain_text("独一人")

    member = names.filter(role="member").select_related("user").first()
    sign_in(page, base, member.user.username, MEMBER_PASSWORD, "/inbox/")
    page.get_by_text("我接收哪些消息").click()
    box = page.locator('[data-kind="pledge_overdue"] input[type=checkbox]')
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_role("button", name="保存设置").click()
    page.wait_for_load_state()
    assert not may_deliver(member=member, kind=MessageKind.PLEDGE_OVERDUE)
    assert may_deliver(member=member, kind=MessageKind.DUE_SOON)
    page.goto(f"{base}/inbox/")
    page.get_by_text("我接收哪些消息").click()
    expect(page.locator('[data-kind="pledge_overdue"] input[type=checkbox]')).not_to_be_checked()
    page.screenshot(path=str(artifacts_dir / "inbox-muted-390.png"), full_page=True)
    context.close()
