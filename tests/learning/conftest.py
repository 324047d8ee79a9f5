"""Fixtures for the learning tests: a member, and a lecture whose sections we control."""

import datetime
import itertools
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

_slugs = itertools.count(1)

MEMBER_PASSWORD = "member-pass-123"


def make_member(username, organisation, role="member", name=None):
    from cms.models import Member

    user = get_user_model().objects.create_user(username, password=MEMBER_PASSWORD)
    return Member.objects.create(
        user=user, name=name or username, organisation=organisation, role=role
    )


def make_lecture(sections, points=10, title=None):
    """A live lecture in the demo series; `sections` are (kind, seconds) pairs."""
    from cms.services import ensure_child_page
    from learning.models import LecturePage, LectureSection, LectureSeriesPage

    series = LectureSeriesPage.objects.get(slug="nanhu-chuxin")
    rows = []
    for index, (kind, seconds) in enumerate(sections, start=1):
        if kind == "reading":
            rows.append(
                LectureSection(
                    title=f"阅读{index}",
                    kind=kind,
                    min_reading_seconds=seconds,
                    body=f"<p>第{index}节阅读材料。</p>",
                )
            )
        else:
            rows.append(
                LectureSection(
                    title=f"视频{index}",
                    kind=kind,
                    duration_seconds=seconds,
                    media_url="https://example.cn/lecture.mp4",
                )
            )
    n = next(_slugs)
    lecture, _ = ensure_child_page(
        series,
        LecturePage,
        f"test-lecture-{n}",
        title=title or f"测试党课{n}",
        summary="测试用党课。",
        points=points,
        sections=rows,
    )
    return lecture


def make_audio_lecture(slug, *, title, section_title, seconds):
    """A live lecture in the demo series of one audio section with a real audio file of
    `seconds` (cms.demo.ensure_audio), which Chromium plays."""
    from cms.demo import ensure_audio
    from cms.services import ensure_child_page
    from learning.models import LecturePage, LectureSection, LectureSeriesPage

    lecture, _ = ensure_child_page(
        LectureSeriesPage.objects.get(slug="nanhu-chuxin"),
        LecturePage,
        slug,
        title=title,
        summary="测试。",
        sections=[
            LectureSection(
                title=section_title,
                kind="audio",
                duration_seconds=seconds,
                media_file=ensure_audio(f"{section_title}（测试）", seconds),
            )
        ],
    )
    return lecture


@pytest.fixture
def study_page(browser, live_demo_site):
    """Opens a lecture's study page in Chromium signed in as a member (the demo site behind a
    live server): study_page(lecture, username, **browser context options) gives the page.
    Its browser context is closed after the test."""
    contexts = []

    def open_study_page(lecture, username, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_demo_site.url}/accounts/login/?next=/study/lecture/{lecture.pk}/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(MEMBER_PASSWORD)
        page.get_by_role("button", name="登录").click()
        return page

    yield open_study_page
    for context in contexts:
        context.close()


def make_quiz(lecture, pass_mark=60, max_attempts=2, open_from_start=True):
    """Open from the start unless asked: most tests are about the quiz itself; the gate
    (a quiz opens once every section is complete, the product's default) has its own."""
    from learning.models import Quiz, QuizQuestion

    quiz = Quiz(
        lecture=lecture,
        title="课后测验",
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        open_from_start=open_from_start,
    )
    quiz.questions = [
        QuizQuestion(
            text="红船精神的发源地是？", kind="single", choices_text="上海\n*嘉兴南湖\n北京"
        ),
        QuizQuestion(
            text="“七讲七比”包括哪些？",
            kind="multiple",
            choices_text="*讲政治、比忠诚\n*讲担当、比作为\n讲排场、比阔气",
        ),
    ]
    quiz.save()
    return quiz


@pytest.fixture
def branch(demo_site):
    from cms.models import Organisation

    return Organisation.objects.get(name="套里村党支部")


@pytest.fixture
def member(branch):
    return make_member("dangyuan1", branch, name="张党员")


@pytest.fixture
def lecture(demo_site):
    return make_lecture([("video", 100), ("reading", 30)])


class Events:
    """Builds event inputs for the service with increasing client times."""

    def __init__(self):
        self.clock = timezone.now()

    def __call__(
        self, section, start, end, *, id=None, position=None, visible=True, client_time=None
    ):
        from learning.services.ingest import EventInput

        self.clock += datetime.timedelta(seconds=1)
        return EventInput(
            id=id or uuid.uuid4(),
            section_id=section.pk,
            from_seconds=start,
            to_seconds=end,
            client_time=client_time or self.clock,
            position=position,
            visible=visible,
        )


@pytest.fixture
def events():
    return Events()


def report_events(member, events, *, now=None):
    """What production does with a progress report: the API's ingest service stores the events
    (learning.services.ingest.accept_events), then the worker's fold applies them
    (fold_pending, which the queued task runs). Returns one EventResult per event, in order,
    with the credit of those just applied."""
    from learning.services.ingest import accept_events
    from learning.services.progress import fold_pending

    results = accept_events(member, events, now=now)
    applied = fold_pending(member)
    return [
        applied.get(result.id, result) if result.status == "accepted" else result
        for result in results
    ]
