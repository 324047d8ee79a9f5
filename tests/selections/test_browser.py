"""Walk-through 9 in headless Chromium: a town committee opens a 五星党员 selection; a member
assesses herself; her branch's secretary rates and recommends her; the committee decides and
publishes the notice; a visitor objects and the committee answers; the result goes to a draft
profile, an editor publishes it, and a visitor sees the stars on the profile. Between stages
the test moves the timetable (as a committee shortening its stages would); every step is a
page."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.branch.test_browser import sign_in

pytestmark = pytest.mark.browser
TITLE = "河南寨镇本年度五星党员评选（演练）"


def shift(selection, stage):
    from tests.selections.conftest import timetable

    for field, value in timetable(stage).items():
        setattr(selection, field, value)
    selection.save()


def person(browser, base, username, password, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, base, username, password, path)
    return page


def test_walkthrough_9_selection_to_published_honour(browser, live_demo_site, artifacts_dir):
    from cms.demo import ADMIN_PASSWORD, ADMIN_USERNAME
    from cms.models import Member
    from learning.branch.demo import (
        MEMBER_PASSWORD,
        SECRETARY_PASSWORD,
        SECRETARY_USERNAME,
        load_demo_branch,
    )
    from learning.selections.models import Objection, Selection

    load_demo_branch(log=lambda message: None)
    base = live_demo_site.url
    member = Member.objects.get(user__username="dy03")  # 套里村, no profile yet
    branch_secretary = Member.objects.get(user__username="dy01")
    assert branch_secretary.organisation == member.organisation

    # The town committee opens the selection (default dimensions and timetable).
    committee = person(browser, base, SECRETARY_USERNAME, SECRETARY_PASSWORD, "/branch/")
    committee.get_by_role("link", name="五星党员评选").first.click()
    committee.get_by_role("link", name="发起评选").click()
    committee.get_by_label("标题").fill(TITLE)
    committee.get_by_label("评选名额").fill("1")
    committee.get_by_role("button", name="发起评选").click()
    expect(committee.locator("[data-messages]")).to_contain_text("评选已发起")
    selection = Selection.objects.get(title=TITLE)

    # The member writes her self-assessment.
    mine = person(browser, base, member.user.username, MEMBER_PASSWORD, "/selections/")
    mine.get_by_role("link", name=TITLE).click()
    mine.get_by_label("争先创优").fill("带头完成村里垃圾分类试点，全村分类准确率九成以上。")
    mine.get_by_label("为民服务").fill("每月为村里老人免费理发。")
    mine.get_by_label("附上我本年度的学习记录").check()
    mine.get_by_role("button", name="保存我的自评").click()
    expect(mine.locator("[data-messages]")).to_contain_text("自评已保存")
    mine.screenshot(path=str(artifacts_dir / "walkthrough9-self-assessment.png"), full_page=True)

    # Self-assessment closes; the branch's secretary rates and recommends.
    shift(selection, "recommendation")
    branch = person(browser, base, "dy01", MEMBER_PASSWORD, "/branch/selections/")
    branch.get_by_role("link", name=TITLE).click()
    branch.locator("[data-candidates]").get_by_role("link", name=member.name).click()
    expect(branch.locator("[data-statements]")).to_contain_text("垃圾分类")
    for dimension in selection.dimensions:
        branch.get_by_label(dimension).select_option("5")
    branch.get_by_role("button", name="保存我的评星").click()
    expect(branch.locator("[data-messages]")).to_contain_text("评星已保存")
    branch.get_by_role("button", name="推荐报党委").click()
    expect(branch.locator("[data-recommended]")).to_contain_text("支部已推荐")

    # The committee reviews, decides and publishes the notice.
    shift(selection, "review")
    committee.goto(f"{base}/branch/selections/{selection.pk}/")
    decide = committee.locator(f'[data-decide="{member.name}"]')
    decide.get_by_role("button", name="确定").click()
    expect(committee.locator(f'tr[data-name="{member.name}"] [data-decision]')).to_contain_text(
        "已评选"
    )
    committee.get_by_role("button", name="发布公示").click()
    expect(committee.locator("[data-stage]")).to_have_text("公示")

    # A visitor raises an objection on the public notice.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    visitor.goto(f"{base}/selections/{selection.pk}/notice/")
    expect(visitor.locator("[data-shortlist]")).to_contain_text(member.name)
    visitor.get_by_label("异议内容").fill("听说她的理发服务是收费的，请核实。")
    visitor.get_by_label("你的联系方式（电话或地址）").fill("13612345678")
    visitor.get_by_role("button", name="提交异议").click()
    expect(visitor.locator("[data-messages]")).to_contain_text("党委将核实")
    visitor.screenshot(path=str(artifacts_dir / "walkthrough9-notice.png"), full_page=True)
    assert "13612345678" not in visitor.content()

    # The committee answers it; the notice ends; the result is announced.
    committee.reload()
    objection = committee.locator("[data-objection]")
    expect(objection).to_contain_text("13612345678")
    committee.get_by_label("党委答复").fill("经核实，服务均为免费，有村委会记录为证。")
    committee.get_by_role("button", name="答复", exact=True).click()
    expect(committee.locator("[data-objection]")).to_have_attribute("data-status", "answered")
    assert Objection.objects.get(candidate__selection=selection).answer.startswith("经核实")
    selection.refresh_from_db()
    selection.notice_published_at -= datetime.timedelta(days=selection.notice_days)
    selection.save()
    committee.reload()
    committee.get_by_role("button", name="公布结果").click()
    expect(committee.locator("[data-done]")).to_be_visible()

    # A draft profile was made; an editor publishes it in the admin.
    profile = selection.candidates.get(member=member).profile
    assert profile is not None and not profile.live
    editor = person(browser, base, ADMIN_USERNAME, ADMIN_PASSWORD, "/admin/")
    editor.goto(f"{base}/admin/pages/{profile.pk}/edit/")
    expect(editor.locator("#id_title")).to_have_value(member.name)
    # Publish sits in the action menu's drop-down; its button submits the form as it is.
    with editor.expect_navigation():
        editor.locator("button[name=action-publish]").evaluate("button => button.click()")
    editor.screenshot(path=str(artifacts_dir / "walkthrough9-admin.png"), full_page=True)
    profile.refresh_from_db()
    assert profile.live

    # Everyone sees the honour, its stars per dimension, body and date on the profile.
    visitor.goto(f"{base}{profile.url}")
    stars = visitor.locator("[data-five-star]")
    expect(stars).to_contain_text("争先创优")
    expect(visitor.locator("main")).to_contain_text("河南寨镇党委")
    assert stars.locator(".star.on").count() == 5 * len(selection.dimensions)
    visitor.screenshot(path=str(artifacts_dir / "walkthrough9-profile.png"), full_page=True)
    # The member sees it in her record.
    mine.goto(f"{base}/me/")
    expect(mine.locator("[data-my-honours]")).to_contain_text(TITLE)
