"""The demo's organisation life: in 套里村党支部 a past 支部党员大会 with minutes and final
attendance, an upcoming 主题党日 with its notice sent, and an on-site session of the
南湖·初心讲堂 lecture 红船精神 for the town's members. Idempotent (found by topic)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.models import Member, Organisation
from learning.meetings.models import Meeting, MeetingKind
from learning.meetings.services import (
    attendance_mark,
    leave_decide,
    meeting_close,
    meeting_reply,
    meeting_schedule,
    minutes_update,
)

PAST_TOPIC = "学习贯彻红船精神 支部党员大会"
UPCOMING_TOPIC = "“亮身份、践承诺”主题党日"
SESSION_TOPIC = "南湖·初心讲堂 线下课堂：红船精神"
MINUTES = """会议由支部书记主持，传达学习红船精神的有关要求。
党员逐一交流学习体会，围绕“网格连心、组团服务”提出为民服务建议。
会议讨论通过本季度为民办实事清单。"""


def _at(days, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load_demo_meetings(log=print):
    village = Organisation.objects.filter(name="套里村党支部").first()
    members = list(Member.objects.filter(organisation=village).order_by("pk")) if village else []
    if village is None or len(members) < 4:
        log("Demo meetings skipped: load the demo branch workspace first.")
        return
    if Meeting.objects.filter(topic=PAST_TOPIC, organisation=village).exists():
        return
    organiser = get_user_model().objects.filter(username="shuji").first()
    past = meeting_schedule(
        organisation=village,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        topic=PAST_TOPIC,
        agenda="一、传达学习红船精神\n二、党员交流学习体会\n三、讨论为民办实事清单",
        starts_at=_at(-14, 19, 30),
        ends_at=_at(-14, 21),
        place="套里村党群服务中心二楼会议室",
        by=organiser,
    )
    on_leave = members[-1]
    attendance = meeting_reply(meeting=past, member=on_leave, reply="leave", reason="在外务工")
    leave_decide(attendance=attendance, approve=True, by=organiser)
    for i, member in enumerate(members[:-2]):
        attendance_mark(
            meeting=past,
            member_id=member.pk,
            present=True,
            late=i == 1,
            note="现场签到" if i != 1 else "交通原因迟到",
            by=organiser,
        )
    minutes_update(meeting=past, minutes_text=MINUTES, resolutions="通过本季度为民办实事清单。")
    meeting_close(meeting=past, by=organiser)

    meeting_schedule(
        organisation=village,
        kind=MeetingKind.THEME_DAY,
        topic=UPCOMING_TOPIC,
        agenda="重温入党誓词；党员亮身份、认领服务岗；走访困难群众",
        starts_at=_at(7, 9),
        ends_at=_at(7, 11, 30),
        place="套里村党群服务中心",
        online_url="https://meeting.example.cn/xianfeng-taoli",
        by=organiser,
    )
    from learning.models import LecturePage

    lecture = LecturePage.objects.filter(slug="red-boat-spirit").first()
    if lecture is not None:
        meeting_schedule(
            organisation=village.get_parent(),
            kind=MeetingKind.LECTURE,
            topic=SESSION_TOPIC,
            agenda="支部书记讲党课，现场交流",
            starts_at=_at(5, 14, 30),
            ends_at=_at(5, 16),
            place="河南寨镇党群服务中心报告厅",
            lecture=lecture,
            capacity=40,
            by=organiser,
        )
    log(f"Demo meetings ready: a closed meeting of {village}, an upcoming one and a session.")
