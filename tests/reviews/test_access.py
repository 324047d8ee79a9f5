"""Every page and endpoint of reviews across the organisation tree, and bad input: a secretary
of one branch gets 404 for another branch's objects, a member 403 on the workspace, a visitor
the sign-in page (pages) or 401/403 (API), and malformed input a Chinese 400, never a 500."""

import pytest

from tests.reviews.conftest import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(rtree, east_review, fulfilled_pledge):
    return {
        "review": east_review.pk,
        "participant": participant(east_review, rtree.e1).pk,
        "pledge": fulfilled_pledge.pk,
    }


def secretary_requests(o):
    """(method, url, data, json) of every secretary page and endpoint on one object."""
    return [
        ("get", f"/branch/reviews/{o['review']}/", None, False),
        ("post", f"/branch/reviews/{o['review']}/close/", {}, False),
        ("post", f"/branch/reviews/{o['review']}/finish/", {}, False),
        (
            "post",
            f"/branch/reviews/participants/{o['participant']}/grade/",
            {"grade": "good"},
            False,
        ),
        ("post", f"/branch/reviews/pledges/{o['pledge']}/", {"verdict": "confirmed"}, False),
        ("get", f"/api/reviews/branch/{o['review']}/", None, True),
        ("post", f"/api/reviews/branch/{o['review']}/close/", {}, True),
        ("post", f"/api/reviews/branch/{o['review']}/finish/", {}, True),
        (
            "put",
            f"/api/reviews/branch/participants/{o['participant']}/grade/",
            {"grade": "good"},
            True,
        ),
        ("post", f"/api/reviews/pledges/{o['pledge']}/", {"verdict": "confirmed"}, True),
    ]


def send(client, method, url, data, as_json):
    if as_json:
        return getattr(client, method)(url, data or {}, content_type="application/json")
    return getattr(client, method)(url, data) if data is not None else client.get(url)


