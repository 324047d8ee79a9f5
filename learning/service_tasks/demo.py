"""Demo data for 活力先锋's two lists and its points catalogue: 羊口镇党委 publishes a code of
conduct and a list of tasks, a village branch under it has members who claimed some (one
verified and paid, one reported, one waiting), and a catalogue with a redemption handed over.

The texts are written for the demo. Idempotent: a second run finds the secretary and stops.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.models import Member, MemberRole, OrganisationKind
from cms.services import ensure_organisation
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.models import CatalogueItem

SECRETARY_USERNAME = "huoli_shuji"
SECRETARY_PASSWORD = "xianfeng-huoli"  # noqa: S105 - the demo site's published login
MEMBER_USERNAME = "huoli_dangyuan"
MEMBER_PASSWORD = "xianfeng-member"  # noqa: S105 - the demo members' shared login
BRANCH = "羊口镇渔港社区党支部"

CODE_TITLE = "十为十不为"
CODE_RULES = [
    "为群众办事有回音，不推诿拖延",
    "为邻里纠纷勤调解，不激化矛盾",
    "为困难家庭常走访，不嫌贫爱富",
    "为集体资产守规矩，不优亲厚友",
    "为环境整治带好头，不乱堆乱放",
    "为安全生产勤提醒，不心存侥幸",
    "为移风易俗作表率，不大操大办",
    "为政策宣讲讲明白，不信谣传谣",
    "为组织生活准时到，不无故缺席",
    "为党费缴纳按时足，不拖欠少交",
]
TASKS = [
    (
        "独居老人每周探访",
        "每周上门一次，看看水电煤气，聊聊家常，有困难及时上报。",
        "耐心细致",
        "渔港社区",
        3,
        10,
    ),
    (
        "渔港防台风巡查",
        "台风季前后巡查渔船系泊和临时棚屋，提醒渔户加固。",
        "熟悉渔港",
        "羊口渔港",
        4,
        8,
    ),
    (
        "惠民政策进渔村",
        "把新出台的渔业补贴政策讲给渔户听，帮助填写申请表。",
        "能说会讲",
        "渔港社区活动室",
        2,
        6,
    ),
    ("义务理发服务日", "每月第一个周六为行动不便的老人义务理发。", "会理发", "社区卫生室旁", 2, 6),
    ("暑期课业辅导", "为渔民子女辅导作业，每周两个下午。", "教师或大学生党员", "社区书屋", 3, 8),
]
CATALOGUE = [
    ("理发服务券", "社区理发点抵用一次", 5, 30),
    ("洗衣液一桶", "家用洗衣液，两公斤装", 10, 20),
    ("大米一袋", "本地大米，五公斤装", 15, 15),
]
MEMBERS = ["孙海生", "陈秀梅", "王立新", "赵春燕", "刘建波"]


def demo_logins():
    return [
        (
            "Service tasks secretary login (活力先锋)",
            "/branch/service/",
            SECRETARY_USERNAME,
            SECRETARY_PASSWORD,
        ),
        ("Service tasks member login (活力先锋)", "/service/", MEMBER_USERNAME, MEMBER_PASSWORD),
    ]


def _member(username, name, organisation, role=MemberRole.MEMBER, password=MEMBER_PASSWORD):
    user = get_user_model().objects.create_user(username, password=password)
    return Member.objects.create(user=user, name=name, organisation=organisation, role=role)


def load_demo_service(site):
    if get_user_model().objects.filter(username=SECRETARY_USERNAME).exists():
        return
    town = site.organisations.get("yangkou")
    if town is None:
        site.log("Service tasks demo skipped: 羊口镇党委 is missing.")
        return
    with transaction.atomic():
        _load(town, site.log)


def _load(town, log):
    branch = ensure_organisation(BRANCH, OrganisationKind.BRANCH, town.region, town)
    town.refresh_from_db()
    _member(SECRETARY_USERNAME, "羊口镇组织委员", town, MemberRole.COMMITTEE, SECRETARY_PASSWORD)
    _member(MEMBER_USERNAME, "海霞", branch)
    others = [_member(f"huoli_{i}", name, branch) for i, name in enumerate(MEMBERS, 1)]

    code = services.code_publish(organisation=town, title=CODE_TITLE, body="\n".join(CODE_RULES))
    for member in others[:3]:
        services.code_acknowledge(member=member, code=code)

    due = timezone.localdate() + datetime.timedelta(days=30)
    tasks = [
        services.task_create(
            organisation=town,
            title=title,
            description=text,
            skills=skills,
            places=places,
            capacity=capacity,
            points=points,
            due_on=due + datetime.timedelta(days=i * 7),
        )
        for i, (title, text, skills, places, capacity, points) in enumerate(TASKS)
    ]
    # One verified and paid, one reported, one confirmed, one waiting for confirmation.
    verified = services.task_claim(member=others[0], task=tasks[0], note="我家就在附近")
    services.claim_confirm(claim=verified)
    services.claim_report(claim=verified, evidence="探访了三户独居老人，帮一户修好了水龙头。")
    services.claim_verify(claim=verified)
    also_verified = services.task_claim(member=others[1], task=tasks[1])
    services.claim_confirm(claim=also_verified)
    services.claim_report(claim=also_verified, evidence="巡查了二十条渔船，提醒两户加固缆绳。")
    services.claim_verify(claim=also_verified)
    reported = services.task_claim(member=others[2], task=tasks[2])
    services.claim_confirm(claim=reported)
    services.claim_report(claim=reported, evidence="在活动室讲了一场，二十多位渔户参加。")
    services.claim_confirm(claim=services.task_claim(member=others[3], task=tasks[4]))
    services.task_claim(member=others[4], task=tasks[3], note="学过理发")

    items = [
        CatalogueItem.objects.create(
            organisation=town, name=name, description=text, price=price, stock=stock
        )
        for name, text, price, stock in CATALOGUE
    ]
    handed = redeem.redemption_create(member=others[0], item=items[0])
    redeem.redemption_hand_over(redemption=handed)
    redeem.redemption_create(member=others[1], item=items[0])
    log(
        f"Service tasks demo ready: {SECRETARY_USERNAME} / {SECRETARY_PASSWORD}, "
        f"{MEMBER_USERNAME} / {MEMBER_PASSWORD} ({branch.name})."
    )
