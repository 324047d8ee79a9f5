"""Demo pledges on the 七讲七比 wall: a few members of 嘉兴 organisations and their pledges,
among them 韩祝君's pledge from seed article 002. Safe to run again (changes nothing)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

DEMO_PASSWORD = "xianfeng-member"  # noqa: S105 - the demo site's published member login
WALL_SLUG = "qijiang-qibi"

MEMBERS = [
    # username, name, organisation, its parent, region
    (
        "han-zhujun",
        "韩祝君",
        "浙江青莲食品股份有限公司党委",
        "中共嘉兴市委员会",
        "浙江省嘉兴市海盐县",
    ),
    ("shen-jianming", "沈建明", "雪水港村党总支", None, None),
    ("lu-jiahui", "陆佳慧", "通元镇党委", None, None),
]

PLEDGES = [
    # username, category, text, status, days until due, progress updates
    (
        "han-zhujun",
        "岗位建功",
        "我要发挥先锋模范带头作用，用严谨的态度做好技术研究！",
        "in_progress",
        180,
        ["牵头完成一项生猪养殖技术攻关的课题立项。"],
    ),
    (
        "shen-jianming",
        "为民服务",
        "我承诺每月走访联系10户村民，帮助解决急难愁盼问题。",
        "fulfilled",
        30,
        ["本月走访10户，帮助2户老人办理医保续缴。", "本月走访10户，协调修好村西路灯。"],
    ),
    (
        "lu-jiahui",
        "乡村振兴",
        "我承诺带头参与乡村环境整治，每周参加一次志愿清洁活动。",
        "approved",
        90,
        [],
    ),
]


def load_demo_pledges(log=print):
    from cms.models import Member, Organisation, OrganisationKind, Pledge, PledgeWallPage
    from cms.services import ensure_organisation

    wall = PledgeWallPage.objects.filter(slug=WALL_SLUG).first()
    if wall is None:
        log("No 七讲七比 pledge wall: demo pledges skipped.")
        return []
    users = {}
    for username, name, org_name, parent_name, region in MEMBERS:
        if parent_name:
            organisation = ensure_organisation(
                org_name,
                OrganisationKind.COMMITTEE,
                region,
                Organisation.objects.get(name=parent_name),
            )
        else:
            organisation = Organisation.objects.get(name=org_name)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = get_user_model().objects.create_user(username, password=DEMO_PASSWORD)
        Member.objects.get_or_create(
            user=user, defaults={"name": name, "organisation": organisation}
        )
        users[username] = user

    today = timezone.localdate()
    made = []
    for username, category, text, status, due_days, updates in PLEDGES:
        member = users[username].member
        pledge, created = Pledge.objects.get_or_create(
            wall=wall,
            author=users[username],
            text=text,
            defaults={
                "member_name": member.name,
                "organisation": member.organisation,
                "organisation_name": member.organisation.name,
                "category": category,
                "due_on": today + datetime.timedelta(days=due_days),
                "status": status,
                "moderated_at": timezone.now(),
                "outcome_at": timezone.now() if status == "fulfilled" else None,
            },
        )
        if created:
            for days_ago, update in zip(range(len(updates) * 7, 0, -7), updates, strict=True):
                pledge.updates.create(
                    text=update, happened_on=today - datetime.timedelta(days=days_ago)
                )
        made.append(pledge)
    log(f"Demo pledges ready: {Pledge.objects.filter(wall=wall).count()} on “{wall.title}”.")
    return made