def test_another_subtree_is_not_found(rtree, objects, client):
    client.force_login(rtree.west_secretary.user)
    for method, url, data, as_json in secretary_requests(objects):
        response = send(client, method, url, data, as_json)
        assert response.status_code == 404, (method, url, response.status_code)
        if as_json:
            assert set(response.json()) >= {"code", "detail"}
    # Opening a review for another branch, listing another branch's reviews or pledges.
    assert (
        client.post(
            "/branch/reviews/open/", {"organisation": rtree.east.pk, "year": 2025}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/reviews/branch/",
            {"organisation": rtree.east.pk, "year": 2025},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get(f"/branch/reviews/?org={rtree.east.pk}").status_code == 404
    assert client.get(f"/api/reviews/branch/?org={rtree.east.pk}").status_code == 404
    assert client.get(f"/api/reviews/pledges/?org={rtree.east.pk}").status_code == 404


def test_members_have_no_workspace(rtree, objects, client):
    client.force_login(rtree.e1.user)
    for method, url, data, as_json in secretary_requests(objects):
        response = send(client, method, url, data, as_json)
        assert response.status_code in (403, 404), (url, response.status_code)
    assert client.get("/branch/reviews/").status_code == 403
    assert client.get("/api/reviews/branch/").status_code == 403


def test_visitors_sign_in_first(objects, client):
    for method, url, data, as_json in secretary_requests(objects):
        response = send(client, method, url, data, as_json)
        if as_json:
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get("/reviews/").status_code == 302
    assert client.get("/api/reviews/mine/").status_code in (401, 403)


def test_a_member_reaches_only_their_own_reviews(rtree, objects, client):
    review = objects["review"]
    client.force_login(rtree.w1.user)  # west: not in the east review
    assert (
        client.post(
            f"/reviews/{review}/self-assessment/", {"text": "认真学习，积极服务群众。"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/reviews/{review}/rate/", {"ratee": objects["participant"], "grade": "good"}
        ).status_code
        == 404
    )
    assert (
        client.put(
            f"/api/reviews/{review}/self-assessment/",
            {"text": "认真学习，积极服务群众。"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/reviews/{review}/ratings/",
            {"ratee": objects["participant"], "grade": "good"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get("/api/reviews/mine/").json() == []
    assert "东一" not in client.get("/reviews/").content.decode()


def test_the_committee_above_reaches_the_branch(rtree, objects, client):
    client.force_login(rtree.town_secretary.user)
    assert client.get(f"/branch/reviews/{objects['review']}/").status_code == 200
    assert client.get(f"/branch/reviews/?org={rtree.east.pk}").status_code == 200
    assert (
        client.get(f"/api/reviews/branch/?org={rtree.town.pk}").json()[0]["id"] == objects["review"]
    )


BAD_FORMS = [
    {},
    {"ratee": "x", "grade": "good"},
    {"ratee": "99999999999999999999", "grade": "good"},
    {"ratee": "１", "grade": "good"},
    {"ratee": "1", "grade": "perfect"},
    {"ratee": "1\x00", "grade": "good"},
]


def test_bad_input_is_a_chinese_400_never_a_500(rtree, objects, client):
    review = objects["review"]
    client.force_login(rtree.e1.user)
    for data in BAD_FORMS:
        response = client.post(f"/reviews/{review}/rate/", data)
        assert response.status_code == 400, data
        api = client.post(f"/api/reviews/{review}/ratings/", data, content_type="application/json")
        assert api.status_code == 400 and {"code", "detail"} <= set(api.json()), data
    for text in ("", "短", "x" * 2001, "\x00" * 20):
        assert client.post(f"/reviews/{review}/self-assessment/", {"text": text}).status_code == 400
        api = client.put(
            f"/api/reviews/{review}/self-assessment/",
            {"text": text},
            content_type="application/json",
        )
        assert api.status_code in (400, 422), (text[:5], api.status_code)
    api = client.post(
        f"/api/reviews/{review}/ratings/", "{not json", content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["code"] == "parse_error"
    page = client.post(
        f"/reviews/{review}/rate/", {"ratee": participant_of(objects), "grade": "坏"}
    )
    assert "选择" in page.content.decode()  # Django's own choice error, in Chinese
    client.force_login(rtree.east_secretary.user)
    for data in (
        {},
        {"organisation": "abc", "year": 2026},
        {"organisation": rtree.east.pk, "year": 1900},
    ):
        assert client.post("/branch/reviews/open/", data).status_code == 400
        api = client.post("/api/reviews/branch/", data, content_type="application/json")
        assert api.status_code == 400, data
    assert client.get("/branch/reviews/?org=abc").status_code == 404
    assert client.get("/api/reviews/branch/?org=abc").status_code == 400
    bad_verdicts = ({}, {"verdict": "maybe"}, {"verdict": "disputed", "note": ""})
    for data in bad_verdicts:
        assert client.post(f"/branch/reviews/pledges/{objects['pledge']}/", data).status_code == 400
        api = client.post(
            f"/api/reviews/pledges/{objects['pledge']}/", data, content_type="application/json"
        )
        assert api.status_code in (400, 422), data
    grade_url = f"/api/reviews/branch/participants/{objects['participant']}/grade/"
    assert (
        client.put(grade_url, {"grade": "good"}, content_type="application/json").status_code == 409
    )
    assert (
        client.put(grade_url, {"grade": "nope"}, content_type="application/json").status_code == 400
    )


def participant_of(objects):
    return objects["participant"]


def test_residents_bad_input(rtree, objects, fulfilled_pledge, client):
    url = fulfilled_pledge.wall.url + fulfilled_pledge.wall.reverse_subpage(
        "rate", args=[fulfilled_pledge.pk]
    )
    client.get(url)
    for data in ({}, {"satisfied": "maybe"}, {"satisfied": "yes", "comment": "好" * 201}):
        response = client.post(url, data)
        assert response.status_code == 400, data
    fulfilled_pledge.refresh_from_db()
    assert fulfilled_pledge.residents_satisfied == 0
    missing = fulfilled_pledge.wall.url + "pledges/99999999999/rate/"
    assert client.get(missing).status_code == 404
