"""An anonymous like costs more than one request: a liker token from an earlier request,
bound to the client address and short-lived (cms.pledges.liker_token)."""

import pytest
from rest_framework.test import APIClient

from cms.pledges import liker_token
from tests.cms.pledges.test_pages import approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(wall, member, editor):
    return approved(wall, member, editor)


def like_count(pledge):
    pledge.refresh_from_db()
    return pledge.like_count


def token_for(client, **extra):
    response = client.get("/api/pledges/liker-token/", **extra)
    assert response.status_code == 200
    return response.json()["token"]


def test_bare_posts_without_cookies_count_nothing(pledge):
    url = f"/api/pledges/{pledge.pk}/like/"
    for _ in range(35):
        refused = APIClient().post(url)  # a new client each time: no cookie
        assert refused.status_code == 428
        assert "JavaScript" in refused.json()["detail"] and "登录" in refused.json()["detail"]
    assert like_count(pledge) == 0
    assert not pledge.likes.exists()


def test_a_real_visitor_asks_for_a_token_then_likes_once(pledge):
    visitor = APIClient()
    token = token_for(visitor)
    url = f"/api/pledges/{pledge.pk}/like/"
    assert visitor.post(url, HTTP_X_LIKER_TOKEN=token).json() == {"liked": True, "like_count": 1}
    # The same visitor again, with the same or a new token: still one like.
    assert visitor.post(url, HTTP_X_LIKER_TOKEN=token).json()["liked"] is False
    assert visitor.post(url, HTTP_X_LIKER_TOKEN=token_for(visitor)).json()["liked"] is False
    assert like_count(pledge) == 1


def test_a_token_is_bound_to_the_address_and_expires(pledge, monkeypatch):
    url = f"/api/pledges/{pledge.pk}/like/"
    visitor = APIClient()
    token = token_for(visitor, REMOTE_ADDR="10.0.0.1")
    moved = visitor.post(url, HTTP_X_LIKER_TOKEN=token, REMOTE_ADDR="10.0.0.2")
    assert moved.status_code == 403 and "刷新" in moved.json()["detail"]
    forged = visitor.post(url, HTTP_X_LIKER_TOKEN=token[:-2] + "xx", REMOTE_ADDR="10.0.0.1")
    assert forged.status_code == 403
    monkeypatch.setattr(liker_token, "TOKEN_SECONDS", -1)
    assert visitor.post(url, HTTP_X_LIKER_TOKEN=token, REMOTE_ADDR="10.0.0.1").status_code == 403
    assert like_count(pledge) == 0


def test_tokens_are_limited_per_address(pledge, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "like_token": "3/hour"}
    for _ in range(3):
        token_for(APIClient())
    refused = APIClient().get("/api/pledges/liker-token/")
    assert refused.status_code == 429 and refused["Retry-After"]


def test_signed_in_members_like_without_a_token(pledge, other_member):
    member = APIClient()
    member.force_authenticate(other_member)
    assert member.post(f"/api/pledges/{pledge.pk}/like/").status_code == 201
    assert like_count(pledge) == 1


def test_the_cached_wall_carries_no_token_and_the_script_fetches_one(client, pledge):
    page = client.get(pledge.wall.url).content.decode()
    assert "liker-token" not in page and "csrfmiddlewaretoken" not in page
    from django.contrib.staticfiles import finders

    with open(finders.find("pledges/pledges.js"), encoding="utf-8") as script:
        assert "/api/pledges/liker-token/" in script.read()
