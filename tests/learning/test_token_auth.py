"""Token auth remembers tokens in the worker, and forgets them when they stop being valid."""

import uuid

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(member):
    token = Token.objects.create(user=member.user)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}"), token


def report(client, section):
    return client.post(
        "/api/learning/events/",
        {
            "id": str(uuid.uuid4()),
            "section": section.pk,
            "segment": [0, 5],
            "client_time": timezone.now().isoformat(),
        },
        format="json",
    )


def test_a_report_with_a_known_token_costs_one_statement(
    token_client, lecture, django_assert_num_queries
):
    client, _ = token_client
    video = lecture.sections.get(kind="video")
    assert report(client, video).status_code == 202  # token, member and section looked up
    with django_assert_num_queries(1):  # only the INSERT
        assert report(client, video).status_code == 202


def test_a_deleted_token_stops_working_at_once(token_client, lecture):
    client, token = token_client
    video = lecture.sections.get(kind="video")
    assert report(client, video).status_code == 202
    token.delete()
    refused = report(client, video)
    # Report endpoints check the token first: a bad one is a 401 telling the player how to
    # authenticate again.
    assert (refused.status_code, refused["WWW-Authenticate"]) == (401, "Token")
    assert refused.json()["detail"] == "认证令牌无效。"


def test_a_deactivated_user_is_refused_at_once(token_client, member, lecture):
    client, _ = token_client
    video = lecture.sections.get(kind="video")
    assert report(client, video).status_code == 202
    member.user.is_active = False
    member.user.save()
    refused = report(client, video)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "用户未激活或者已删除。"


@pytest.mark.parametrize(
    "header",
    ["Token ²", "Token " + "x" * 10_000, "Token a b", "Token", "Token \u00e9\u00e9", "Bearer abc"],
)
def test_a_crafted_token_is_a_401_never_a_500(member, lecture, header):
    client = APIClient(HTTP_AUTHORIZATION=header)
    response = report(client, lecture.sections.get(kind="video"))
    assert response.status_code in (401, 403)
    assert response.json()["code"] in ("authentication_failed", "not_authenticated")
