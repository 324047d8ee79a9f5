"""The issue's walk-through in headless Chromium on the demo: a member of 活力先锋's branch
acknowledges the code of conduct and claims a task; the secretary confirms it; the member
reports it done with a photo; the secretary verifies it; the points show in the member's record
(/me/) and the branch report (/branch/); the member redeems an item; the secretary hands it over."""

import io
import re

import pytest
from playwright.sync_api import expect

from tests.branch.test_browser import sign_in

pytestmark = pytest.mark.browser

TASK = "暑期课业辅导"
ITEM = "理发服务券"


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_walkthrough_service_tasks_and_redemption(browser, live_demo_site, artifacts_dir):
    from learning.models import PointsEntry, PointsReason
    from learning.service_tasks.demo import (
        MEMBER_PASSWORD,
        MEMBER_USERNAME,
        SECRETARY_PASSWORD,
        SECRETARY_USERNAME,
    )
    from learning.service_tasks.models import ClaimStatus, Redemption, TaskClaim

    base = live_demo_site.url
    member_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    secretary_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = member_context.new_page()
    desk = secretary_context.new_page()
    messages = page.locator("[data-messages]")
    desk_messages = desk.locator("[data-messages]")

    # The member acknowledges the code of conduct and claims a task.
    sign_in(page, base, MEMBER_USERNAME, MEMBER_PASSWORD, "/service/")
    page.get_by_role("button", name="我已阅读并承诺遵守").click()
    expect(messages).to_contain_text("您已承诺遵守")
    expect(page.locator("[data-acknowledged]")).to_be_visible()
    page.locator("[data-task]", has_text=TASK).get_by_role("button", name="认领").click()
    expect(messages).to_contain_text(f"您已认领“{TASK}”")
    page.screenshot(path=str(artifacts_dir / "service-member-390.png"), full_page=True)

    # The secretary confirms the claim.
    sign_in(desk, base, SECRETARY_USERNAME, SECRETARY_PASSWORD, "/branch/service/")
    desk.locator("[data-to-confirm] tr", has_text=TASK).get_by_role("button", name="确认").click()
    expect(desk_messages).to_contain_text("认领已确认")

    # The member reports it done with a photo.
    page.goto(f"{base}/service/")
    page.locator("[data-claims] tr", has_text=TASK).get_by_role("link", name="报告完成").click()
    page.get_by_label("完成情况").fill("辅导了五个孩子的暑假作业，讲了两次数学。")
    page.get_by_label(re.compile("照片")).set_input_files(
        files=[{"name": "辅导.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="提交完成情况").click()
    expect(messages).to_contain_text("完成情况已提交")

    # The secretary sees the photo and verifies: the points are paid once.
    desk.goto(f"{base}/branch/service/")
    row = desk.locator("[data-to-verify] tr", has_text=TASK)
    expect(row.locator("img")).to_be_visible()
    assert row.locator("img").evaluate("img => img.naturalWidth") == 320
    desk.screenshot(path=str(artifacts_dir / "service-secretary-1280.png"), full_page=True)
    row.get_by_role("button", name="核实并发放积分").click()
    expect(desk_messages).to_contain_text("已核实")
    claim = TaskClaim.objects.get(task__title=TASK, member__user__username=MEMBER_USERNAME)
    assert claim.status == ClaimStatus.VERIFIED and claim.points_entry.points == 8

    # The points show in the member's record and in the branch report.
    page.goto(f"{base}/me/")
    record = page.locator("[data-service-record]")
    expect(record).to_contain_text(TASK)
    expect(record).to_contain_text("服务积分 8 分")
    paid = sum(
        PointsEntry.objects.filter(
            reason=PointsReason.SERVICE_TASK, member__organisation__name__contains="渔港"
        ).values_list("points", flat=True)
    )
    desk.goto(f"{base}/branch/")
    expect(desk.locator("[data-service-points]")).to_have_text(str(paid))

    # The member redeems an item; the secretary hands it over.
    page.goto(f"{base}/service/")
    page.locator("[data-item]", has_text=ITEM).get_by_role("button", name="兑换").click()
    expect(messages).to_contain_text(f"您已兑换“{ITEM}”")
    expect(page.get_by_text(re.compile("基础积分 0 · 服务积分 3"))).to_be_visible()
    desk.goto(f"{base}/branch/service/")
    desk.locator("[data-to-hand-over] tr", has_text="海霞").get_by_role(
        "button", name="已发放"
    ).click()
    expect(desk_messages).to_contain_text("已标记为已发放")
    page.goto(f"{base}/service/")
    expect(page.locator("[data-redemptions]")).to_contain_text("已发放")
    page.screenshot(path=str(artifacts_dir / "service-member-done-390.png"), full_page=True)
    redemption = Redemption.objects.get(member__user__username=MEMBER_USERNAME)
    assert redemption.debit.points == -5
    member_context.close()
    secretary_context.close()
