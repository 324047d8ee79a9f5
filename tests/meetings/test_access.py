"""Every meeting page and endpoint follows the organisation tree: another branch's secretary,
a member not expected and a stranger get 404 (nothing confirmed to exist); the town's
committee member (an ancestor) organises 东村's meetings. Bad input is a Chinese message or the
API's one error shape, never a 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.meetings import codes
from learning.meetings.models import Attendance

ORGANISER_GETS = ["branch-detail", "branch-screen", "branch-screen-code"]
ORGANISER_POSTS = ["branch-leave", "branch-mark", "branch-minutes", "branch-photo", "branch-close"]


def _paths(meeting):
    from django.urls import reverse

    return {
        name: reverse(f"meetings:{name}", args=[meeting.pk])
        for name in ORGANISER_GETS + ORGANISER_POSTS
    }


def test_organiser_pages_are_404_across_subtrees(tree, meeting, client):
    paths = _paths(meeting)
    for outsider in (tree.west_secretary, tree.e1, tree.outsider):
        client.force_login(outsider.user)
        for name in ORGANISER_GETS:
            assert client.get(paths[name]).status_code == 404, (outsider, name)
        for name in ORGANISER_POSTS:
            assert client.post(paths[name], {"attendance": 1, "approve": "1"}).status_code == 404
        # Their own list and form never offer 东村.
        assert client.get(f"/branch/meetings/?org={tree.east.pk}").status_code == 404
        assert client.get(f"/branch/meetings/new/?org={tree.east.pk}").status_code == 404
        assert client.get(f"/api/meetings/{meeting.pk}/attendance/").status_code == 404
        response = client.post(
            f"/api/meetings/{meeting.pk}/online-attendance/",
            json.dumps(
                {
                    "records": [
                        {
                            "member": tree.e1.pk,
                            "joined": "2030-01-01T10:00:00+08:00",
                            "left": "2030-01-01T11:00:00+08:00",
                        }
                    ]
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Attendance.objects.get(meeting=meeting, member=tree.e1).online_seconds == 0
    assert meeting.status == "scheduled"


def test_the_ancestors_committee_and_own_secretary_organise(tree, meeting, client):
    paths = _paths(meeting)
    for organiser in (tree.town_secretary, tree.east_secretary):
        client.force_login(organiser.user)
        for name in ORGANISER_GETS:
            assert client.get(paths[name]).status_code == 200
        assert client.get(f"/branch/meetings/?org={tree.east.pk}").status_code == 200
        assert client.get(f"/api/meetings/{meeting.pk}/attendance/").status_code == 200
    code = client.get(paths["branch-screen-code"]).json()
    assert f"/meetings/{meeting.pk}/check-in/?t=" in code["url"] and code["svg"].startswith("<svg")


def test_member_pages_only_for_expected_members_and_organisers(tree, meeting, client):
    client.force_login(tree.e2.user)  # in the group under 东村: expected
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    for stranger in (tree.w1, tree.west_secretary, tree.outsider):
        client.force_login(stranger.user)
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
        assert client.post(f"/meetings/{meeting.pk}/reply/", {"reply": "coming"}).status_code == 404
        assert client.post(f"/meetings/{meeting.pk}/sign-up/").status_code == 404
        token = codes.check_in_token(meeting_id=meeting.pk)
        page = client.get(f"/meetings/{meeting.pk}/check-in/?t={token}")
        assert page.status_code == 404 and "您不在本次会议的应到党员名单中" in page.content.decode()
        api = client.post(
            f"/api/meetings/{meeting.pk}/check-in/",
            {"token": token},
            content_type="application/json",
        )
        assert api.status_code == 404 and api.json()["code"] == "not_found"
    client.logout()
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 302  # to sign in
    assert not meeting.check_ins.exists()


def test_api_check_in_once_and_refusals_in_the_error_shape(tree, meeting, client):
    client.force_login(tree.e1.user)
    url = f"/api/meetings/{meeting.pk}/check-in/"
    token = codes.check_in_token(meeting_id=meeting.pk)
    first = client.post(url, {"token": token}, content_type="application/json")
    assert first.status_code == 201 and first.json()["created"] is True
    again = client.post(url, {"token": token}, content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    for body, code in (
        ({"token": "garbage"}, "bad_code"),
        ({}, "invalid"),
        ([1, 2], "invalid"),
        ({"token": codes.check_in_token(meeting_id=meeting.pk + 1)}, "wrong_meeting"),
    ):
        client.force_login(tree.e3.user)
        response = client.post(url, body, content_type="application/json")
        assert 400 <= response.status_code < 500, body
        assert response.json()["code"] == code and response.json()["detail"]
    bad = client.post(url, "{not json", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "parse_error"
    assert (
        client.post(
            "/api/meetings/99999999/check-in/", {"token": token}, content_type="application/json"
        ).status_code
        == 404
    )


def test_online_attendance_endpoint(tree, meeting, client):
    client.force_login(tree.east_secretary.user)
    url = f"/api/meetings/{meeting.pk}/online-attendance/"
    start, end = meeting.starts_at.isoformat(), meeting.ends_at.isoformat()
    response = client.post(
        url,
        {
            "records": [
                {"member": tree.e1.pk, "joined": start, "left": end},
                {"member": tree.w1.pk, "joined": start, "left": end},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"recorded": 1, "present": 1, "unknown": [tree.w1.pk]}
    for body in (
        {"records": []},
        {"records": [{"member": "x", "joined": "yesterday", "left": None}]},
        {"records": [{"member": tree.e1.pk, "joined": end, "left": start}]},
        {"records": "nope"},
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert set(response.json()) >= {"code", "detail"}


@pytest.mark.parametrize(
    "data",
    [
        {
            "kind": "theme_day",
            "topic": "x",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T09:00",
            "place": "会议室",
        },
        {
            "kind": "theme_day",
            "topic": "x",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00",
        },
        {"kind": "nope", "topic": "", "starts_at": "soon", "ends_at": "\x00", "capacity": "-1"},
        {
            "kind": "theme_day",
            "topic": "x",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00",
            "place": "会议室",
            "members": ["999999"],
        },
    ],
)
def test_schedule_form_refuses_bad_input_in_chinese(tree, client, data):
    client.force_login(tree.east_secretary.user)
    response = client.post(f"/branch/meetings/new/?org={tree.east.pk}", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page or 'class="error"' in page
    assert not tree.east.meetings.exists()


def test_member_forms_refuse_bad_input(tree, meeting, client):
    client.force_login(tree.e1.user)
    for data in (
        {"reply": "maybe"},
        {"reply": "leave", "reason": ""},
        {"reply": "leave", "reason": "x" * 400},
    ):
        response = client.post(f"/meetings/{meeting.pk}/reply/", data, follow=True)
        assert response.status_code == 200
        assert response.context["messages"]
    page = client.get(f"/meetings/{meeting.pk}/check-in/?t=%00%ff")
    assert page.status_code == 400 and "签到码无效" in page.content.decode()
    client.force_login(tree.east_secretary.user)
    for name, data in (
        ("branch-mark", {"member": "abc"}),
        ("branch-leave", {"attendance": "1", "approve": "2"}),
        ("branch-photo", {}),
    ):
        from django.urls import reverse

        response = client.post(reverse(f"meetings:{name}", args=[meeting.pk]), data, follow=True)
        assert response.status_code == 200 and response.context["messages"]
    not_an_image = client.post(
        f"/branch/meetings/{meeting.pk}/photos/",
        {"image": SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")},
        follow=True,
    )
    assert not meeting.photos.exists() and not_an_image.status_code == 200


def test_member_writes_are_rate_limited(tree, meeting, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "meeting_write": "2/hour"}
    client.force_login(tree.e1.user)
    for _ in range(2):
        assert client.post(f"/meetings/{meeting.pk}/reply/", {"reply": "coming"}).status_code == 302
    refused = client.post(f"/meetings/{meeting.pk}/reply/", {"reply": "coming"})
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    api = client.post(
        f"/api/meetings/{meeting.pk}/check-in/",
        {"token": codes.check_in_token(meeting_id=meeting.pk)},
        content_type="application/json",
    )
    assert api.status_code == 429 and api.json()["code"] == "throttled"
