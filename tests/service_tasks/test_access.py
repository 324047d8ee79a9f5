"""Every page and endpoint of the two lists and the catalogue follows the organisation tree:
a member reaches what their organisation and those above it publish, a secretary what lies in
their subtree; anything else is a 404 (never confirmed to exist), a non-secretary a 403."""

import pytest
from django.contrib.auth import get_user_model

from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.models import ClaimStatus, RedemptionStatus
from tests.service_tasks.conftest import give_points, reported_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(lists):
    t = lists.t
    lists.west_code = services.code_publish(organisation=t.west, title="西村公约", body="守规矩")
    lists.claim = reported_claim(lists.town_task, t.e1)  # a town task: the town's to verify
    lists.photo = lists.claim.photos.get()
    lists.east_claim = services.task_claim(member=t.e3, task=lists.east_task)
    give_points(t.e2, 30)
    lists.redemption = redeem.redemption_create(member=t.e2, item=lists.item)
    return lists


def json_404(response):
    assert response.status_code == 404, response.content[:300]
    assert response.json()["code"] == "not_found"


def test_member_pages_reach_only_the_members_own_organisations(world, client):
    t = world.t
    client.force_login(t.w1.user)
    page = client.get("/service/").content.decode()
    assert "探访独居老人" in page and "西村宣讲" in page and "东村清扫" not in page
    assert "西村毛巾" in page
    assert client.post(f"/service/tasks/{world.east_task.pk}/claim/").status_code == 404
    client.force_login(t.e1.user)
    assert client.post(f"/service/codes/{world.west_code.pk}/acknowledge/").status_code == 404
    assert client.post(f"/service/items/{world.west_item.pk}/redeem/").status_code == 404
    client.force_login(t.e2.user)  # someone else's claim
    assert client.get(f"/service/claims/{world.east_claim.pk}/report/").status_code == 404
    assert client.post(f"/service/claims/{world.claim.pk}/report/").status_code == 404


def test_pages_need_a_member_profile(world, client):
    assert client.get("/service/").status_code == 302  # to sign in
    editor = get_user_model().objects.create_user("editor-only")
    client.force_login(editor)
    assert client.get("/service/").status_code == 403
    assert client.post(f"/service/tasks/{world.town_task.pk}/claim/").status_code == 403
    assert client.get("/branch/service/").status_code == 403


