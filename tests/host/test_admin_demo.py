"""The admin's 流动党员 screen follows the administrator's subtree; the demo has a host
organisation with members away from home and one pending application."""

import pytest
from django.contrib.auth import get_user_model

from cms.host_organisations import hosted_member_ids, members_in_subtree
from cms.models import HostMembership, HostStatus, Organisation
from cms.organisation_access import organisation_administrator_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(hosts):
    t = hosts.tree
    north = HostMembership.objects.create(
        member=t.e1, organisation=hosts.north, workplace="北区工地"
    )
    south = HostMembership.objects.create(
        member=t.w1, organisation=hosts.south, workplace="南区工厂"
    )
    return north, south


def test_administrator_lists_and_inspects_own_subtree_only(hosts, rows, client):
    north, south = rows
    user = get_user_model().objects.create_user("north_admin", password="x")
    organisation_administrator_grant(user=user, organisation=hosts.north)
    client.force_login(user)
    listing = client.get("/admin/host-memberships/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "北区流动党总支" in html and "南区工厂" not in html
    filtered = client.get(f"/admin/host-memberships/?status={HostStatus.APPLIED}")
    assert filtered.status_code == 200 and "南区工厂" not in filtered.content.decode()
    assert client.get(f"/admin/host-memberships/inspect/{north.pk}/").status_code == 200
    assert client.get(f"/admin/host-memberships/inspect/{south.pk}/").status_code == 404
    # Decisions are made on the site (the member is told), never edited in the admin.
    assert client.get(f"/admin/host-memberships/edit/{north.pk}/").status_code in (302, 403, 404)


def test_demo_has_a_mobile_committee_with_members_away(demo_site):
    mobile = Organisation.objects.get(name="嘉兴市流动党员党委")
    assert mobile.hosts_members_away and mobile.get_children().count() == 2
    hosted = set(hosted_member_ids(organisation=mobile))
    assert len(hosted) == 3
    assert members_in_subtree(organisation=mobile).filter(pk__in=hosted).count() == 3
    assert (
        HostMembership.objects.filter(
            organisation__path__startswith=mobile.path, status=HostStatus.APPLIED
        ).count()
        == 1
    )
