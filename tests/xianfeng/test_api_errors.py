"""One error shape for all our JSON APIs: {"code", "detail" in Chinese, "errors" for fields},
JSON 404s and 500s under /api/ (xianfeng/api.py)."""

import logging

import pytest
from django.test import Client
from rest_framework import exceptions
from rest_framework.test import APIClient

from xianfeng.api import APIError, api_exception_handler


def handled(exc):
    response = api_exception_handler(exc, {})
    return response.status_code, response.data


def test_field_validation_lists_each_field_and_says_one_message():
    status, body = handled(
        exceptions.ValidationError(
            {
                "text": ["该字段是必填项。"],
                "events": [{}, {"section": ["无效"]}],
                "non_field_errors": ["日期不对。"],
            }
        )
    )
    assert status == 400
    assert body == {
        "code": "invalid",
        "detail": "日期不对。",
        "errors": {"text": ["该字段是必填项。"], "events.1.section": ["无效"]},
    }


def test_a_message_not_about_a_field_keeps_its_code_and_has_no_errors():
    status, body = handled(exceptions.ValidationError("已经结束了。", code="closed"))
    assert (status, body) == (400, {"code": "closed", "detail": "已经结束了。"})


def test_api_error_carries_code_detail_and_status():
    status, body = handled(APIError(code="pledge_limit", detail="承诺已达上限。", status=409))
    assert (status, body) == (409, {"code": "pledge_limit", "detail": "承诺已达上限。"})


def test_django_validation_errors_from_services_become_field_errors():
    from django.core.exceptions import ValidationError

    status, body = handled(ValidationError({"due_on": ["不能是过去的日期。"]}))
    assert status == 400
    assert body["code"] == "invalid" and body["errors"] == {"due_on": ["不能是过去的日期。"]}
    assert body["detail"]


def test_throttled_says_how_long_to_wait_in_chinese():
    response = api_exception_handler(exceptions.Throttled(wait=12), {})
    assert response.status_code == 429 and response["Retry-After"] == "12"
    assert response.data["code"] == "throttled" and "12" in response.data["detail"]
    assert "秒" in response.data["detail"]


def test_unknown_exceptions_are_left_to_django():
    assert api_exception_handler(RuntimeError("bug"), {}) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path, kwargs, status, code, words",
    [
        ("get", "/api/pledges/999999999/", {}, 404, "not_found", "找到"),
        ("get", "/api/pledges/mine/", {}, 403, "not_authenticated", "身份认证"),
        ("delete", "/api/pledges/walls/", {}, 405, "method_not_allowed", "DELETE"),
        (
            "post",
            "/api/learning/events/",
            {"data": "{not json", "content_type": "application/json"},
            401,
            "not_authenticated",
            "身份认证",
        ),
        (
            "post",
            "WALL",
            {"data": "{not json", "content_type": "application/json"},
            400,
            "parse_error",
            "JSON",
        ),
        (
            "post",
            "WALL",
            {"data": "x", "content_type": "text/x-weird"},
            415,
            "unsupported_media_type",
            "text/x-weird",
        ),
    ],
)
def test_our_apis_answer_errors_in_one_shape(
    method, path, kwargs, status, code, words, demo_site, django_user_model
):
    from cms.models import PledgeWallPage

    client = APIClient()
    if path == "WALL":
        client.force_authenticate(django_user_model.objects.create_user("someone"))
        path = f"/api/pledges/walls/{PledgeWallPage.objects.live().first().pk}/pledges/"
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "detail"}
    if code:
        assert body["code"] == code and words in body["detail"]
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/nothing-here/", "/api/pledges/no/such/thing/", "/api/v2/unknown-endpoint/"]
)
def test_unknown_paths_under_api_answer_json_404(path):
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "not_found", "detail": "这个地址下没有内容。"}


@pytest.mark.django_db
def test_unknown_pages_elsewhere_still_answer_the_html_404(demo_site):
    response = Client().get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/pledges/walls/", "/api/v2/pages/"])
def test_a_bug_in_an_api_answers_json_500_and_is_logged(path, monkeypatch, caplog):
    from rest_framework.views import APIView

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug in a view")

    monkeypatch.setattr(APIView, "initial", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "server_error", "detail": "服务器出错了，请稍后再试。"}
    assert any(
        record.exc_info and "a bug in a view" in str(record.exc_info[1])
        for record in caplog.records
    )


@pytest.mark.django_db
def test_a_bug_in_a_page_still_answers_the_html_500(demo_site, monkeypatch):
    from wagtail.models import Page

    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug in a page")

    monkeypatch.setattr(Page, "serve", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_not_found_keeps_our_message_and_replaces_djangos_english_one():
    from django.http import Http404

    assert handled(Http404("No Pledge matches the given query.")) == (
        404,
        {"code": "not_found", "detail": "未找到。"},
    )
    assert handled(Http404("没有找到这条承诺。")) == (
        404,
        {"code": "not_found", "detail": "没有找到这条承诺。"},
    )


@pytest.mark.django_db
def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(demo_site):
    # The page tree's CSRF check used to answer HTML 403 (e.g. /api/pledges/AAA/like/).
    response = Client(enforce_csrf_checks=True).post("/api/pledges/AAA/like/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["search=%00", "html_path=%00", "locale=%00", "title=a%00b"])
def test_the_content_api_refuses_a_nul_in_the_query_string(demo_site, query):
    path = "/api/v2/pages/find/" if query.startswith("html_path") else "/api/v2/pages/"
    response = Client(raise_request_exception=False).get(f"{path}?{query}")
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]
