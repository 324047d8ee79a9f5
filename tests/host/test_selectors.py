"""members_in_subtree / hosted_member_ids: a member with two organisations counts once."""

import pytest
from django.db import IntegrityError, transaction

from cms.host_organisations import (
    active_host,
    hosted_member_ids,
    member_organisations,
    members_in_subtree,
)
from cms.models import HostMembership, HostStatus

pytestmark = pytest.mark.django_db


def host(member, organisation, status=HostStatus.ACCEPTED):
    return HostMembership.objects.create(
        member=member, organisation=organisation, status=status, workplace="嘉兴"
    )


def test_hosted_member_appears_in_both_subtrees_once(hosts):
    t = hosts.tree
    host(t.e1, hosts.north)
    host(t.w1, hosts.south, status=HostStatus.APPLIED)  # not accepted: not counted
    north = set(members_in_subtree(organisation=hosts.north))
    assert north == {hosts.north_secretary, t.e1}
    assert set(hosted_member_ids(organisation=hosts.north)) == {t.e1.pk}
    assert t.e1 in members_in_subtree(organisation=t.east)  # still at home too
    assert t.e1 not in members_in_subtree(organisation=hosts.north, include_hosted=False)
    mobile = members_in_subtree(organisation=hosts.mobile)
    assert mobile.count() == 4 and t.w1 not in mobile


def test_member_with_home_and_host_in_one_subtree_counted_once(hosts):
    from cms.models import Organisation

    t = hosts.tree
    # The host sits under the same root as the home: one row, and not marked away from home.
    t.town.add_child(name="镇流动党支部", kind="branch", region="北京市密云区")
    inner = Organisation.objects.get(name="镇流动党支部")
    host(t.e2, inner)
    town = members_in_subtree(organisation=t.town)
    assert town.filter(pk=t.e2.pk).count() == 1
    assert town.count() == members_in_subtree(organisation=t.town, include_hosted=False).count()
    assert set(hosted_member_ids(organisation=t.town)) == set()
    assert set(hosted_member_ids(organisation=inner)) == {t.e2.pk}
    assert member_organisations(member=t.e2) == [t.east_group, inner]


def test_at_most_one_active_host(hosts):
    t = hosts.tree
    host(t.e1, hosts.north)
    with pytest.raises(IntegrityError), transaction.atomic():
        host(t.e1, hosts.south)
    host(t.e1, hosts.south, status=HostStatus.DECLINED)
    host(t.e1, hosts.south, status=HostStatus.ENDED)
    assert active_host(member=t.e1).organisation == hosts.north
