"""Points for reading a story: the honest reading clock (learning.daily.reading), its
endpoint (/api/learning/reading/) and its place on the story page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.learning.conftest import make_member

URL = "/api/learning/reading/"


def make_story(n, text="一名先锋一盏灯，一枚党徽一面旗。党员亮身份、当先锋、办实事、做示范。"):
    """A live story of our own under the demo's story index (the demo has few)."""
    from cms.models import StoryIndexPage, StoryPage
    from cms.services import ensure_child_page

    story, _ = ensure_child_page(
        StoryIndexPage.objects.first(),
        StoryPage,
        f"reading-test-{n}",
        title=f"阅读测试故事{n}",
        summary="测试。",
        body=[("paragraph", f"<p>{text * 8}</p>")],
    )
    return story


@pytest.fixture
def stories(demo_site):
    return [make_story(n) for n in range(1, 4)]


def read(member, story, start, beats, *, every=10.0, claim=None):
    """Reports as the page sends them: an opening one at `start`, then `beats` more every
    `every` seconds, each claiming `claim` (default: the real time between them)."""
    from learning.daily.reading import story_reading_report

    states = [story_reading_report(member=member, story=story, seconds=0, now=start)]
    for i in range(1, beats + 1):
        states.append(
            story_reading_report(
                member=member,
                story=story,
                seconds=every if claim is None else claim,
                now=start + datetime.timedelta(seconds=every * i),
            )
        )
    return states


def test_needed_time_follows_the_story_length(stories):
    from learning.daily.reading import MAX_SECONDS, MIN_SECONDS, needed_seconds, story_text_length

    story = stories[0]
    assert story_text_length(story) > 50
    assert MIN_SECONDS <= needed_seconds(story) <= MAX_SECONDS


def test_only_real_time_is_credited(member, stories):
    from learning.daily.reading import story_reading_report

    story, t0 = stories[0], timezone.now()
    first = story_reading_report(member=member, story=story, seconds=25, now=t0)
    assert first.credited_seconds == 0  # opens the stretch: the reader may just have come
    # 30 s claimed after 5 s of real time: 5 s and the 2 s tolerance, no more.
    second = story_reading_report(
        member=member, story=story, seconds=30, now=t0 + datetime.timedelta(seconds=5)
    )
    assert second.credited_seconds <= 7
    # After a pause of a minute (tab closed, phone locked) the next report credits nothing.
    later = story_reading_report(
        member=member, story=story, seconds=30, now=t0 + datetime.timedelta(seconds=70)
    )
    assert later.credited_seconds == 0
    assert later.total_seconds == second.total_seconds


def test_two_stories_at_once_share_one_clock(member, stories):
    from learning.daily.reading import story_reading_report

    a, b = stories[0], stories[1]
    t0 = timezone.now()
    credited = 0.0
    for second in range(0, 61, 5):  # both tabs report alternately, claiming 10 s each
        now = t0 + datetime.timedelta(seconds=second)
        story = a if second % 10 == 0 else b
        credited += story_reading_report(
            member=member, story=story, seconds=0 if second < 10 else 10, now=now
        ).credited_seconds
    assert credited <= 60 + 2 * 2  # a minute of real time (and the tolerance), not two


def test_reading_a_story_through_pays_once_under_its_rule(member, stories):
    from learning.models import PointsEntry, PointsReason, StudyCredit

    story, t0 = stories[0], timezone.now()
    states = read(member, story, t0, beats=20)
    done = [s for s in states if s.completed]
    assert done, "reading at the real pace completes the story"
    assert done[0].points == 1 and done[0].total_seconds >= done[0].needed_seconds - 0.5
    assert states[-1].points is None  # after completion: nothing more
    entries = PointsEntry.objects.filter(member=member, reason=PointsReason.STORY_READ)
    assert [e.points for e in entries] == [1]
    assert entries[0].note == story.title
    # Read again (another day): no second payment, and no study time (学时) either.
    read(member, story, t0 + datetime.timedelta(days=1), beats=20)
    assert entries.count() == 1
    assert not StudyCredit.objects.filter(member=member).exists()


def test_reading_too_fast_does_not_complete(member, stories):
    story, t0 = stories[0], timezone.now()
    # A forged page claiming 30 s every 2 s is credited the real time only.
    states = read(member, story, t0, beats=5, every=2.0, claim=30)
    assert not states[-1].completed
    assert states[-1].total_seconds <= 5 * 2 + 5 * 2


def test_daily_cap_of_the_story_rule(member, stories):
    from learning.models import PointsEntry, PointsReason, PointsRule

    PointsRule.objects.filter(reason=PointsReason.STORY_READ).update(points=1, daily_cap=2)
    t0 = timezone.now()
    for i, story in enumerate(stories[:3]):
        states = read(member, story, t0 + datetime.timedelta(minutes=10 * i), beats=20)
    assert [s for s in states if s.completed][0].points == 0
    paid = PointsEntry.objects.filter(member=member, reason=PointsReason.STORY_READ)
    assert sorted(e.points for e in paid) == [0, 1, 1]


