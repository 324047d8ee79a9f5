"""The pledge API: list, detail, post, progress, outcome, likes; auth and cross-member checks."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms.models import Pledge, PledgeStatus
from cms.pledges import services

pytestmark = pytest.mark.django_db
TEXT = "我承诺每月组织一次志愿服务活动。"


@pytest.fixture
def api():
    return APIClient()


def body(due, **extra):
    return {"text": TEXT, "category": "为民服务", "due_on": due.isoformat(), **extra}


def test_walls_are_listed_with_their_rules(api, wall):
    data = api.get("/api/pledges/walls/").json()
    assert data["results"][0]["categories"] == ["为民服务", "岗位建功", "乡村振兴"]
    assert api.get(f"/api/pledges/walls/{wall.pk}/").json()["is_open"] is True


def test_post_needs_a_member(api, wall, due):
    url = f"/api/pledges/walls/{wall.pk}/pledges/"
    assert api.post(url, body(due), format="json").status_code in (401, 403)
    assert not Pledge.objects.exists()


def test_member_posts_with_a_token_and_follows_the_lifecycle(api, wall, member, editor, due):
    token = Token.objects.create(user=member)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(f"/api/pledges/walls/{wall.pk}/pledges/", body(due), format="json")
    assert response.status_code == 201, response.content
    pledge_id = response.json()["id"]
    assert response.json()["status"] == "submitted"
    assert api.get("/api/pledges/mine/").json()["results"][0]["id"] == pledge_id
    assert APIClient().get(f"/api/pledges/{pledge_id}/").status_code == 404

    services.moderate(pledge=Pledge.objects.get(), editor=editor, approve=True)
    listed = APIClient().get(f"/api/pledges/walls/{wall.pk}/pledges/").json()
    assert [p["id"] for p in listed["results"]] == [pledge_id]
    assert "rejection_reason" not in listed["results"][0]

    progress = api.post(
        f"/api/pledges/{pledge_id}/progress/", {"text": "第一次活动已完成。"}, format="json"
    )
    assert progress.status_code == 201 and progress.json()["status"] == "in_progress"
    outcome = api.post(f"/api/pledges/{pledge_id}/outcome/", {"fulfilled": True}, format="json")
    assert outcome.json()["status"] == "fulfilled"
    detail = APIClient().get(f"/api/pledges/{pledge_id}/").json()
    assert detail["updates"][0]["text"] == "第一次活动已完成。"


def test_errors_come_in_chinese_and_nothing_is_saved(api, wall, member):
    api.force_authenticate(member)
    past = timezone.localdate() - datetime.timedelta(days=2)
    response = api.post(f"/api/pledges/walls/{wall.pk}/pledges/", body(past), format="json")
    # Well-formed, so not a 400: the service refuses the date (422, by field).
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "过去" in response.json()["errors"]["due_on"][0]
    assert not Pledge.objects.exists()


def test_cross_member_progress_is_forbidden(api, wall, member, other_member, editor, due):
    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    api.force_authenticate(other_member)
    assert (
        api.post(f"/api/pledges/{pledge.pk}/progress/", {"text": "冒名"}, format="json").status_code
        == 404
    )  # not even visible yet
    services.moderate(pledge=pledge, editor=editor, approve=True)
    response = api.post(f"/api/pledges/{pledge.pk}/outcome/", {"fulfilled": True}, format="json")
    assert response.status_code == 403 and "本人" in response.json()["detail"]
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED


def liker_token(client, **extra):
    """What the wall's script asks for before an anonymous like (tests/cms/pledges/test_likes)."""
    return {
        "HTTP_X_LIKER_TOKEN": client.get("/api/pledges/liker-token/", **extra).json()["token"],
        **extra,
    }


def test_anonymous_like_sets_a_signed_cookie_and_counts_once(wall, member, editor, due):
    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    visitor = APIClient()
    token = liker_token(visitor)
    assert "xf_liker" in visitor.cookies
    first = visitor.post(f"/api/pledges/{pledge.pk}/like/", format="json", **token)
    assert first.status_code == 201 and first.json() == {"liked": True, "like_count": 1}
    again = visitor.post(f"/api/pledges/{pledge.pk}/like/", format="json", **liker_token(visitor))
    assert again.status_code == 200 and again.json() == {"liked": False, "like_count": 1}
    visitor.cookies["xf_liker"] = "forged-value"  # a forged cookie is a new visitor
    assert (
        visitor.post(f"/api/pledges/{pledge.pk}/like/", **liker_token(visitor)).json()["like_count"]
        == 2
    )
    counts = visitor.get(f"/api/pledges/likes/?ids={pledge.pk},999").json()
    assert counts["counts"] == {str(pledge.pk): 2}


