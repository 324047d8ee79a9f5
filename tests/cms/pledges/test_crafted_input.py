"""Crafted ids, numbers and filters on the pledge API, the wall's pages and the moderation
queue: a clear 4xx (or the same page without the bad part), never a 500."""

import pytest
from rest_framework.test import APIClient

from cms.models import Pledge, PledgeStatus
from cms.pledges import services

pytestmark = pytest.mark.django_db
TEXT = "我承诺每月组织一次志愿服务活动。"
HUGE = "9" * 30  # past any id column: the lookup used to overflow (OverflowError / DataError)
QUEUE = "/admin/pledges/moderation/"


@pytest.fixture
def pledge(wall, member, editor, due):
    made = services.post_pledge(wall=wall, user=member, text=TEXT, category="为民服务", due_on=due)
    services.moderate(pledge=made, editor=editor, approve=True)
    return made


@pytest.mark.parametrize(
    "path",
    [
        f"/api/pledges/{HUGE}/",
        f"/api/pledges/{HUGE}/like/",
        f"/api/pledges/walls/{HUGE}/",
        f"/api/pledges/walls/{HUGE}/pledges/",
        "/api/pledges/2147483648/",
        "/api/pledges/0/",
        "/api/pledges/²/",
        "/api/pledges/５/",
    ],
)
def test_out_of_range_ids_in_api_paths_are_a_json_404(wall, path):
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_like_counts_keep_the_good_ids_and_drop_the_crafted_ones(pledge):
    response = APIClient().get(f"/api/pledges/likes/?ids=²,５,{HUGE},-1,x,{pledge.pk}")
    assert response.status_code == 200
    assert response.json()["counts"] == {str(pledge.pk): 0}


@pytest.mark.parametrize("page", ["²", HUGE, "0", "-1", "x"])
def test_a_crafted_page_number_in_the_api_is_a_404(pledge, wall, page):
    response = APIClient().get(f"/api/pledges/walls/{wall.pk}/pledges/", {"page": page})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_an_unknown_status_filter_is_a_400_naming_the_field(pledge, wall):
    response = APIClient().get(f"/api/pledges/walls/{wall.pk}/pledges/", {"status": "nope"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]
    listed = APIClient().get(f"/api/pledges/walls/{wall.pk}/pledges/", {"status": "approved"})
    assert [p["id"] for p in listed.json()["results"]] == [pledge.pk]


def test_a_not_fulfilled_outcome_needs_its_reason_as_the_schema_says(pledge, member):
    api = APIClient()
    api.force_authenticate(member)
    response = api.post(f"/api/pledges/{pledge.pk}/outcome/", {"fulfilled": False}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["note"]
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.APPROVED
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/pledges/{id}/outcome/"]["post"]
    shapes = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert [shape["required"] for shape in shapes] == [["fulfilled"], ["fulfilled", "note"]]
    assert {"400", "403", "404", "409", "422", "429"} <= set(operation["responses"])


def test_a_refusal_about_the_pledges_state_is_a_409(pledge, member):
    api = APIClient()
    api.force_authenticate(member)
    done = api.post(f"/api/pledges/{pledge.pk}/outcome/", {"fulfilled": True}, format="json")
    assert done.status_code == 200
    again = api.post(
        f"/api/pledges/{pledge.pk}/progress/", {"text": "又走访了三户。"}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "errors" not in again.json()


@pytest.mark.parametrize("suffix", ["", "card/", "progress/", "outcome/"])
def test_out_of_range_ids_in_wall_page_urls_are_a_404(client, wall, pledge, member, suffix):
    client.force_login(member)  # progress/ and outcome/ send visitors to sign in first
    response = client.get(f"{wall.url}pledges/{HUGE}/{suffix}")
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["²", HUGE, "-1", "x"])
def test_a_crafted_page_number_on_the_wall_shows_a_page_of_pledges(client, wall, pledge, page):
    response = client.get(wall.url, {"page": page, "status": "²", "category": "\x00"})
    assert response.status_code == 200
    assert TEXT in response.content.decode()


@pytest.mark.parametrize("crafted", ["²", "５", HUGE, "-1", "1e3"])
def test_moderation_with_a_crafted_id_says_select_a_pledge(
    client, wall, member, editor, due, crafted
):
    waiting = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    client.force_login(editor)
    for data in ({"approve_one": crafted}, {"action": "approve", "pledges": [crafted]}):
        response = client.post(QUEUE, {**data, "back": QUEUE}, follow=True)
        assert response.status_code == 200
        assert "请至少选择一条承诺" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == PledgeStatus.SUBMITTED
    assert Pledge.objects.filter(status=PledgeStatus.APPROVED).count() == 0


@pytest.mark.parametrize("wall_filter", ["²", HUGE, "x"])
def test_the_queue_filtered_by_a_crafted_wall_id_still_opens(
    client, wall, member, editor, due, wall_filter
):
    services.post_pledge(wall=wall, user=member, text=TEXT, category="为民服务", due_on=due)
    client.force_login(editor)
    response = client.get(QUEUE, {"wall": wall_filter, "page": HUGE})
    assert response.status_code == 200


def test_a_rejection_reason_with_a_nul_is_saved_without_it(client, wall, member, editor, due):
    waiting = services.post_pledge(
        wall=wall, user=member, text=TEXT, category="为民服务", due_on=due
    )
    client.force_login(editor)
    response = client.post(
        QUEUE,
        {"action": "reject", "pledges": [waiting.pk], "reason": "内容\x00需更具体", "back": QUEUE},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == PledgeStatus.REJECTED
    assert waiting.rejection_reason == "内容需更具体"
