"""One bad event must not sink a batch: every event is answered on its own, in the order
sent, the good ones are stored in one statement, and the player drops from its offline queue
what can never be accepted (issue 12)."""

import datetime
import json
import re
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from learning.models import ProgressEvent, StudyClock
from learning.services.progress import fold_pending
from tests.learning.conftest import MEMBER_PASSWORD, make_lecture, make_member

CHINESE = re.compile(r"[\u4e00-\u9fff]")
BATCH = "/api/learning/events/batch/"


def event(sec, start, end, **extra):
    return {
        "id": str(uuid.uuid4()),
        "section": sec.pk,
        "segment": [start, end],
        "client_time": timezone.now().isoformat(),
        **extra,
    }


@pytest.fixture
def token_api(member):
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(minutes=5)
    )
    return APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=member.user).key}")


@pytest.mark.django_db
def test_each_event_is_answered_on_its_own_and_the_good_ones_are_stored(
    token_api, member, lecture, django_assert_num_queries
):
    video = lecture.sections.get(kind="video")
    first, second = event(video, 0, 10), event(video, 10, 20)
    unicode_digit = event(video, 20, 30, section="²")
    far_future = event(video, 20, 30, client_time="9999-12-31T23:59:59-05:00")
    huge = event(video, 20, 30)
    huge["segment"] = [20, 10**300]
    no_id = event(video, 20, 30, id="not-a-uuid")
    batch = [
        first,
        unicode_digit,
        far_future,
        5,
        None,
        "event",
        [1],
        huge,
        no_id,
        second,
        dict(first, segment=[0, 11]),  # the same id for other content: a conflict
        dict(second),  # sent twice: a duplicate
        event(video, 20, 30, section=999999),
        event(video, 30, 20),
    ]
    warm_up = event(video, 0, 0)
    # The token and the section rules (also of the unknown section) are remembered.
    token_api.post(BATCH, {"events": [warm_up, event(video, 0, 0, section=999999)]}, format="json")
    with django_assert_num_queries(1):  # the one INSERT of the good events
        response = token_api.post(BATCH, {"events": batch}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [
        ("accepted", ""),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("invalid", "invalid"),
        ("accepted", ""),
        ("conflict", "conflict"),
        ("duplicate", ""),
        ("invalid", "unknown_section"),
        ("invalid", "backward"),
    ]
    # Each with its id where one could be read, so the client can match the answers.
    assert [r["id"] for r in results] == [
        first["id"],
        unicode_digit["id"],
        far_future["id"],
        None,
        None,
        None,
        None,
        huge["id"],
        None,
        second["id"],
        first["id"],
        second["id"],
        batch[12]["id"],
        batch[13]["id"],
    ]
    for result in results[1:9] + results[10:11] + results[12:]:
        assert CHINESE.search(result["message"]), result
    assert set(results[1]["errors"]) == {"section"}
    assert set(results[2]["errors"]) == {"client_time"}
    assert set(results[7]["errors"]) == {"segment"}
    assert set(results[8]["errors"]) == {"id"}
    assert set(ProgressEvent.objects.values_list("id", flat=True)) == {
        uuid.UUID(first["id"]),
        uuid.UUID(second["id"]),
        uuid.UUID(warm_up["id"]),
    }


@pytest.mark.django_db
def test_an_event_refused_when_applied_is_answered_invalid_when_sent_again(
    token_api, member, lecture
):
    video = lecture.sections.get(kind="video")
    body = event(video, 0, 10)
    assert (
        token_api.post(BATCH, {"events": [body]}, format="json").json()["results"][0]["status"]
        == "accepted"
    )
    lecture.unpublish()  # before the event is applied: it is stored as refused
    fold_pending(member)
    again = token_api.post(BATCH, {"events": [body]}, format="json").json()["results"]
    assert (again[0]["status"], again[0]["code"]) == ("invalid", "unpublished")
    assert again[0]["message"] == "该党课尚未发布。"


@pytest.mark.django_db
def test_an_empty_batch_is_refused_whole(token_api):
    response = token_api.post(BATCH, {"events": []}, format="json")
    assert response.status_code == 400 and CHINESE.search(response.json()["detail"])


# The player ----------------------------------------------------------------------------


def queue_length(page):
    return page.evaluate(
        "JSON.parse(localStorage.getItem("
        "document.querySelector('[data-study]').dataset.queueKey) || '[]').length"
    )


def wait_until_empty(page, seconds=15):
    # Polled with evaluate: the page's CSP forbids the eval behind wait_for_function.
    for _ in range(seconds * 5):
        if queue_length(page) == 0:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{queue_length(page)} events are still queued")


@pytest.mark.browser
def test_the_player_drops_what_can_never_be_accepted_and_keeps_the_rest_on_errors(
    browser, live_demo_site
):
    from cms.models import Organisation

    member = make_member("dangyuan1", Organisation.objects.get(name="套里村党支部"))
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(minutes=5)
    )
    lecture = make_lecture([("video", 100), ("reading", 30)], title="离线队列")
    video = lecture.sections.get(kind="video")
    good = event(video, 0, 5)
    # What a corrupt store or an older player might hold, around one good event; put in the
    # queue before the study page's script first runs.
    queue = [
        event(video, 0, 5, section="²"),
        5,
        event(video, 0, 5, client_time="0001-01-01T00:00:00+05:00"),
        good,
        event(video, 0, 5, section=999999),
    ]
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(
        "if (location.pathname.startsWith('/study/') && !sessionStorage.getItem('seeded')) {"
        " sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem('xf-progress-queue:{member.pk}',"
        f" {json.dumps(json.dumps(queue))}); }}"
    )
    page = context.new_page()
    study = f"{live_demo_site.url}/study/lecture/{lecture.pk}/"
    page.goto(f"{live_demo_site.url}/accounts/login/?next=/study/lecture/{lecture.pk}/")
    # A server error: the queue is kept whole, to be sent again.
    page.route(
        "**/api/learning/events/batch/",
        lambda route: route.fulfill(status=503, body="{}", content_type="application/json"),
    )
    page.get_by_label("用户名").fill("dangyuan1")
    page.get_by_label("密码").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(study)
    expect(page.locator("[data-sync-status]")).to_contain_text("离线", timeout=15000)
    assert queue_length(page) == len(queue)
    assert not ProgressEvent.objects.exists()
    # The server answers: the good event is stored, the others dropped, none kept.
    page.unroute("**/api/learning/events/batch/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_empty(page)
    assert list(ProgressEvent.objects.values_list("id", flat=True)) == [uuid.UUID(good["id"])]
    # The member is told why some progress was not saved.
    expect(page.locator("[data-sync-status]")).to_have_text("没有这个党课章节。")
    context.close()


@pytest.mark.browser
def test_another_members_queue_on_a_shared_computer_is_never_sent(browser, live_demo_site):
    """A signs out (or the session expires) with events still queued; B signs in on the same
    browser: A's events stay A's, and the old unkeyed queue, whose owner nobody knows, is
    dropped rather than credited to B."""
    from cms.models import Organisation

    branch = Organisation.objects.get(name="套里村党支部")
    first = make_member("dangyuan1", branch)
    second = make_member("dangyuan2", branch)
    lecture = make_lecture([("video", 100)], title="共用电脑")
    video = lecture.sections.get(kind="video")
    first_queue = json.dumps([event(video, 0, 5)])
    legacy_queue = json.dumps([event(video, 5, 10)])
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem('xf-progress-queue:{first.pk}', {json.dumps(first_queue)});"
        f" localStorage.setItem('xf-progress-queue', {json.dumps(legacy_queue)}); }}"
    )
    page = context.new_page()
    study = f"{live_demo_site.url}/study/lecture/{lecture.pk}/"
    page.goto(f"{live_demo_site.url}/accounts/login/?next=/study/lecture/{lecture.pk}/")
    page.get_by_label("用户名").fill("dangyuan2")
    page.get_by_label("密码").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(study)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # a flush, if anything queued
    page.wait_for_timeout(3000)
    assert not ProgressEvent.objects.exists()
    assert page.evaluate(f"localStorage.getItem('xf-progress-queue:{first.pk}')") == first_queue
    assert page.evaluate("localStorage.getItem('xf-progress-queue')") is None
    assert page.evaluate("document.querySelector('[data-study]').dataset.queueKey") == (
        f"xf-progress-queue:{second.pk}"
    )
    context.close()
