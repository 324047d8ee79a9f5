"""Crafted input to the learning API and the study pages: a clear 400/404 with a Chinese
message, nothing stored, never a 500 (issue 12, "Crafted input")."""

import datetime
import json
import re
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from learning.models import ProgressEvent, QuizAttempt, StudyClock

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member.user)
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(seconds=60)
    )
    return client


@pytest.fixture
def video(lecture):
    return lecture.sections.get(kind="video")


def good(sec, **extra):
    return {
        "id": str(uuid.uuid4()),
        "section": sec.pk,
        "segment": [0, 5],
        "client_time": timezone.now().isoformat(),
        **extra,
    }


def post_raw(client, url, text):
    """A JSON body as written (JSON numbers such as 1e309 or 300 digits, that json.dumps
    would not write)."""
    return client.generic("POST", url, text, content_type="application/json")


def assert_refused(response, status=400, code="invalid"):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert CHINESE.search(body["detail"]), body
    return body


# A client time as documented (ISO 8601) but outside the window: 422. At the ends of what
# datetime holds, it overflowed on the way to UTC (a 500).
OUT_OF_WINDOW = [
    {"client_time": "0001-01-01T00:00:00+05:00"},
    {"client_time": "9999-12-31T23:59:59-05:00"},
    {"client_time": "0001-01-01T00:00:00"},
    {"client_time": "9999-12-31T23:59:59"},
    {"client_time": "1999-12-31T23:59:59+00:00"},
    {"client_time": (timezone.now() + datetime.timedelta(days=3)).isoformat()},
]
BAD_EVENT_FIELDS = OUT_OF_WINDOW + [
    {"client_time": "２０２６-05-01T08:00:00+08:00"},  # full-width digits
    {"client_time": "2026-05-01T08:00:00+08:00" + " " * 100},
    {"client_time": 1777593600},
    {"client_time": None},
    # Section ids: Unicode digits (int() reads them), out of range, wrong types.
    {"section": "²"},
    {"section": "٣"},
    {"section": "３"},
    {"section": "0"},
    {"section": -1},
    {"section": 0},
    {"section": 2**31},
    {"section": 10**30},
    {"section": "99999999999999999999"},
    {"section": True},
    {"section": 1.5},
    {"section": {"id": 1}},
    {"section": [1]},
    {"section": None},
    # Segment bounds.
    {"segment": [0, "1" * 300]},
    {"segment": [0, "Infinity"]},
    {"segment": [0, "NaN"]},
    {"segment": [0, "1e309"]},
    {"segment": [0, "٣"]},
    {"segment": [True, 5]},
    {"segment": [0, {"to": 5}]},
    {"segment": [0, [5]]},
    {"segment": [0, None]},
    {"segment": {"0": 0, "1": 5}},
    {"segment": [0, 5, 6]},
    {"position": "Infinity"},
    {"position": True},
    {"position": -1},
    {"position": 10**400},
    {"visible": "false"},
    {"id": "not-a-uuid"},
    {"id": 12345},
    {"id": "x" * 10000},
]


@pytest.mark.parametrize("change", BAD_EVENT_FIELDS, ids=lambda change: repr(change)[:40])
def test_a_crafted_event_is_refused_with_a_reason_and_nothing_stored(api, video, change):
    response = api.post("/api/learning/events/", good(video, **change), format="json")
    body = assert_refused(response, 422 if change in OUT_OF_WINDOW else 400)
    [field] = change
    assert field in body["errors"] and all(CHINESE.search(m) for m in body["errors"][field])
    assert not ProgressEvent.objects.exists()


@pytest.mark.parametrize("number", ["9" * 300, "1e309", "-1e309", "1" + "0" * 400 + ".5"])
def test_a_json_number_too_large_for_a_float_is_refused(api, video, number):
    body = json.dumps(good(video)).replace('"segment": [0, 5]', f'"segment": [0, {number}]')
    assert number in body
    assert_refused(post_raw(api, "/api/learning/events/", body))
    section = json.dumps(good(video)).replace(f'"section": {video.pk}', f'"section": {number}')
    assert_refused(post_raw(api, "/api/learning/events/", section))
    assert not ProgressEvent.objects.exists()


def test_negative_zero_is_zero(api, video):
    body = json.dumps(good(video)).replace('"segment": [0, 5]', '"segment": [-0.0, 5]')
    assert (
        api.generic(
            "POST", "/api/learning/events/", body, content_type="application/json"
        ).status_code
        == 202
    )
    assert str(ProgressEvent.objects.get().from_seconds) == "0.0"


@pytest.mark.parametrize(
    "body",
    [
        "5",
        "null",
        '"events"',
        "[]",
        "[1, 2]",
        "true",
        "{}",
        '{"events": 5}',
        '{"events": {}}',
        '{"events": null}',
        '{"events": "[]"}',
        '{"payload": "[]"}',
        "NaN",
        "{",
    ],
)
def test_a_batch_that_is_not_an_object_with_a_list_is_refused_whole(api, body):
    response = post_raw(api, "/api/learning/events/batch/", body)
    assert response.status_code == 400, response.content
    assert CHINESE.search(response.json()["detail"])
    assert not ProgressEvent.objects.exists()


@pytest.mark.parametrize("body", ["5", "null", '"x"', "[]", "[{}]"])
def test_a_single_event_that_is_not_an_object_is_refused(api, body):
    assert_refused(post_raw(api, "/api/learning/events/", body))