@pytest.mark.parametrize(
    "who, status", [("e1", 200), ("town_secretary", 200), ("east_secretary", 404), ("e2", 404)]
)
def test_an_evidence_photo_is_shown_to_its_member_and_the_secretaries_over_the_task(
    world, client, who, status
):
    client.force_login(getattr(world.t, who).user)
    response = client.get(f"/service/photos/{world.photo.pk}/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png"


def test_secretary_pages_reach_their_subtree_only(world, client):
    t = world.t
    client.force_login(t.east_secretary.user)
    assert client.get(f"/branch/service/?org={t.west.pk}").status_code == 404
    assert client.get("/branch/service/?org=abc").status_code == 404
    page = client.get("/branch/service/").content.decode()
    assert "东三" in page  # the claim on 东村's task waits for 东村's secretary
    # The town's claim and redemption are not 东村's to handle.
    for url in (
        f"/branch/service/claims/{world.claim.pk}/verify/",
        f"/branch/service/redemptions/{world.redemption.pk}/hand-over/",
        f"/branch/service/redemptions/{world.redemption.pk}/cancel/",
    ):
        assert client.post(url).status_code == 404, url
    client.force_login(t.west_secretary.user)
    assert client.post(f"/branch/service/claims/{world.east_claim.pk}/confirm/").status_code == 404
    client.force_login(t.e1.user)  # a member has no workspace
    assert client.post(f"/branch/service/claims/{world.east_claim.pk}/confirm/").status_code == 403
    assert client.get("/branch/service/").status_code == 403

    client.force_login(t.town_secretary.user)
    response = client.post(f"/branch/service/claims/{world.claim.pk}/verify/", follow=True)
    assert "已核实" in response.content.decode()
    world.claim.refresh_from_db()
    assert world.claim.status == ClaimStatus.VERIFIED
    client.post(
        f"/branch/service/redemptions/{world.redemption.pk}/cancel/", {"reason": "暂无库存"}
    )
    world.redemption.refresh_from_db()
    assert world.redemption.status == RedemptionStatus.CANCELLED
    # A decline without a reason: the claim stays, the page says why.
    client.force_login(t.east_secretary.user)
    response = client.post(
        f"/branch/service/claims/{world.east_claim.pk}/decline/", {"reason": ""}, follow=True
    )
    assert "请填写理由" in response.content.decode()
    assert client.post(f"/branch/service/claims/{world.east_claim.pk}/shred/").status_code == 404


def test_api_follows_the_tree(world, client):
    t = world.t
    client.force_login(t.w1.user)
    json_404(client.post(f"/api/service/tasks/{world.east_task.pk}/claim/"))
    body = client.get("/api/service/").json()
    assert {task["title"] for task in body["tasks"]} == {"探访独居老人", "西村宣讲"}
    client.force_login(t.e1.user)
    json_404(client.post(f"/api/service/codes/{world.west_code.pk}/acknowledge/"))
    json_404(client.post(f"/api/service/items/{world.west_item.pk}/redeem/"))
    client.force_login(t.e2.user)
    json_404(client.post(f"/api/service/claims/{world.east_claim.pk}/report/"))

    client.force_login(t.east_secretary.user)
    json_404(client.get(f"/api/service/branch/?org={t.west.pk}"))
    json_404(client.post(f"/api/service/branch/claims/{world.claim.pk}/verify/"))
    json_404(client.post(f"/api/service/branch/redemptions/{world.redemption.pk}/cancel/"))
    listed = client.get("/api/service/branch/").json()
    assert [c["member"]["name"] for c in listed["to_confirm"]] == ["东三"]
    client.force_login(t.west_secretary.user)
    json_404(client.post(f"/api/service/branch/claims/{world.east_claim.pk}/confirm/"))
    client.force_login(t.e1.user)
    refused = client.get("/api/service/branch/")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    client.logout()
    assert client.get("/api/service/").status_code in (401, 403)


def test_api_refusals_are_in_the_one_error_shape(world, client):
    t = world.t
    client.force_login(t.east_secretary.user)
    bad = client.get("/api/service/branch/?org=abc")
    assert bad.status_code == 400 and set(bad.json()) >= {"code", "detail", "errors"}
    no_reason = client.post(
        f"/api/service/branch/claims/{world.east_claim.pk}/decline/",
        {"reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"]["reason"] == ["请填写理由。"]
    not_json = client.post(
        f"/api/service/branch/claims/{world.east_claim.pk}/confirm/",
        "{oops",
        content_type="application/json",
    )
    assert not_json.status_code == 400 and not_json.json()["code"] == "parse_error"
    client.force_login(t.e1.user)
    twice = client.post(
        f"/api/service/tasks/{world.town_task.pk}/claim/", {}, content_type="application/json"
    )
    assert twice.status_code == 409 and twice.json()["detail"] == "您已认领过该任务。"
    poor = client.post(f"/api/service/items/{world.item.pk}/redeem/")
    assert poor.status_code == 409 and poor.json()["code"] == "not_enough_points"


def test_the_schema_documents_the_service_api(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/service/",
        "/api/service/tasks/{task_id}/claim/",
        "/api/service/claims/{claim_id}/report/",
        "/api/service/items/{item_id}/redeem/",
        "/api/service/branch/",
        "/api/service/branch/claims/{claim_id}/verify/",
        "/api/service/branch/redemptions/{redemption_id}/cancel/",
    ):
        assert path in paths, path


def test_reports_with_photos_through_the_page_and_the_api(lists, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.service_tasks.conftest import png

    t = lists.t
    claim = services.task_claim(member=t.e2, task=lists.town_task)
    services.claim_confirm(claim=claim)
    client.force_login(t.e2.user)
    junk = SimpleUploadedFile("a.jpg", b"\xff\xd8\xff" + b"x" * 50, content_type="image/jpeg")
    page = client.post(
        f"/service/claims/{claim.pk}/report/", {"evidence": "做完了", "photos": [junk]}
    )
    assert page.status_code == 400
    assert "不是可以打开的照片" in page.content.decode()
    junk.seek(0)
    api = client.post(
        f"/api/service/claims/{claim.pk}/report/", {"evidence": "做完了", "photos": [junk]}
    )
    assert api.status_code == 422 and "photos" in api.json()["errors"]
    empty = client.post(f"/api/service/claims/{claim.pk}/report/", {"evidence": ""})
    assert empty.status_code == 400 and "evidence" in empty.json()["errors"]
    done = client.post(
        f"/api/service/claims/{claim.pk}/report/",
        {"evidence": "做完了", "photos": [png(), png("b.png")]},
    )
    assert done.status_code == 200 and done.json()["status"] == ClaimStatus.REPORTED
    claim.refresh_from_db()
    assert claim.photos.count() == 2
    again = client.post(f"/api/service/claims/{claim.pk}/report/", {"evidence": "再报一次"})
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"
