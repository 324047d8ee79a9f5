"""Demo study content: the lecture hall (网上大讲堂) with its lectures, a member, a quiz on the
demo lecture and one assignment.

Idempotent. cms.demo.load_demo runs load_demo_site through the `xf_load_demo` hook
(learning/wagtail_hooks.py) once the organisation tree and the other sections exist.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.rich_text import RichText

from cms.demo import DemoSite, ensure_audio, seed_passage
from cms.models import Member, MemberRole, Organisation, PledgeWallIndexPage
from cms.services import ensure_child_page
from learning.models import (
    Assignment,
    LectureIndexPage,
    LecturePage,
    LectureSection,
    LectureSeriesPage,
    Quiz,
    QuizQuestion,
)

DEMO_USERNAME = "dangyuan"
DEMO_PASSWORD = "xianfeng-member"  # noqa: S105 - the demo site's published login


def demo_logins():
    logins = [("Member login", "/accounts/login/", DEMO_USERNAME, DEMO_PASSWORD)]
    if settings.DEMO_BRANCH_WORKSPACE:
        from learning.branch.demo import demo_logins as branch_logins

        logins += branch_logins()
    return logins


def load_demo_site(site: DemoSite) -> None:
    load_demo_lectures(site)
    load_demo_learning(site.log)
    if settings.DEMO_BRANCH_WORKSPACE:
        from learning.branch.demo import load_demo_branch

        load_demo_branch(site.log)


def load_demo_lectures(site: DemoSite) -> None:
    """The lecture hall beside the other sections, one series and its lectures (a second
    lecture quoting the seed stories when they are loaded)."""
    lectures, created = ensure_child_page(
        site.home, LectureIndexPage, "lectures", title="网上大讲堂", show_in_menus=True
    )
    walls = PledgeWallIndexPage.objects.child_of(site.home).first()
    if created and walls is not None:
        # Made after the other sections: put back where the menu always had it, before 承诺墙.
        lectures.move(walls, pos="left")
    jiaxing = site.organisations["jiaxing"]
    series, _ = ensure_child_page(
        lectures,
        LectureSeriesPage,
        "nanhu-chuxin",
        title="南湖·初心讲堂",
        organisation=jiaxing,
        intro=RichText("<p>嘉兴创设的党课品牌，线上线下同步开讲。</p>"),
    )
    ensure_child_page(  # the page tests count on this lecture exactly as it is
        series,
        LecturePage,
        "red-boat-spirit",
        title="红船精神的时代内涵",
        speaker="嘉兴市委党校讲师",
        organisation=jiaxing,
        points=10,
        summary="从南湖红船出发，理解“七讲七比、争先攀高”行动的来龙去脉。",
        sections=[
            LectureSection(
                title="导学：红船起航",
                kind="reading",
                min_reading_seconds=60,
                body="<p>100年前，中国共产党从“南湖红船”开启新征程。</p>",
            ),
            LectureSection(
                title="微党课音频",
                kind="audio",
                duration_seconds=30,
                media_file=ensure_audio("红船精神微党课（示例音频）", 30),
            ),
            LectureSection(
                title="七讲七比",
                kind="reading",
                min_reading_seconds=90,
                body="<p>讲政治、比忠诚；讲担当、比作为……党员作出先锋承诺，接受群众监督。</p>",
            ),
        ],
    )
    if site.seeds_loaded:
        ensure_seed_lecture(series, jiaxing)


def ensure_seed_lecture(series, jiaxing):
    """A second lecture whose reading sections are passages of the seed stories."""

    def reading(title, needle, seconds=60):
        text = seed_passage(needle) or needle
        return LectureSection(
            title=title, kind="reading", min_reading_seconds=seconds, body=f"<p>{escape(text)}</p>"
        )

    ensure_child_page(
        series,
        LecturePage,
        "pioneers-show-identity",
        title="党员亮身份 先锋作表率",
        speaker="先锋网上大讲堂",
        organisation=jiaxing,
        points=10,
        summary="从密云、嘉兴、许昌和基层先锋群像的报道中，学习党员亮身份、当先锋的做法。",
        sections=[
            reading("“1+10”党员联系群众机制", "每名党员就近就便联系服务"),
            reading("五星党员评选", "五个可量化的维度"),
            reading("七讲七比、争先攀高", "讲政治、比忠诚"),
            reading("党员先锋岗", "党员先锋岗"),
        ],
    )


@transaction.atomic
def load_demo_learning(log=print):
    village = Organisation.objects.filter(name="套里村党支部").first()
    lecture = LecturePage.objects.filter(slug="red-boat-spirit").first()
    if village is None or lecture is None:
        log("Demo learning skipped: load the demo content first.")
        return None
    User = get_user_model()
    user = User.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        user = User.objects.create_user(DEMO_USERNAME, password=DEMO_PASSWORD, first_name="小红")
    member, _ = Member.objects.get_or_create(
        user=user, defaults={"name": "李小红", "organisation": village, "role": MemberRole.MEMBER}
    )
    if not Quiz.objects.filter(lecture=lecture).exists():
        quiz = Quiz(lecture=lecture, title="红船精神课后测验", pass_mark=60, max_attempts=3)
        quiz.questions = [
            QuizQuestion(
                text="中国共产党从哪里开启新征程？",
                kind="single",
                choices_text="上海石库门\n*嘉兴南湖红船\n北京天安门",
            ),
            QuizQuestion(
                text="“七讲七比”中有哪些内容？",
                kind="multiple",
                choices_text="*讲政治、比忠诚\n*讲担当、比作为\n讲排场、比阔气",
            ),
        ]
        quiz.save()
    county = village.get_parent()  # 河南寨镇党委: the whole town's subtree studies it
    Assignment.objects.get_or_create(
        lecture=lecture,
        organisation=county,
        defaults={
            "due_on": timezone.localdate() + datetime.timedelta(days=30),
            "note": "全镇党员学习红船精神",
        },
    )
    log(f"Demo member ready: {DEMO_USERNAME} / {DEMO_PASSWORD} ({member.organisation}).")
    return member
