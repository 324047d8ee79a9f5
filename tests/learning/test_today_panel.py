"""The 今日学习 panel (learning.daily.today) on the home page and /me/: where to continue (the
section's anchor and position), assignments due, today's points against each daily cap and
the streak of study days, for the signed-in member only and from their own rows only."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.learning.conftest import MEMBER_PASSWORD, make_lecture, make_member, report_events


def panel(html):
    match = re.search(rb"<section class=\"today-panel\".*?</section>", html, re.S)
    return match.group(0).decode() if match else None


def credit(member, day, seconds=60, tag="x"):
    from learning.services.study_time import study_time_credit

    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    study_time_credit(member=member, seconds=seconds, at=at, source=f"test:{tag}:{member.pk}:{day}")


def test_visitors_see_no_panel_and_members_see_theirs(client, member, demo_site):
    home = client.get("/")
    assert home.status_code == 200 and panel(home.content) is None
    client.force_login(member.user)
    shown = panel(client.get("/").content)
    assert shown is not None and "今日学习" in shown
    # The visitor's cached copy stays without it.
    client.logout()
    assert panel(client.get("/").content) is None


def test_continue_goes_to_the_section_in_progress(client, member, events):
    lecture = make_lecture([("reading", 30), ("video", 100)], title="继续学习测试课")
    reading, video = lecture.sections.all()
    t0 = timezone.now()
    report_events(member, [events(reading, 0, 30)], now=t0 + datetime.timedelta(seconds=40))
    report_events(
        member,
        [events(video, 0, 0), events(video, 0, 20, position=20)],
        now=t0 + datetime.timedelta(seconds=70),
    )
    client.force_login(member.user)
    shown = panel(client.get("/").content)
    assert f'href="/study/lecture/{lecture.pk}/#section-{video.pk}"' in shown
    assert "继续学习测试课" in shown and "第2节" in shown and "0:20" in shown


def test_assignments_due_and_points_against_caps(client, member, branch, lecture):
    from cms.models import Organisation
    from learning.models import Assignment, PointsReason
    from learning.services.points import award_points

    today = timezone.localdate()
    Assignment.objects.create(
        lecture=lecture, organisation=branch, due_on=today + datetime.timedelta(days=3)
    )
    elsewhere = Organisation.objects.exclude(path__startswith=branch.path[:4]).first()
    other = make_lecture([("video", 10)], title="别处的任务")
    if elsewhere is not None:
        Assignment.objects.create(lecture=other, organisation=elsewhere, due_on=today)
    award_points(member, PointsReason.STORY_READ, "test:story:1")
    award_points(member, PointsReason.STORY_READ, "test:story:2")
    client.force_login(member.user)
    shown = panel(client.get("/").content)
    assert lecture.title in shown and "还剩3天" in shown
    assert "别处的任务" not in shown  # another subtree's assignment
    row = re.search(r'data-reason="story_read">.*?</li>', shown, re.S).group(0)
    assert "2/6" in row
    assert "今日积分：2" in shown


def test_streak_counts_consecutive_study_days(member):
    from learning.daily.today import study_streak

    today = timezone.localdate()
    assert study_streak(member) == {"days": 0, "today": False}
    for back in (1, 2, 3, 5):
        credit(member, today - datetime.timedelta(days=back))
    assert study_streak(member) == {"days": 3, "today": False}  # yesterday's streak holds
    credit(member, today)
    assert study_streak(member) == {"days": 4, "today": True}


def test_streak_and_panel_are_the_members_own(client, member, branch):
    from learning.daily.today import study_streak

    other = make_member("someone-else", branch)
    today = timezone.localdate()
    for back in range(5):
        credit(other, today - datetime.timedelta(days=back))
    assert study_streak(member)["days"] == 0
    client.force_login(member.user)
    assert 'data-streak="0"' in panel(client.get("/").content)


def test_my_record_shows_the_panel(client, member):
    client.force_login(member.user)
    page = client.get("/me/")
    assert page.status_code == 200 and panel(page.content) is not None


@pytest.mark.browser
@pytest.mark.parametrize("size", [(390, 844), (1440, 900)], ids=["phone", "desktop"])
def test_panel_in_chromium_continues_at_the_section(browser, live_demo_site, artifacts_dir, size):
    from cms.models import Organisation
    from learning.models import Assignment
    from learning.services.ingest import EventInput
    from tests.learning.conftest import report_events as report

    member = make_member("today-member", Organisation.objects.get(name="套里村党支部"))
    lecture = make_lecture(
        [("reading", 30), ("reading", 30), ("reading", 30), ("video", 100)], title="今日面板测试课"
    )
    sections = list(lecture.sections.all())
    Assignment.objects.create(
        lecture=lecture, organisation=member.organisation, due_on=timezone.localdate()
    )
    t0 = timezone.now() - datetime.timedelta(minutes=5)
    last = sections[-1]
    report(
        member,
        [
            EventInput(uuid.uuid4(), last.pk, 0, 0, t0),
            EventInput(uuid.uuid4(), last.pk, 0, 40, t0 + datetime.timedelta(seconds=45), 40),
        ],
        now=t0 + datetime.timedelta(seconds=45),
    )
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_demo_site.url}/accounts/login/?next=/")
    page.get_by_label("用户名").fill("today-member")
    page.get_by_label("密码").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="登录").click()
    today = page.locator("[data-today-panel]")
    expect(today).to_be_visible()
    expect(today.get_by_role("heading", name="今日学习")).to_be_visible()
    expect(today.locator("[data-today-assignments]")).to_contain_text("今日面板测试课")
    expect(today.locator("[data-today-assignments]")).to_contain_text("今天截止")
    box = today.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1  # no sideways scrolling
    name = "phone" if width < 600 else "desktop"
    page.screenshot(path=str(artifacts_dir / f"today-panel-{name}-{width}.png"), full_page=False)
    today.locator(".today-resume").click()
    page.wait_for_url(f"**/study/lecture/{lecture.pk}/#section-{last.pk}")
    target = page.locator(f"#section-{last.pk}")
    expect(target).to_be_in_viewport()
    assert float(target.get_attribute("data-position")) == 40
    context.close()
