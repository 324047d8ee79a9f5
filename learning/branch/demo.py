"""Demo data for the branch workspace: a town committee secretary (`shuji`) over three village
branches with some forty members whose study differs (done, behind, overdue, never started),
so every figure and the comparison chart show something real.

Idempotent: a second run finds the secretary and changes nothing. Called at the end of
learning.demo's loader, once the organisation tree and the demo lecture exist.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cms.models import Member, MemberRole, Organisation, OrganisationKind
from cms.organisation_access import organisation_administrator_grant
from cms.services import ensure_child_page, ensure_organisation
from learning.models import (
    Assignment,
    EventOutcome,
    LecturePage,
    LectureProgress,
    LectureSection,
    LectureSeriesPage,
    Ledger,
    PointsEntry,
    PointsReason,
    ProgressEvent,
)
from learning.services.study_time import study_time_credit

SECRETARY_USERNAME = "shuji"
SECRETARY_PASSWORD = "xianfeng-secretary"  # noqa: S105 - the demo site's published login
MEMBER_PASSWORD = "xianfeng-member"  # noqa: S105 - the demo members' shared login

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "丽华",
    "海燕",
    "春生",
    "玉兰",
    "德明",
    "桂芳",
    "永红",
    "晓东",
    "淑珍",
]
# (branch, members, how far along its members are: share done, share started)
BRANCHES = [
    ("套里村党支部", 14, 0.6, 0.2),
    ("两河村党支部", 13, 0.3, 0.3),
    ("平头村党支部", 13, 0.1, 0.2),
]


def demo_logins():
    return [
        ("Branch secretary login", "/branch/", SECRETARY_USERNAME, SECRETARY_PASSWORD),
        ("Organisation administrator login", "/admin/", SECRETARY_USERNAME, SECRETARY_PASSWORD),
    ]


def _appoint_administrator():
    """The secretary is also the town's organisation administrator (组织管理员): the admin
    shows them their subtree's members, assignments and pledges. Idempotent, and given to a
    demo loaded before the role existed."""
    secretary = Member.objects.filter(user__username=SECRETARY_USERNAME).first()
    if secretary is not None:
        organisation_administrator_grant(user=secretary.user, organisation=secretary.organisation)


def _second_lecture(series):
    lecture, _created = ensure_child_page(
        series,
        LecturePage,
        "branch-secretary-lecture",
        title="支部书记讲党课：对标先锋 比学赶超",
        speaker="河南寨镇党委书记",
        organisation=series.organisation,
        points=5,
        summary="支部书记讲“对表晒绩、比学赶超”，用身边的先锋对照找差距。",
        sections=[
            LectureSection(
                title="对表晒绩",
                kind="reading",
                min_reading_seconds=120,
                body="<p>把任务清单摆上桌，一项一项对表，晒出实绩，找准差距。</p>",
            )
        ],
    )
    return lecture


@transaction.atomic
def load_demo_branch(log=print):
    User = get_user_model()
    if User.objects.filter(username=SECRETARY_USERNAME).exists():
        _appoint_administrator()
        return None
    village = Organisation.objects.filter(name="套里村党支部").first()
    red_boat = LecturePage.objects.filter(slug="red-boat-spirit").first()
    series = LectureSeriesPage.objects.filter(slug="nanhu-chuxin").first()
    if village is None or red_boat is None or series is None:
        log("Demo branch workspace skipped: load the demo content first.")
        return None
    town = village.get_parent()  # 河南寨镇党委
    region = village.region
    branches = {BRANCHES[0][0]: village}
    for name, *_rest in BRANCHES[1:]:
        branches[name] = ensure_organisation(name, OrganisationKind.BRANCH, region, town)
    town.refresh_from_db()

    today = timezone.localdate()
    now = timezone.now()
    second = _second_lecture(series)
    # Overdue for 两河村 (assigned a week ago, due two days ago); red_boat is the town's own.
    Assignment.objects.get_or_create(
        lecture=second,
        organisation=branches["两河村党支部"],
        defaults={"due_on": today - datetime.timedelta(days=2), "note": "支部专题学习"},
    )
    Assignment.objects.get_or_create(
        lecture=second,
        organisation=branches["平头村党支部"],
        defaults={"due_on": today + datetime.timedelta(days=3), "note": "支部专题学习"},
    )

    user = User.objects.create_user(
        SECRETARY_USERNAME, password=SECRETARY_PASSWORD, first_name="书记"
    )
    Member.objects.create(user=user, name="陈书记", organisation=town, role=MemberRole.SECRETARY)
    _appoint_administrator()

    rng = random.Random(14)  # noqa: S311 - demo data, the same on every machine
    hashed = make_password(MEMBER_PASSWORD)  # hashed once: forty hashes take seconds
    sections = {lecture.pk: list(lecture.sections.all()) for lecture in (red_boat, second)}
    n = 0
    for name, count, done_share, started_share in BRANCHES:
        branch = branches[name]
        for i in range(count):
            n += 1
            username = f"dy{n:02d}"
            member_user = User.objects.create(username=username, password=hashed)
            role = MemberRole.SECRETARY if i == 0 else MemberRole.MEMBER
            member = Member.objects.create(
                user=member_user,
                name=SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)],
                organisation=branch,
                role=role,
            )
            draw = rng.random()
            lectures = [red_boat] + ([second] if branch != village else [])
            for lecture in lectures:
                if draw < done_share:
                    _study(member, lecture, sections[lecture.pk], now, completed=True)
                elif draw < done_share + started_share:
                    _study(member, lecture, sections[lecture.pk], now, completed=False)
            # Study hours over the year: some well ahead of the quota, some far behind.
            hours = rng.choice([0, 2, 6, 12, 20, 30, 40]) * done_share * 2
            if hours:
                _credit(member, sections[red_boat.pk][0], now, hours * 45 * 60)
            if draw < done_share:
                PointsEntry.objects.get_or_create(
                    source_key=f"demo:branch:{member.pk}",
                    defaults={
                        "member": member,
                        "ledger": Ledger.SERVICE if i % 3 == 0 else Ledger.BASE,
                        "reason": PointsReason.SERVICE_TASK
                        if i % 3 == 0
                        else PointsReason.LECTURE_COMPLETED,
                        "points": 5 + i % 4,
                    },
                )
    log(
        f"Demo branch secretary ready: {SECRETARY_USERNAME} / {SECRETARY_PASSWORD} "
        f"({town}, {n} members in {len(BRANCHES)} branches)."
    )
    return user


def _study(member, lecture, sections, now, *, completed):
    started = now - datetime.timedelta(days=5)
    LectureProgress.objects.get_or_create(
        member=member,
        lecture=lecture,
        defaults={"completed_at": now - datetime.timedelta(days=1) if completed else None},
    )
    LectureProgress.objects.filter(member=member, lecture=lecture).update(started_at=started)


def _credit(member, section, now, seconds):
    """Credited study time as the fold records it (one event, earlier this year, credited
    through the one writer of study time)."""
    start_of_year = timezone.make_aware(datetime.datetime(timezone.localdate(now).year, 1, 1))
    when = max(start_of_year, now - datetime.timedelta(days=20))
    event = ProgressEvent.objects.create(
        id=uuid.uuid4(),
        member=member,
        section=section,
        from_seconds=0,
        to_seconds=min(seconds, 60),
        client_time=when,
        content_hash="demo",
        received_at=when,
        credited_seconds=seconds,
        outcome=EventOutcome.CREDITED,
    )
    study_time_credit(
        member=member, seconds=seconds, at=when, source=f"event:{event.pk}", section=section
    )