def test_like_form_without_javascript_redirects_back(
    client, wall, member, other_member, editor, due
):
    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    client.force_login(other_member)  # visitors without an account need the script's token
    page = wall.url + f"pledges/{pledge.pk}/"
    response = client.post(f"/api/pledges/{pledge.pk}/like/", {"next": page})
    assert response.status_code == 302 and response.url == page
    evil = client.post(f"/api/pledges/{pledge.pk}/like/", {"next": "https://evil.example/"})
    assert evil.status_code == 200  # no open redirect


def test_signed_in_like_needs_csrf(wall, member, other_member, editor, due):
    from django.test import Client

    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(other_member)
    assert browser.post(f"/api/pledges/{pledge.pk}/like/").status_code == 403
    pledge.refresh_from_db()
    assert pledge.like_count == 0


def test_schema_documents_the_pledge_api(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in (
        "/api/pledges/walls/",
        "/api/pledges/walls/{wall_id}/pledges/",
        "/api/pledges/{id}/like/",
        "/api/pledges/{id}/progress/",
        "/api/pledges/{id}/outcome/",
        "/api/pledges/mine/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/pledges/walls/{wall_id}/pledges/"]


def test_likes_behind_a_proxy_are_limited_per_visitor_address(wall, member, editor, due, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "like_per_address": "1/hour"}
    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    url = f"/api/pledges/{pledge.pk}/like/"
    # Our proxy appends the address it saw; what the client put in front is not trusted.
    for forwarded in ("9.9.9.9, 1.1.1.1", "1.1.1.1, 2.2.2.2"):
        visitor = APIClient()
        token = liker_token(visitor, HTTP_X_FORWARDED_FOR=forwarded)
        assert visitor.post(url, **token).status_code == 201
    visitor = APIClient()
    blocked = visitor.post(url, **liker_token(visitor, HTTP_X_FORWARDED_FOR="8.8.8.8, 1.1.1.1"))
    assert blocked.status_code == 429 and "过多" in blocked.json()["detail"]
    assert blocked.json()["code"] == "throttled" and int(blocked["Retry-After"]) > 0


def test_pledges_of_a_private_or_unpublished_wall_stay_hidden(wall, member, editor, due):
    from wagtail.models import PageViewRestriction

    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    visitor = APIClient()
    assert visitor.get(f"/api/pledges/{pledge.pk}/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=wall, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert visitor.get(f"/api/pledges/{pledge.pk}/").status_code == 404
    assert visitor.post(f"/api/pledges/{pledge.pk}/like/").status_code == 404
    assert visitor.get(f"/api/pledges/likes/?ids={pledge.pk}").json()["counts"] == {}
    restriction.delete()
    wall.unpublish()
    assert visitor.get(f"/api/pledges/{pledge.pk}/").status_code == 404
    author = APIClient()
    author.force_authenticate(member)
    assert author.get(f"/api/pledges/{pledge.pk}/").json()["id"] == pledge.pk  # still theirs
    pledge.refresh_from_db()
    assert pledge.like_count == 0


def test_an_unknown_pledge_is_reported_in_chinese():
    response = APIClient().get("/api/pledges/999999/")
    assert response.status_code == 404 and response.json()["detail"] == "没有找到这条承诺。"


def test_another_site_cannot_make_its_visitors_like(wall, member, editor, due, settings):
    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    url = f"/api/pledges/{pledge.pk}/like/"
    visitor = APIClient()
    for origin in ("https://evil.example", "null"):
        refused = visitor.post(url, HTTP_ORIGIN=origin)
        assert refused.status_code == 403 and "本站" in refused.json()["detail"]
    pledge.refresh_from_db()
    assert pledge.like_count == 0
    assert (
        visitor.post(url, HTTP_ORIGIN="http://testserver", **liker_token(visitor)).status_code
        == 201
    )
    settings.CSRF_TRUSTED_ORIGINS = ["https://xianfeng.example.cn"]
    other = APIClient()
    assert (
        other.post(url, HTTP_ORIGIN="https://xianfeng.example.cn", **liker_token(other)).status_code
        == 201
    )
    pledge.refresh_from_db()
    assert pledge.like_count == 2


@pytest.mark.parametrize("target", ["pledges", "progress", "outcome", "like"])
def test_a_body_nested_too_deeply_is_a_400_not_a_500(api, wall, member, editor, due, target):
    """Python's json raises RecursionError on thousands of "[", which DRF's own parser does
    not catch: every API parses JSON with xianfeng.parsers.JSONBodyParser."""
    pledge = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    api.force_authenticate(member)
    url = (
        f"/api/pledges/walls/{wall.pk}/pledges/"
        if target == "pledges"
        else f"/api/pledges/{pledge.pk}/{target}/"
    )
    response = api.generic(
        "POST", url, "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error" and "嵌套" in response.json()["detail"]
