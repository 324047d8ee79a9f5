"""/api/selections/: the tree rule on every endpoint (404 for another subtree), the one JSON
error shape, the stage order as 409, the public objection's rate limit as 429."""

import pytest
from django.urls import reverse

from tests.selections.conftest import FIVE, move_to

pytestmark = pytest.mark.django_db


def is_error(response, status):
    body = response.json()
    assert response.status_code == status, body
    assert set(body) <= {"code", "detail", "errors"} and body["detail"]
    return body


def test_member_endpoints(sel, signed_in):
    t = sel
    client = signed_in(t.e1)
    assert [s["id"] for s in client.get(reverse("selections-api:mine")).json()] == [t.selection.pk]
    url = reverse("selections-api:self-assessment", args=[t.selection.pk])
    is_error(client.get(url), 404)
    response = client.put(
        url, {"statements": {"争先创优": "带头"}}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["statements"]["争先创优"] == "带头"
    body = is_error(
        client.put(url, {"statements": {"争先创优": ""}}, content_type="application/json"), 409
    )
    assert "至少在一个维度" in body["detail"]
    is_error(client.put(url, "[1]", content_type="application/json"), 400)
    is_error(client.put(url, "{bad", content_type="application/json"), 400)
    is_error(
        signed_in(t.outsider).put(
            url, {"statements": {"争先创优": "x"}}, content_type="application/json"
        ),
        404,
    )
    move_to(t.selection, "recommendation")
    client = signed_in(t.e1)
    body = is_error(
        client.put(url, {"statements": {"争先创优": "x"}}, content_type="application/json"), 409
    )
    assert body["code"] == "wrong_stage"


def test_workspace_endpoints_across_subtrees(shortlisted, signed_in):
    from learning.selections.services import objection_raise

    t = shortlisted
    objection = objection_raise(candidate=t.c_e1, text="请核实此人事迹。", contact="13900000000")
    sid, cid = t.selection.pk, t.c_e1.pk
    calls = [
        ("get", reverse("selections-api:candidates", args=[sid]), None),
        ("get", reverse("selections-api:objections", args=[sid]), None),
        ("put", reverse("selections-api:rating", args=[cid]), {"stars": FIVE}),
        ("put", reverse("selections-api:recommendation", args=[cid]), {"recommended": True}),
        ("put", reverse("selections-api:decision", args=[cid]), {"chosen": True}),
        ("post", reverse("selections-api:publish", args=[sid]), {}),
        ("post", reverse("selections-api:result", args=[sid]), {}),
        ("post", reverse("selections-api:answer", args=[objection.pk]), {"answer": "已核实"}),
    ]
    outside = signed_in(t.outside_secretary)
    for method, url, data in calls:
        response = (
            getattr(outside, method)(url, data, content_type="application/json")
            if data is not None
            else outside.get(url)
        )
        is_error(response, 404)
    west = signed_in(t.west_secretary)
    for method, url, data in calls[2:5] + calls[7:]:
        is_error(getattr(west, method)(url, data, content_type="application/json"), 404)
    rows = west.get(reverse("selections-api:candidates", args=[sid])).json()
    assert [r["name"] for r in rows] == ["西一"]
    is_error(west.get(reverse("selections-api:objections", args=[sid])), 403)
    committee = signed_in(t.town_secretary)
    listed = committee.get(reverse("selections-api:objections", args=[sid])).json()
    assert listed[0]["contact"] == "13900000000"
    is_error(committee.get(reverse("selections-api:candidates", args=[sid]) + "?org=x"), 400)
    # The wrong stage: 409 in the one shape.
    body = is_error(
        committee.post(
            reverse("selections-api:result", args=[sid]), {}, content_type="application/json"
        ),
        409,
    )
    assert "公示期满" in body["detail"]
    is_error(signed_in(t.e1).get(reverse("selections-api:candidates", args=[sid])), 403)
    committee = signed_in(t.town_secretary)
    answered = committee.post(
        reverse("selections-api:answer", args=[objection.pk]),
        {"answer": "已核实"},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"


def test_public_notice_and_objection_limit(shortlisted, client, settings):
    t = shortlisted
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "selection_objection": "2/hour"}
    url = reverse("selections-api:notice", args=[t.selection.pk])
    body = client.get(url).json()
    assert [e["name"] for e in body["shortlist"]] == ["东一"]
    body = is_error(
        client.post(
            url,
            {"candidate": t.c_w1.pk, "text": "异议异议异议", "contact": "13700000000"},
            content_type="application/json",
        ),
        422,
    )
    assert "candidate" in body["errors"]
    ok = client.post(
        url,
        {"candidate": t.c_e1.pk, "text": "异议异议异议", "contact": "13700000000"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    is_error(
        client.post(
            url,
            {"candidate": t.c_e1.pk, "text": "异议异议异议", "contact": "13700000000"},
            content_type="application/json",
        ),
        429,
    )
    # Before the notice is published there is no public notice at all.
    t.selection.notice_published_at = None
    t.selection.save()
    is_error(client.get(url), 404)


def test_open_a_selection(tree, signed_in):
    client = signed_in(tree.east_secretary)
    url = reverse("selections-api:workspace")
    data = {
        "year": 2026,
        "quota": 3,
        "dimensions": ["争先创优", "为民服务"],
        "self_assessment_opens_on": "2026-03-01",
        "self_assessment_closes_on": "2026-03-10",
        "recommendation_closes_on": "2026-03-20",
        "review_closes_on": "2026-03-30",
    }
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 201 and response.json()["dimensions"] == ["争先创优", "为民服务"]
    is_error(client.post(url + f"?org={tree.west.pk}", data, content_type="application/json"), 404)
    body = is_error(
        client.post(
            url, {**data, "review_closes_on": "2026-03-01"}, content_type="application/json"
        ),
        422,
    )
    assert "依次衔接" in body["errors"]["review_closes_on"][0]


def test_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    if schema.status_code != 200:
        pytest.skip("no schema endpoint")
    assert "/api/selections/{selection_id}/notice/" in schema.content.decode()
