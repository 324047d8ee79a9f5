"""Security headers with production-like settings: plain HTTP is redirected before the page
cache answers, the cache keeps http and https apart, every page carries a Content-Security-
Policy and a Permissions-Policy, member pages and our APIs are private, and the liker cookie
is Secure."""

import pytest
from django.contrib.auth import get_user_model

from cms.page_cache import HEADER

pytestmark = pytest.mark.django_db
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def production(settings):
    """The security part of xianfeng.settings.production."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.LIKER_COOKIE_SECURE = True
    return settings


def test_plain_http_to_a_cached_page_is_redirected(client, demo_site, production):
    client.get("/stories/", **HTTPS)
    assert client.get("/stories/", **HTTPS)[HEADER] == "hit"
    plain = client.get("/stories/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/stories/"


def test_a_hit_carries_the_security_headers(client, demo_site, production):
    client.get("/stories/", **HTTPS)
    hit = client.get("/stories/", **HTTPS)
    assert hit[HEADER] == "hit"
    assert hit["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_the_cache_keeps_schemes_apart(client, demo_site):
    client.get("/stories/", secure=True)
    assert client.get("/stories/", secure=True)[HEADER] == "hit"
    assert client.get("/stories/")[HEADER] == "miss"


def test_site_pages_allow_only_our_own_scripts_and_the_admin_its_own(client, demo_site):
    policy = client.get("/")["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert script_src.split() == ["script-src", "'self'"]
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    admin = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in next(part for part in admin.split(";") if "script-src" in part)


def test_member_pages_and_apis_are_private(client, demo_site):
    user = get_user_model().objects.create_user("reader", password="pw")
    client.force_login(user)
    for url in ("/stories/", "/me/", "/api/pledges/walls/"):
        control = client.get(url).get("Cache-Control", "")
        assert "private" in control and "no-store" in control, url
    client.logout()
    api = client.get("/api/pledges/walls/")
    assert "private" in api["Cache-Control"]
    assert "Cache-Control" not in client.get("/stories/")  # public pages may be kept


def test_the_liker_cookie_is_secure_in_production(client, demo_site, production):
    response = client.get("/api/pledges/liker-token/", secure=True, **HTTPS)
    assert response.status_code == 200
    assert response.cookies["xf_liker"]["secure"] is True
    assert response.cookies["xf_liker"]["httponly"] is True
