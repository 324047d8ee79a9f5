"""Demo: 嘉兴市流动党员党委 (a mobile party committee, hosts_members_away) with two
second-level committees; members from 许昌 working in 嘉兴 hosted there, one hosting ended, and
one application waiting. Idempotent. Logins: the committee's secretary and a member away."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cms.models import HostMembership, HostStatus, Member, MemberRole, OrganisationKind
from cms.services import ensure_organisation

PASSWORD = "xianfeng-host"  # noqa: S105 - the demo site's published login
SECRETARY_USERNAME = "host_secretary"
AWAY_USERNAME = "away_member"

# (username, name, where they work, host key, status)
AWAY = [
    ("away_member", "李建军", "嘉兴市南湖区 大桥镇物流园", "nanhu", HostStatus.ACCEPTED),
    ("away_wang", "王秀英", "嘉兴市南湖区 七星街道纺织厂", "nanhu", HostStatus.ACCEPTED),
    ("away_zhao", "趙志強", "嘉兴市秀洲区 王店镇建筑工地", "xiuzhou", HostStatus.ACCEPTED),
    ("away_sun", "孙丽", "嘉兴市秀洲区 油车港镇", "xiuzhou", HostStatus.ENDED),
    ("away_chen", "陈国平", "嘉兴市秀洲区 高照街道快递站", "xiuzhou", HostStatus.APPLIED),
]


def demo_logins():
    return [
        ("Host organisation secretary login", "/host/manage/", SECRETARY_USERNAME, PASSWORD),
        ("Member away from home login", "/host/", AWAY_USERNAME, PASSWORD),
    ]


def _member(username, name, organisation, role=MemberRole.MEMBER):
    member = Member.objects.filter(user__username=username).first()
    if member is not None:
        return member
    user = get_user_model().objects.create(username=username, password=make_password(PASSWORD))
    return Member.objects.create(user=user, name=name, organisation=organisation, role=role)


@transaction.atomic
def load_demo_hosts(site) -> None:
    C, G, B = OrganisationKind.COMMITTEE, OrganisationKind.GENERAL_BRANCH, OrganisationKind.BRANCH
    jiaxing = site.organisations["jiaxing"]
    mobile = ensure_organisation("嘉兴市流动党员党委", C, "浙江省嘉兴市", jiaxing)
    if not mobile.hosts_members_away:
        mobile.hosts_members_away = True
        mobile.save(update_fields=["hosts_members_away"])
    hosts = {
        "nanhu": ensure_organisation("南湖区流动党员党总支", G, "浙江省嘉兴市南湖区", mobile),
        "xiuzhou": ensure_organisation("秀洲区流动党员党总支", G, "浙江省嘉兴市秀洲区", mobile),
    }
    xuchang = site.organisations["xuchang"]
    home = ensure_organisation("许昌市在外务工党员党支部", B, "河南省许昌市", xuchang)
    # A sorted insert may renumber siblings' paths: the later demo hooks get fresh nodes.
    for node in (mobile, *site.organisations.values()):
        node.refresh_from_db()
    secretary = _member(SECRETARY_USERNAME, "周红梅", mobile, MemberRole.COMMITTEE)
    _member("host_nanhu_sec", "吴海", hosts["nanhu"], MemberRole.SECRETARY)
    _member("host_xiuzhou_sec", "郑敏", hosts["xiuzhou"], MemberRole.SECRETARY)
    today = timezone.localdate()
    for i, (username, name, workplace, host, status) in enumerate(AWAY):
        member = _member(username, name, home)
        if HostMembership.objects.filter(member=member).exists():
            continue
        decided = status != HostStatus.APPLIED
        HostMembership.objects.create(
            member=member,
            organisation=hosts[host],
            status=status,
            workplace=workplace,
            message="在嘉兴务工，希望就近参加组织生活。",
            decided_by=secretary.user if decided else None,
            decided_at=timezone.now() if decided else None,
            since=today - datetime.timedelta(days=200 - 30 * i) if decided else None,
            until=today - datetime.timedelta(days=10) if status == HostStatus.ENDED else None,
            reason="已返乡务农" if status == HostStatus.ENDED else "",
        )
    site.log(
        f"Demo members away from home ready: {SECRETARY_USERNAME} / {PASSWORD} at /host/manage/"
    )
