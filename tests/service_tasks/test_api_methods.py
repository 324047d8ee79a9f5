"""/api/service/'s action endpoints (confirm, decline, verify, send back a claim; hand over,
cancel a redemption) take POST only: any other method is a 405 in the one error shape, and
changes nothing. They once inherited the work list's GET and answered it at their address."""

import pytest

from learning.service_tasks.models import ClaimStatus, RedemptionStatus
from tests.service_tasks.test_access import world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

CLAIM_ACTIONS = ("confirm", "decline", "verify", "send-back")
REDEMPTION_ACTIONS = ("hand-over", "cancel")


def action_urls(world):  # noqa: F811 - the imported fixture's name
    return [f"/api/service/branch/claims/{world.claim.pk}/{a}/" for a in CLAIM_ACTIONS] + [
        f"/api/service/branch/redemptions/{world.redemption.pk}/{a}/" for a in REDEMPTION_ACTIONS
    ]


def test_actions_answer_other_methods_with_405_in_the_one_error_shape(world, client):  # noqa: F811
    client.force_login(world.t.town_secretary.user)  # may act on the town's claim and item
    claim_status = world.claim.status
    for url in action_urls(world):
        for method in ("get", "put", "patch", "delete"):
            response = getattr(client, method)(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            assert response.status_code == 405, (method, url, response.content[:200])
            body = response.json()
            assert body["code"] == "method_not_allowed", body
            assert set(body) <= {"code", "detail", "errors"}
            assert method.upper() in body["detail"] and "不" in body["detail"], body
            assert "POST" in response["Allow"]
    world.claim.refresh_from_db()
    world.redemption.refresh_from_db()
    assert world.claim.status == claim_status == ClaimStatus.REPORTED
    assert world.redemption.status == RedemptionStatus.REQUESTED


def test_a_get_on_an_action_never_shows_the_work_list(world, client):  # noqa: F811
    client.force_login(world.t.town_secretary.user)
    url = f"/api/service/branch/claims/{world.claim.pk}/verify/"
    response = client.get(url)
    assert "to_confirm" not in response.json()
    # The work list itself still answers GET, and the action its POST.
    assert "to_verify" in client.get("/api/service/branch/").json()
    assert client.post(url, {}, content_type="application/json").status_code == 200


def test_a_member_gets_403_before_the_method_is_looked_at(world, client):  # noqa: F811
    client.force_login(world.t.e1.user)
    response = client.get(f"/api/service/branch/claims/{world.claim.pk}/confirm/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_the_schema_documents_post_only_for_the_actions(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    actions = [
        path
        for path in paths
        if path.startswith("/api/service/branch/")
        and path.rstrip("/").rsplit("/", 1)[1] in CLAIM_ACTIONS + REDEMPTION_ACTIONS
    ]
    assert len(actions) == 6
    for path in actions:
        assert set(paths[path]) - {"parameters"} == {"post"}, (path, sorted(paths[path]))


def test_no_api_view_answers_a_method_it_inherits_from_another_of_our_views():
    """The class of this bug across every API: a view taking a handler (get, post, ...) from
    another view of ours answers that method at its own address. Handlers from Django REST
    framework's generic views (ListAPIView's get) are meant to be inherited."""
    from xianfeng.urls import urlpatterns

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    ours = ("cms.", "learning.", "search.", "xianfeng.")
    borrowed = []
    seen = 0
    for path, callback in walk(urlpatterns):
        view = getattr(callback, "cls", None)
        if not path.startswith("api/") or view is None:
            continue
        seen += 1
        for method in view.http_method_names:
            owner = next((k for k in view.__mro__ if method in k.__dict__), None)
            if owner not in (None, view) and owner.__module__.startswith(ours):
                borrowed.append(f"{path}: {method} from {owner.__qualname__}")
    assert seen >= 40
    assert not borrowed, borrowed
