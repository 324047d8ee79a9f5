"""组织找党员: Simplified, Traditional and pinyin find the same member; duplicates and people
registered elsewhere are flagged; only name, home organisation and status are shown."""

import pytest
from django.core.exceptions import ValidationError

from cms.host_organisations.finding import host_find_members, name_forms
from cms.models import HostMembership, HostStatus, Member
from search.analysis import normalise, pinyin_forms
from tests.branch.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(hosts):
    from cms.models import OrganisationKind
    from cms.services import ensure_organisation

    home = ensure_organisation("测试嘉兴某村党支部", OrganisationKind.BRANCH, "浙江省嘉兴市南湖区")
    for node in (hosts.mobile, hosts.north, hosts.south, hosts.tree.west, hosts.tree.town):
        node.refresh_from_db()  # a new root renumbers the roots' paths
    away = make_member("zlh", home, name="张丽华")
    away.user.email = "hxl@example.org"
    away.user.save()
    twin = make_member("hxl2", hosts.tree.west, name="張麗華")  # Traditional, applied here
    HostMembership.objects.create(member=twin, organisation=hosts.north, workplace="南湖")
    far = make_member("far", home, name="王刚")
    HostMembership.objects.create(
        member=far, organisation=hosts.tree.town, workplace="x", status=HostStatus.APPLIED
    )
    return away, twin, far


def names(found):
    return {row.name for row in found}


def test_same_member_found_in_every_script_and_pinyin(hosts, region):
    away, twin, _far = region
    for query in ["张丽华", "張麗華", "丽華", "zhanglihua", "Zhang Li Hua", "zlh", "ZHANGLI"]:
        found = host_find_members(organisation=hosts.mobile, query=query)
        assert names(found) == {"张丽华", "張麗華"}, query
    rows = {row.name: row for row in host_find_members(organisation=hosts.mobile, query="张丽华")}
    assert rows["张丽华"].likely_duplicate and rows["張麗華"].likely_duplicate
    assert rows["張麗華"].status == HostStatus.APPLIED
    assert rows["张丽华"].status == "" and rows["张丽华"].home_organisation == "测试嘉兴某村党支部"


def test_registered_elsewhere_is_flagged(hosts, region):
    _away, _twin, far = region
    (row,) = host_find_members(organisation=hosts.mobile, query="王刚")
    assert row.applied_elsewhere and not row.hosted_elsewhere
    HostMembership.objects.filter(member=far).update(status=HostStatus.ACCEPTED)
    (row,) = host_find_members(organisation=hosts.mobile, query="wanggang")
    assert row.hosted_elsewhere and not row.likely_duplicate


def test_outside_the_region_and_not_applied_is_not_found(hosts, region):
    assert host_find_members(organisation=hosts.mobile, query="东一") == []
    assert host_find_members(organisation=hosts.mobile, query="西二") == []


def test_name_forms_agree_with_the_search_analysis():
    for name in ["张丽华", "張麗華", "張偉", "欧阳娜娜", "Anna 李"]:
        folded, full, initials = name_forms(name)
        assert (full, initials) == pinyin_forms(name)
        assert folded == normalise(name).replace(" ", "")


@pytest.mark.parametrize("query", ["", "   ", "a", "!!!", "x" * 31, "\u200b", "12345"])
def test_bad_queries_are_refused_in_chinese(hosts, query):
    with pytest.raises(ValidationError):
        host_find_members(organisation=hosts.mobile, query=query)


def test_find_page_shows_only_name_home_and_status(hosts, region, signed_in):
    secretary = signed_in(hosts.north_secretary)
    page = secretary.get(f"/host/manage/find/?organisation={hosts.north.pk}&q=zhanglihua")
    assert page.status_code == 200
    html = page.content.decode()
    assert "张丽华" in html and "張麗華" in html and "测试嘉兴某村党支部" in html
    assert "hxl@example.org" not in html and "南湖</td>" not in html  # no e-mail, no workplace
    bad = secretary.get(f"/host/manage/find/?organisation={hosts.north.pk}&q=%21")
    assert bad.status_code == 400 and "data-error" in bad.content.decode()
    long = secretary.get(f"/host/manage/find/?q={'字' * 500}")
    assert long.status_code == 400
    assert Member.objects.filter(name="张丽华").exists()
