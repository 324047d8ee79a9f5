"""Every host page and action follows the tree: another subtree's secretary gets 404."""

import pytest

from cms.models import HostMembership, HostStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(hosts):
    return HostMembership.objects.create(
        member=hosts.tree.e1, organisation=hosts.north, workplace="北区物流园", message="私信"
    )


def test_other_subtree_secretary_cannot_see_or_decide(hosts, pending, signed_in):
    south = signed_in(hosts.south_secretary)
    listing = south.get("/host/manage/").content.decode()
    assert "北区物流园" not in listing and "东一" not in listing
    for action in ("accept", "decline", "end"):
        assert (
            south.post(f"/host/manage/{pending.pk}/{action}/", {"reason": "x"}).status_code == 404
        )
    assert south.get(f"/host/manage/?organisation={hosts.north.pk}").status_code == 404
    assert south.get(f"/host/manage/find/?organisation={hosts.north.pk}&q=东一").status_code == 404
    # A home-tree secretary of another branch (西村) sees nothing of 东一's application either.
    west = signed_in(hosts.tree.west_secretary).get("/host/manage/").content.decode()
    assert "北区物流园" not in west
    pending.refresh_from_db()
    assert pending.status == HostStatus.APPLIED


def test_parent_committee_and_administrator_reach_the_subtree(hosts, pending, signed_in, client):
    from django.contrib.auth import get_user_model

    from cms.organisation_access import organisation_administrator_grant

    assert "东一" in signed_in(hosts.mobile_secretary).get("/host/manage/").content.decode()
    admin_user = get_user_model().objects.create_user("north_admin", password="x")
    organisation_administrator_grant(user=admin_user, organisation=hosts.north)
    client.force_login(admin_user)
    assert "东一" in client.get("/host/manage/").content.decode()
    other = get_user_model().objects.create_user("south_admin", password="x")
    organisation_administrator_grant(user=other, organisation=hosts.south)
    client.force_login(other)
    assert client.post(f"/host/manage/{pending.pk}/accept/").status_code == 404
    client.force_login(admin_user)
    assert client.post(f"/host/manage/{pending.pk}/accept/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == HostStatus.ACCEPTED


def test_members_reach_only_their_own(hosts, pending, signed_in, client):
    t = hosts.tree
    other = signed_in(t.e3)
    assert other.post(f"/host/{pending.pk}/end/").status_code == 404
    assert "北区物流园" not in other.get("/host/").content.decode()
    # A plain member has no manager pages; a visitor is sent to sign in.
    assert other.get("/host/manage/").status_code == 403
    assert other.post(f"/host/manage/{pending.pk}/accept/").status_code == 403
    client.logout()
    assert client.get("/host/").status_code == 302
    assert client.get("/host/manage/find/?q=x").status_code == 302
    assert signed_in(t.e1).post(f"/host/{pending.pk}/end/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == HostStatus.ENDED  # withdrawn by its own member


def test_unknown_ids_and_actions_are_404(hosts, pending, signed_in):
    north = signed_in(hosts.north_secretary)
    assert north.post(f"/host/manage/{pending.pk}/approve/").status_code == 404
    assert north.post("/host/manage/99999999999/accept/").status_code == 404
    assert north.get("/host/manage/?organisation=abc").status_code == 404
    assert north.get(f"/host/manage/{pending.pk}/accept/").status_code == 405
