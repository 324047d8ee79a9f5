"""The admin screens follow the organisation tree: an organisation administrator of 西村 does
not reach 东村's residents (nor their phones); of 东村, they do, and may link a resident only to
a member of their subtree."""

import pytest
from django.contrib.auth import get_user_model

from cms.organisation_access import organisation_administrator_grant
from tests.residents.conftest import E1_PHONE

pytestmark = pytest.mark.django_db


def _admin_of(organisation, username):
    user = get_user_model().objects.create_user(username, password="x")
    organisation_administrator_grant(user=user, organisation=organisation)
    return user


def test_admin_is_scoped_by_the_tree(client, roster):
    tree = roster.tree
    client.force_login(_admin_of(tree.west, "west_admin"))
    assert client.get(f"/admin/residents_admin/edit/{roster.e1a.pk}/").status_code == 404
    listing = client.get("/admin/residents_admin/")
    assert listing.status_code == 200
    assert "张大娘" not in listing.content.decode() and E1_PHONE not in listing.content.decode()
    assert "王大爷" in listing.content.decode()

    client.force_login(_admin_of(tree.east, "east_admin"))
    assert client.get(f"/admin/residents_admin/edit/{roster.e1a.pk}/").status_code == 200
    refused = client.post(
        "/admin/residents_admin/new/",
        {"member": tree.w1.pk, "kind": "resident", "name": "越界", "place": "", "phone": ""},
    )
    assert refused.status_code == 200 and not tree.w1.residents.filter(name="越界").exists()
    for url in (
        "/admin/resident_contacts_admin/",
        "/admin/honours_admin/",
        "/admin/phone_exports_admin/",
    ):
        assert client.get(url).status_code == 200, url


def test_superuser_reaches_every_screen(client, roster):
    admin = get_user_model().objects.create_superuser("root_res", "r@example.cn", "x")
    client.force_login(admin)
    for url in (
        "/admin/residents_admin/",
        "/admin/residents_admin/new/",
        "/admin/resident_contacts_admin/",
        "/admin/honours_admin/new/",
        "/admin/phone_exports_admin/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_phone_export_log_is_read_only(client, roster):
    from learning.residents.services import phone_export_log

    tree = roster.tree
    log = phone_export_log(user=tree.east_secretary.user, organisation=tree.east, rows=2)
    admin = get_user_model().objects.create_superuser("root_log", "l@example.cn", "x")
    client.force_login(admin)
    assert client.get("/admin/phone_exports_admin/").status_code == 200
    assert client.get(f"/admin/phone_exports_admin/edit/{log.pk}/").status_code in (302, 403, 404)
    assert client.post(f"/admin/phone_exports_admin/delete/{log.pk}/").status_code in (
        302,
        403,
        404,
    )
    log.refresh_from_db()