@pytest.mark.parametrize("url", ["/api/learning/events/", "/api/learning/events/batch/"])
def test_a_body_nested_too_deeply_for_json_is_refused(api, url):
    response = post_raw(api, url, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert CHINESE.search(response.json()["detail"])


@pytest.mark.parametrize("payload", ["5", "null", '{"events": 5}', "[" * 100_000])
def test_a_beacon_payload_that_is_not_a_batch_is_refused(api, payload):
    response = api.post("/api/learning/events/batch/", {"payload": payload})
    assert_refused(response, 422)


def test_a_batch_of_more_than_200_events_is_refused_whole(api, video):
    response = api.post(
        "/api/learning/events/batch/", {"events": [good(video) for _ in range(201)]}, format="json"
    )
    assert_refused(response, code="parse_error")
    assert not ProgressEvent.objects.exists()


BAD_IDS = ["99999999999999999999", "2147483648", "0", "-1", "00000000000", "²", "１"]


@pytest.mark.parametrize("lecture_id", BAD_IDS)
def test_out_of_range_ids_in_api_urls_are_not_found(api, lecture_id):
    response = api.get(f"/api/learning/lectures/{lecture_id}/progress/")
    assert_refused(response, 404, "not_found")
    response = api.post(
        f"/api/learning/quizzes/{lecture_id}/attempts/", {"answers": {}}, format="json"
    )
    assert_refused(response, 404, "not_found")


def test_a_lecture_or_quiz_that_does_not_exist_is_not_found(api, lecture):
    missing = lecture.pk + 10_000
    assert_refused(api.get(f"/api/learning/lectures/{missing}/progress/"), 404, "not_found")
    assert_refused(
        api.post(f"/api/learning/quizzes/{missing}/attempts/", {"answers": {}}, format="json"),
        404,
        "not_found",
    )


@pytest.mark.parametrize("lecture_id", BAD_IDS)
def test_out_of_range_ids_on_the_study_pages_are_not_found(client, member, lecture_id):
    client.force_login(member.user)
    assert client.get(f"/study/lecture/{lecture_id}/").status_code == 404
    assert client.post(f"/study/lecture/{lecture_id}/quiz/").status_code == 404


def test_the_study_page_quiz_takes_ascii_choice_numbers_only(client, member, lecture):
    from tests.learning.conftest import make_quiz

    quiz = make_quiz(lecture)
    q1, q2 = quiz.questions.all()
    client.force_login(member.user)
    # Full-width "１" and Arabic-Indic "١" are read as 1 by int(); they are not choices.
    for picked in ("１", "١", "9" * 400, "-1"):
        response = client.post(
            f"/study/lecture/{lecture.pk}/quiz/",
            {f"q{q1.pk}": picked, f"q{q2.pk}": ["0", "1"]},
            follow=True,
        )
        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]]
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    "answers,status,code",
    [
        # Not as the schema says: 400.
        ({"QID": ["１"]}, 400, "invalid"),
        ({"QID": ["٣"]}, 400, "invalid"),
        ({"QID": [10**30]}, 400, "invalid"),
        ({"QID": [-1]}, 400, "invalid"),
        ({"QID": [True]}, 400, "invalid"),
        ({"QID": [[0]]}, 400, "invalid"),
        ({"QID": [{"a": 1}]}, 400, "invalid"),
        ({"QID": list(range(51))}, 400, "invalid"),
        # As the schema says, but not this quiz's questions: 422.
        ({"QID": [0], "²": [0]}, 422, "bad_answers"),
        ({"QID": [0], "١": [0]}, 422, "bad_answers"),
        ({"QID": [0], "99999999999999999999": [0]}, 422, "bad_answers"),
        ({"QID": [0], "0": [0]}, 422, "bad_answers"),
    ],
)
def test_crafted_quiz_answers_are_refused(api, lecture, answers, status, code):
    from tests.learning.conftest import make_quiz

    quiz = make_quiz(lecture)
    q1, q2 = quiz.questions.all()
    answers = {key.replace("QID", str(q1.pk)): value for key, value in answers.items()}
    answers.setdefault(str(q2.pk), [0, 1])
    response = api.post(
        f"/api/learning/quizzes/{quiz.pk}/attempts/", {"answers": answers}, format="json"
    )
    assert_refused(response, status, code)
    assert not QuizAttempt.objects.exists()


def test_the_schema_states_the_limits_the_server_enforces(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parts = schema["components"]["schemas"]
    event = parts["Event"]["properties"]
    assert (event["section"]["minimum"], event["section"]["maximum"]) == (1, 2**31 - 1)
    assert event["segment"]["items"]["maximum"] == 24 * 3600
    assert (event["segment"]["minItems"], event["segment"]["maxItems"]) == (2, 2)
    batch = parts["Batch"]["properties"]["events"]
    assert (batch["minItems"], batch["maxItems"]) == (1, 200)
    paths = schema["paths"]
    single = paths["/api/learning/events/"]["post"]["responses"]
    assert {"200", "202", "400", "403", "404", "409", "422"} <= set(single)
    batch_answers = paths["/api/learning/events/batch/"]["post"]["responses"]
    assert {"200", "400"} <= set(batch_answers)
    result = parts["EventResult"]["properties"]
    [status] = result["status"]["allOf"]
    assert set(parts[status["$ref"].rsplit("/", 1)[1]]["enum"]) == {
        "accepted",
        "duplicate",
        "conflict",
        "invalid",
    }
    assert result["id"].get("nullable") is True
    progress = paths["/api/learning/lectures/{lecture_id}/progress/"]["get"]
    [lecture_id] = progress["parameters"]
    assert lecture_id["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert "404" in progress["responses"]