def test_endpoint_credits_a_member_and_refuses_others(client, member, stories, django_user_model):
    story = stories[0]
    assert client.post(URL, {"story": story.pk, "seconds": 0}, "application/json").status_code in (
        401,
        403,
    )
    client.force_login(django_user_model.objects.create_user("no-member", password="x"))
    assert (
        client.post(URL, {"story": story.pk, "seconds": 0}, "application/json").status_code == 403
    )
    client.force_login(member.user)
    answer = client.post(URL, {"story": story.pk, "seconds": 0}, "application/json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["story"] == story.pk and body["credited_seconds"] == 0
    assert body["completed"] is False and body["needed_seconds"] >= 30


@pytest.mark.parametrize(
    "payload",
    [
        {"story": "x", "seconds": 1},
        {"story": 1, "seconds": -1},
        {"story": 1, "seconds": 1e309},
        {"story": 1, "seconds": 31},
        {"story": "٣", "seconds": 1},
        {"seconds": 1},
        [],
    ],
)
def test_endpoint_bad_input_is_a_400_in_chinese(client, member, payload):
    client.force_login(member.user)
    answer = client.post(URL, payload, "application/json")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] in ("invalid", "parse_error") and any(
        "\u4e00" <= c <= "\u9fff" for c in body["detail"]
    )


def test_endpoint_unknown_or_unpublished_story_is_a_404(client, member, stories):
    client.force_login(member.user)
    assert (
        client.post(URL, {"story": 2**31 - 1, "seconds": 0}, "application/json").status_code == 404
    )
    story = stories[0]
    story.unpublish()
    assert (
        client.post(URL, {"story": story.pk, "seconds": 0}, "application/json").status_code == 404
    )


def test_members_of_any_organisation_read_for_themselves(client, branch, stories):
    """Stories are public: a member anywhere in the tree earns for their own reading, and a
    report never touches another member's row."""
    from cms.models import Organisation
    from learning.models import StoryReading

    other_org = Organisation.objects.exclude(path__startswith=branch.path).first()
    mine, theirs = make_member("reader-a", branch), make_member("reader-b", other_org)
    for someone in (mine, theirs):
        client.force_login(someone.user)
        assert (
            client.post(URL, {"story": stories[0].pk, "seconds": 0}, "application/json").status_code
            == 200
        )
    assert StoryReading.objects.filter(member__in=[mine, theirs]).count() == 2


def test_story_page_has_the_clock_for_members_only(client, member, stories):
    story = stories[0]
    page = client.get(story.url)
    assert page.status_code == 200 and b"data-reading-clock" not in page.content
    client.force_login(member.user)
    page = client.get(story.url)
    assert b"data-reading-clock" in page.content
    assert b"learning/reading.js" in page.content
    # The visitor's copy kept in the page cache has no member's clock in it.
    client.logout()
    assert b"data-reading-clock" not in client.get(story.url).content


@pytest.mark.browser
def test_reading_clock_in_chromium_pays_for_a_story_read_through(
    browser, live_demo_site, artifacts_dir
):
    """The page's script counts only while the reader is active, and the server credits the
    real time: a short story (30 s) read for about 40 s pays its point. Another story left
    open at the same time by another member, with nobody scrolling or touching it, pauses
    after its 15 s of grace and never reaches its 30 s."""
    from cms.models import Organisation
    from learning.models import PointsEntry, PointsReason, StoryReading

    branch = Organisation.objects.get(name="套里村党支部")
    reader = make_member("story-reader", branch)
    # The idle story is another member's, in a window of its own: the two run side by side,
    # so the test waits the reading time once (one member's stories share one clock).
    idler = make_member("story-idler", branch)
    story = make_story(9, text="短文。")
    idle = make_story(10, text="短文。")

    def open_signed_in(username, path):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{live_demo_site.url}/accounts/login/?next={path}")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("member-pass-123")
        page.get_by_role("button", name="登录").click()
        clock = page.locator("[data-reading-clock]")
        expect(clock).to_be_visible()
        return context, page, clock

    idle_context, _idle_page, idle_clock = open_signed_in("story-idler", idle.url)
    context, page, clock = open_signed_in("story-reader", story.url)
    assert clock.get_attribute("data-needed") == "30"
    for i in range(10):  # a reader scrolling now and then
        page.mouse.move(100 + i, 300 + 10 * i)
        page.mouse.wheel(0, 40)
        page.wait_for_timeout(4000)
    expect(clock).to_contain_text("已读完", timeout=20000)
    page.screenshot(path=str(artifacts_dir / "story-reading-390.png"), full_page=False)
    paid = PointsEntry.objects.filter(member=reader, reason=PointsReason.STORY_READ)
    assert [entry.points for entry in paid] == [1]

    # The idle window has been open for over 40 s by now.
    expect(idle_clock).to_contain_text("计时已暂停")
    idle_context.close()
    context.close()
    row = StoryReading.objects.get(member=idler, story=idle)
    assert row.completed_at is None and row.credited_seconds <= 15 + 2
    assert paid.count() == 1
    assert not PointsEntry.objects.filter(member=idler, reason=PointsReason.STORY_READ).exists()
