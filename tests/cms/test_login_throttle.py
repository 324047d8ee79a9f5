"""Sign-in throttling (django-axes): wrong passwords lock a username on an address, with a
Chinese message and HTTP 429, on the member and the admin sign-in; administrators unlock."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PASSWORD = "right-pass-123"
LOCKED = "登录失败次数过多"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("zhang", password=PASSWORD)


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("boss", password=PASSWORD)


def sign_in(client, password, username="zhang", url="/accounts/login/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def lock_out(client, username="zhang", url="/accounts/login/", tries=60, **extra):
    statuses = [
        sign_in(client, f"wrong-{n}", username, url, **extra).status_code for n in range(tries)
    ]
    return statuses


def signed_in(client):
    return client.get("/me/").status_code != 302  # /me/ sends visitors to sign in


def test_sixty_wrong_passwords_then_the_right_one_is_refused(client, user):
    statuses = lock_out(client)
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}  # locked at the 5th
    right = sign_in(client, PASSWORD)
    assert right.status_code == 429
    page = right.content.decode()
    assert LOCKED in page and "15 分钟" in page and "党员登录" in page  # the sign-in page
    assert "请输入一个正确的" not in page  # not "wrong password": it was never checked
    assert int(right["Retry-After"]) == 15 * 60
    assert not signed_in(client)


def test_an_administrator_unlocks_from_the_admin(client, user, admin_user):
    lock_out(client, tries=5)
    staff = client.__class__()
    staff.force_login(admin_user)
    listing = staff.get("/admin/sign-in-lockouts/")
    assert listing.status_code == 200 and 'data-username="zhang"' in listing.content.decode()
    assert "/admin/sign-in-lockouts/" in staff.get("/admin/").content.decode()  # menu item
    unlocked = staff.post("/admin/sign-in-lockouts/", {"username": "zhang"}, follow=True)
    assert 'data-username="zhang"' not in unlocked.content.decode()
    assert sign_in(client, PASSWORD).status_code == 302 and signed_in(client)


def test_only_administrators_see_the_lockouts(client, user):
    lock_out(client, tries=5)
    editor = get_user_model().objects.create_user("editor", password=PASSWORD)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = client.__class__()
    other.force_login(editor)
    assert other.get("/admin/sign-in-lockouts/").status_code in (302, 403)
    assert other.post("/admin/sign-in-lockouts/", {"username": "zhang"}).status_code in (302, 403)
    assert sign_in(client, PASSWORD).status_code == 429


def test_manage_py_unlocks_a_username(client, user):
    lock_out(client, tries=5)
    call_command("axes_reset_username", "zhang")
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, admin_user):
    statuses = lock_out(client, "boss", "/admin/login/", tries=6)
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]
    right = sign_in(client, PASSWORD, "boss", "/admin/login/")
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_the_lock_holds_one_address_behind_the_proxy(client, user, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The proxy appends the address it saw; what the client put before it counts for nothing.
    lock_out(client, tries=5, HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5")
    assert (
        sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.9, 203.0.113.5").status_code == 429
    )
    # The member at their own desk is not locked out by someone elsewhere.
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, user):
    lock_out(client, tries=4)
    assert sign_in(client, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert set(lock_out(client, tries=4)) == {200}
