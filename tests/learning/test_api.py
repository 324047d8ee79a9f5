"""The progress, quiz, record and assignment API under /api/learning/."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from learning.models import ProgressEvent, SectionProgress, StudyClock

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member.user)
    # A minute of real time already passed, so the events below are credited in full.
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(seconds=60)
    )
    return client


@pytest.fixture
def video(lecture):
    return lecture.sections.get(kind="video")


def event(section, start, end, **extra):
    return {
        "id": str(uuid.uuid4()),
        "section": section.pk,
        "segment": [start, end],
        "client_time": timezone.now().isoformat(),
        **extra,
    }


def stored(member):
    return (
        list(
            SectionProgress.objects.filter(member=member).values_list(
                "segments", "credited_seconds", "position"
            )
        ),
        ProgressEvent.objects.count(),
    )


def test_an_event_is_accepted_then_a_repeat_is_a_no_op_and_a_change_a_conflict(api, member, video):
    body = event(video, 0, 15)
    first = api.post("/api/learning/events/", body, format="json")
    assert first.status_code == 202  # stored; applied moments later
    assert first.json()["status"] == "accepted" and first.json()["credited_seconds"] is None
    assert ProgressEvent.objects.get().outcome == "pending"
    state = api.get(f"/api/learning/lectures/{video.lecture_id}/progress/").json()
    assert state["sections"][0]["covered_seconds"] == 15  # reading applies what waits
    before = stored(member)
    again = api.post("/api/learning/events/", body, format="json")
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert again.json()["credited_seconds"] == 15
    conflict = api.post("/api/learning/events/", dict(body, segment=[0, 20]), format="json")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "conflict"
    assert stored(member) == before


@pytest.mark.parametrize(
    "segment,status,code",
    [
        ([20, 10], 422, "backward"),  # as documented, refused for the section: 422
        ([0, 1e12], 400, "invalid"),
        ([-1, 10], 400, "invalid"),
        ([0, "NaN"], 400, "invalid"),
        ([0], 400, "invalid"),
        ([0, 150], 422, "beyond_end"),
    ],
)
def test_bad_events_get_a_clear_error_and_change_nothing(api, member, video, segment, status, code):
    before = stored(member)
    response = api.post("/api/learning/events/", event(video, 0, 0, segment=segment), format="json")
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]  # the one error shape of our APIs
    assert stored(member) == before


def test_unknown_unpublished_and_closed_lectures(api, member, lecture, video):
    missing = api.post(
        "/api/learning/events/", dict(event(video, 0, 5), section=999999), format="json"
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_section")
    lecture.study_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    lecture.save()
    closed = api.post("/api/learning/events/", event(video, 0, 5), format="json")
    assert (closed.status_code, closed.json()["code"]) == (403, "closed")
    assert closed.json()["detail"] == "该党课已结束学习。"
    lecture.study_closes_at = None
    lecture.save()
    lecture.unpublish()
    hidden = api.post("/api/learning/events/", event(video, 0, 5), format="json")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "unpublished")
    assert stored(member) == ([], 0)


def test_a_batch_gets_a_result_per_event_and_a_replay_changes_nothing(api, member, video):
    batch = [
        event(video, 0, 15),
        event(video, 15, 30),
        event(video, 30, 20),
        {"id": "not-a-uuid", "section": video.pk},
    ]
    response = api.post("/api/learning/events/batch/", {"events": batch}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "accepted", "invalid", "invalid"]
    assert [r["code"] for r in results[2:]] == ["backward", "invalid"]
    api.get("/api/learning/record/")  # applies the stored events
    before = stored(member)
    assert before[0] == [([[0.0, 30.0]], 30.0, 30.0)]
    replay = api.post("/api/learning/events/batch/", {"events": batch}, format="json").json()
    assert [r["status"] for r in replay["results"][:2]] == ["duplicate", "duplicate"]
    assert stored(member) == before


def test_a_beacon_batch_is_accepted_as_a_form_with_the_csrf_token(member, lecture, client):
    """navigator.sendBeacon cannot set headers: the token travels in the form body."""
    video = lecture.sections.get(kind="video")
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(member.user)
    page = csrf_client.get(f"/study/lecture/{lecture.pk}/")
    token = page.context["csrf_token_value"]
    payload = json.dumps({"events": [event(video, 0, 3)]})
    refused = csrf_client.post("/api/learning/events/batch/", {"payload": payload})
    assert refused.status_code == 403
    response = csrf_client.post(
        "/api/learning/events/batch/", {"payload": payload, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "accepted"


def test_malformed_batches_are_refused(api):
    assert api.post("/api/learning/events/batch/", {"events": []}, format="json").status_code == 400
    # A beacon's form field holds text, as documented; text that is no batch: 422.
    assert api.post("/api/learning/events/batch/", {"payload": "{"}).status_code == 422


def test_only_signed_in_members_may_report(member, branch, video):
    from django.contrib.auth import get_user_model

    anonymous = APIClient().post("/api/learning/events/", event(video, 0, 5), format="json")
    assert anonymous.status_code in (401, 403)
    plain = get_user_model().objects.create_user("visitor", password="x")
    client = APIClient()
    client.force_authenticate(plain)
    response = client.post("/api/learning/events/", event(video, 0, 5), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "只有具有党员档案的用户才能学习。"
    assert not ProgressEvent.objects.exists()


def test_token_auth_and_progress_per_member(member, branch, lecture, video):
    from tests.learning.conftest import make_member

    other = make_member("dangyuan2", branch)
    token = Token.objects.create(user=member.user)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert (
        client.post("/api/learning/events/", event(video, 0, 4), format="json").status_code == 202
    )
    state = client.get(f"/api/learning/lectures/{lecture.pk}/progress/").json()
    assert state["sections"][0]["covered_seconds"] == 4
    assert state["sections"][0]["position"] == 4
    theirs = APIClient()
    theirs.force_authenticate(other.user)
    assert (
        theirs.get(f"/api/learning/lectures/{lecture.pk}/progress/").json()["sections"][0][
            "covered_seconds"
        ]
        == 0
    )


def test_quiz_attempts_are_checked_on_the_server(api, member, lecture):
    from tests.learning.conftest import make_quiz

    quiz = make_quiz(lecture, max_attempts=2)
    q1, q2 = quiz.questions.all()
    url = f"/api/learning/quizzes/{quiz.pk}/attempts/"
    missing = api.post(url, {"answers": {str(q1.pk): [1]}}, format="json")
    assert missing.status_code == 422 and missing.json()["code"] == "unanswered"
    wrong = api.post(url, {"answers": {str(q1.pk): [0], str(q2.pk): [0]}}, format="json")
    assert wrong.status_code == 201
    assert wrong.json() == {
        "id": wrong.json()["id"],
        "correct": 0,
        "total": 2,
        "score": 0,
        "passed": False,
        "attempts_left": 1,
    }
    right = api.post(url, {"answers": {str(q1.pk): [1], str(q2.pk): [0, 1]}}, format="json")
    assert right.json()["passed"] and right.json()["score"] == 100
    again = api.post(url, {"answers": {str(q1.pk): [1], str(q2.pk): [0, 1]}}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_passed"
    record = api.get("/api/learning/record/").json()
    assert record["points"]["by_reason"] == [
        {"reason": "quiz_passed", "label": "通过测验", "points": 5}
    ]


def test_the_attempt_limit_holds(api, member, lecture):
    from tests.learning.conftest import make_quiz

    quiz = make_quiz(lecture, max_attempts=1)
    q1, q2 = quiz.questions.all()
    url = f"/api/learning/quizzes/{quiz.pk}/attempts/"
    wrong = {"answers": {str(q1.pk): [0], str(q2.pk): [2]}}
    assert api.post(url, wrong, format="json").status_code == 201
    response = api.post(url, wrong, format="json")
    assert response.status_code == 403 and response.json()["code"] == "no_attempts"


def test_record_and_assignments(api, member, branch, lecture, video):
    from learning.models import Assignment

    Assignment.objects.create(
        lecture=lecture,
        organisation=branch.get_parent(),
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    api.post("/api/learning/events/", event(video, 0, 30), format="json")
    record = api.get("/api/learning/record/").json()
    assert record["credited_seconds"] == 30
    assert record["quota_hours"] == 32
    assert record["shortfall_hours"] == round(32 - 30 / 2700, 2)
    assert [row["title"] for row in record["in_progress"]] == [lecture.title]
    assert record["daily_minutes"][-1]["minutes"] == 0.5
    # (the demo may add its own assignment on the demo lecture)
    [assigned] = [
        row for row in api.get("/api/learning/assignments/").json() if row["lecture"] == lecture.pk
    ]
    assert assigned["overdue"] is True and assigned["completed"] is False
    assert assigned["organisation"] == "河南寨镇党委"


def test_the_schema_documents_the_learning_api(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = (
        json.loads(response.content)["paths"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    for path in (
        "/api/learning/events/",
        "/api/learning/events/batch/",
        "/api/learning/record/",
        "/api/learning/quizzes/{quiz_id}/attempts/",
    ):
        assert path in paths


GOOD = {
    "id": "6f1c0c4e-8f57-4c43-9f5e-4c1d1a0e0a09",
    "section": 3,
    "segment": [0, 15],
    "client_time": "2026-05-01T08:00:00+08:00",
}


@pytest.mark.parametrize(
    "sample",
    [
        GOOD,
        dict(GOOD, position=12.5, visible=False),
        dict(GOOD, section="3"),
        dict(GOOD, id="nope"),
        dict(GOOD, section=0),
        dict(GOOD, section=True),
        dict(GOOD, segment=[0]),
        dict(GOOD, segment=[0, -1]),
        dict(GOOD, segment=[0, "inf"]),
        dict(GOOD, segment=[0, 10**7]),
        dict(GOOD, segment="0-15"),
        dict(GOOD, position="x"),
        dict(GOOD, visible="yes"),
        dict(GOOD, client_time="yesterday"),
        {k: v for k, v in GOOD.items() if k != "client_time"},
    ],
)
def test_the_fast_event_parser_agrees_with_the_documented_serializer(sample):
    from learning.api.parsing import EventInvalid, parse_event
    from learning.api.serializers import EventSerializer

    try:
        event, errors = parse_event(sample), None
    except EventInvalid as error:
        event, errors = None, error.errors
    serializer = EventSerializer(data=sample)
    valid = serializer.is_valid()
    if sample.get("visible") == "yes":
        valid = False  # DRF accepts "yes" as true; the API insists on a JSON boolean
    assert (errors is None) == valid, (errors, serializer.errors)
    if valid:
        assert event.from_seconds == serializer.validated_data["segment"][0]
        assert event.client_time == serializer.validated_data["client_time"]


def test_report_endpoints_answer_json_whatever_the_client_accepts(api, member, video):
    response = api.post(
        "/api/learning/events/", event(video, 0, 5), format="json", HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 202 and response["Content-Type"] == "application/json"
    batch = api.post(
        "/api/learning/events/batch/",
        {"events": [event(video, 5, 10)]},
        format="json",
        HTTP_ACCEPT="application/xml",
    )
    assert batch.status_code == 200 and batch.json()["results"][0]["status"] == "accepted"


def test_a_single_event_must_be_json(api, member, video):
    before = stored(member)
    response = api.post("/api/learning/events/", event(video, 0, 5))  # multipart form
    assert response.status_code == 415
    assert response.json()["detail"].startswith("不支持请求中的媒体类型")
    assert stored(member) == before


def test_a_locked_quiz_is_refused_in_the_one_error_shape(api, member, lecture):
    from tests.learning.conftest import make_quiz

    quiz = make_quiz(lecture, open_from_start=False)  # opens once the sections are complete
    q1, q2 = quiz.questions.all()
    response = api.post(
        f"/api/learning/quizzes/{quiz.pk}/attempts/",
        {"answers": {str(q1.pk): [1], str(q2.pk): [0, 1]}},
        format="json",
    )
    assert response.status_code == 403 and response.json()["code"] == "quiz_locked"
    assert response.json()["detail"]
