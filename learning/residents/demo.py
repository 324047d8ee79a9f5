"""Demo data for 1+10: a member of 套里村党支部 (dy02; 上河湾北区社区党支部's 何春生 when the branch
workspace demo is off) serving ten residents with a log of
contacts, the residents-covered figure live on 密云先锋's 成效, and a 党员示范户 plaque that has
had three holders. Runs after the branch workspace's demo (its members); idempotent."""

import datetime

from django.utils import timezone

from cms.models import BrandPage, Member, Organisation
from learning.residents.models import Contact, ContactKind, HonourPlaque, HonourTenure, Resident

DEMO_MEMBER_USERNAME = "dy02"  # a member of the branch workspace's demo
OWN_MEMBER_USERNAME = "lianluo"  # ours, when that demo is switched off (DEMO_BRANCH_WORKSPACE)
BRANCH_NAME = "上河湾北区社区党支部"  # away from the branches other demos and tests use
PLAQUE_TITLE = "党员示范户"
LIVE_KEY = "residents.residents_covered"

# (name, household?, place, phone): made-up neighbours of our own.
RESIDENTS = [
    ("赵大娘", False, "第一组 东头第2户", "13900001201"),
    ("钱家", True, "第一组 6号", "13900001202"),
    ("孙师傅", False, "第二组 11号", "13900001203"),
    ("李奶奶", False, "第二组 15号", "13900001204"),
    ("周家", True, "第三组 2号", "13900001205"),
    ("吴大哥", False, "育苗大棚 3号棚", "13900001206"),
    ("郑阿姨", False, "第三组 9号", "13900001207"),
    ("冯家", True, "第四组 1号", "13900001208"),
    ("陈大爷", False, "第四组 7号", "13900001209"),
    ("褚小妹", False, "村委会南侧 4号", "13900001210"),
]
CONTACTS = [
    (0, ContactKind.VISIT, 2, "上门了解冬季取暖情况，炉具完好。"),
    (1, ContactKind.SOLVED, 5, "帮钱家联系电工修好了院里的照明线路。"),
    (2, ContactKind.CALL, 7, "电话提醒孙师傅参加农机培训。"),
    (3, ContactKind.SOLVED, 9, "陪李奶奶到卫生室量血压，代办了慢病复诊预约。"),
    (5, ContactKind.VISIT, 12, "到大棚看苗情，转达了农技站的育苗建议。"),
    (8, ContactKind.CALL, 20, "询问陈大爷药品是否够用。"),
    (9, ContactKind.SOLVED, 35, "帮褚小妹在网上办好了医保缴费。"),
]


def demo_member():
    return (
        Member.objects.filter(user__username__in=[DEMO_MEMBER_USERNAME, OWN_MEMBER_USERNAME])
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )


def _own_member():
    from django.contrib.auth import get_user_model

    from learning.branch.demo import MEMBER_PASSWORD

    branch = Organisation.objects.filter(name=BRANCH_NAME).first()
    if branch is None:
        return None
    user = get_user_model().objects.create_user(OWN_MEMBER_USERNAME, password=MEMBER_PASSWORD)
    return Member.objects.create(user=user, name="何春生", organisation=branch)


def load_demo_residents(log=print):
    member = demo_member() or _own_member()
    if member is None:
        log("Demo 1+10 skipped: load the demo organisations first.")
        return
    _roster(member)
    _plaque(member.organisation)
    _live_figure()
    log(f"Demo 1+10 ready: {member.name} ({member.user.username}) serves ten residents.")


def _roster(member):
    if Resident.objects.filter(member=member).exists():
        return
    today = timezone.localdate()
    residents = [
        Resident.objects.create(
            member=member,
            name=name,
            kind="household" if household else "resident",
            place=place,
            phone=phone,
        )
        for name, household, place, phone in RESIDENTS
    ]
    for index, kind, days_ago, note in CONTACTS:
        Contact.objects.create(
            member=member,
            resident=residents[index],
            kind=kind,
            on=today - datetime.timedelta(days=days_ago),
            note=note,
        )


def _plaque(branch: Organisation):
    if HonourPlaque.objects.filter(organisation=branch, title=PLAQUE_TITLE).exists():
        return
    plaque = HonourPlaque.objects.create(
        organisation=branch,
        title=PLAQUE_TITLE,
        description="挂在示范户门口的流动牌匾：每季度由支部评议，交给带头致富、热心邻里的党员家庭。",
    )
    members = list(Member.objects.filter(organisation=branch).order_by("pk")[2:4])
    today = timezone.localdate()
    members += [None, None]  # households stand in when the branch has few members
    holders = [
        (members[0], "孙家（党员户）", 270, "带头试种新品种，收成带动了全组。"),
        (None, "钱家（党员户）", 180, "一季度评议：主动调解邻里纠纷，院落整洁。"),
        (members[1], "周家（党员户）", 90, "二季度评议：组织志愿者清理河道。"),
    ]
    previous = None
    for holder, name, days_ago, reason in holders:
        started = today - datetime.timedelta(days=days_ago)
        if previous is not None:
            previous.ended_on = started
            previous.save(update_fields=["ended_on"])
        previous = HonourTenure.objects.create(
            plaque=plaque,
            holder_member=holder,
            holder_name=holder.name if holder else name,
            started_on=started,
            reason=reason,
        )


def _live_figure():
    brand = BrandPage.objects.filter(slug="miyun-xianfeng").first()
    if brand is None or any(block.block_type == "live_figure" for block in brand.impact):
        return
    brand.impact.append(
        (
            "live_figure",
            {
                "figure": LIVE_KEY,
                "organisation": "",
                "unit": "名群众",
                "label": "“1+10”结对联系（实时）",
            },
        )
    )
    brand.save_revision().publish()
