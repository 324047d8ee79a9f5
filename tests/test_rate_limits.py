"""Every member write is rate-limited (xianfeng.throttles): the pledge API and forms, likes,
quiz attempts and progress reports answer 429 in Chinese with Retry-After past their limit,
per member; the defaults leave room for a player reporting every few seconds."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from cms.models import Pledge, PledgeWallPage
from cms.pledges import services

pytestmark = pytest.mark.django_db
TEXT = "我承诺每周为村里老人义务理发一次。"


@pytest.fixture
def wall(demo_site):
    Pledge.objects.all().delete()
    return PledgeWallPage.objects.get(slug="qijiang-qibi")


@pytest.fixture
def pledge(wall):
    from tests.cms.pledges.conftest import make_member

    author = make_member("zhang")
    editor = make_member("editor", "编辑")
    editor.user_permissions.add(Permission.objects.get(codename="change_pledge"))
    editor = type(editor).objects.get(pk=editor.pk)
    made = services.post_pledge(
        wall=wall,
        user=author,
        text=TEXT,
        category="为民服务",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return services.moderate(pledge=made, editor=editor, approve=True)


def assert_refused(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = (
        response.json()
        if response["Content-Type"].startswith("application/json")
        else {"detail": response.content.decode()}
    )
    assert "过于频繁" in body["detail"] and "秒后再试" in body["detail"]


def test_progress_updates_through_the_api_are_limited_per_member(pledge, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_progress": "2/hour"}
    api = APIClient()
    api.force_authenticate(pledge.author)
    url = f"/api/pledges/{pledge.pk}/progress/"
    for number in range(2):
        assert api.post(url, {"text": f"第{number}次进展。"}, format="json").status_code == 201
    assert_refused(api.post(url, {"text": "第三次进展。"}, format="json"))
    assert pledge.updates.count() == 2
    # Reading is never limited.
    assert api.get(f"/api/pledges/{pledge.pk}/").status_code == 200


def test_progress_updates_through_the_form_are_limited(client, pledge, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_progress": "1/hour"}
    client.force_login(pledge.author)
    url = f"{pledge.wall.url}pledges/{pledge.pk}/progress/"
    assert client.post(url, {"progress-text": "第一次进展。"}).status_code == 302
    refused = client.post(url, {"progress-text": "第二次进展。"}, HTTP_REFERER=pledge.wall.url)
    assert_refused(refused)
    # A form post is answered with the site's own page (header, menu), not bare text.
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "<h1>操作过于频繁</h1>" in page and f'href="{pledge.wall.url}"' in page
    assert pledge.updates.count() == 1


def test_pledges_and_outcomes_are_limited(client, pledge, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "pledge_post": "0/hour",
        "pledge_outcome": "0/hour",
    }
    api = APIClient()
    api.force_authenticate(pledge.author)
    assert_refused(
        api.post(
            f"/api/pledges/walls/{pledge.wall_id}/pledges/",
            {"text": TEXT, "category": "为民服务", "due_on": str(timezone.localdate())},
            format="json",
        )
    )
    assert_refused(
        api.post(f"/api/pledges/{pledge.pk}/outcome/", {"fulfilled": True}, format="json")
    )
    client.force_login(pledge.author)
    assert_refused(client.post(pledge.wall.url + "post/", {"text": TEXT}))
    assert_refused(
        client.post(
            f"{pledge.wall.url}pledges/{pledge.pk}/outcome/", {"outcome-outcome": "fulfilled"}
        )
    )
    assert Pledge.objects.count() == 1


def test_each_member_has_their_own_allowance(pledge, settings):
    from tests.cms.pledges.conftest import make_member

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "like": "1/hour"}
    first, second = APIClient(), APIClient()
    first.force_authenticate(make_member("li", "李四"))
    second.force_authenticate(make_member("wang", "王五"))
    assert first.post(f"/api/pledges/{pledge.pk}/like/").status_code == 201
    assert_refused(first.post(f"/api/pledges/{pledge.pk}/like/"))
    assert second.post(f"/api/pledges/{pledge.pk}/like/").status_code == 201


def test_progress_reports_are_limited_generously(demo_site, settings):
    from cms.models import Organisation
    from learning.models import StudyClock
    from tests.learning.conftest import make_lecture, make_member, make_quiz

    member = make_member("dangyuan1", Organisation.objects.get(name="套里村党支部"))
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(seconds=600)
    )
    lecture = make_lecture([("video", 600), ("reading", 30)])
    video = lecture.sections.get(kind="video")
    api = APIClient()
    api.force_authenticate(member.user)

    def report(start):
        return api.post(
            "/api/learning/events/",
            {
                "id": str(uuid.uuid4()),
                "section": video.pk,
                "segment": [start, start + 5],
                "client_time": timezone.now().isoformat(),
            },
            format="json",
        )

    # A player reporting every five seconds for a minute and a half is never refused.
    for step in range(18):
        assert report(step * 5).status_code == 202
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "progress_event": "18/minute",
        "quiz_attempt": "0/hour",
    }
    assert_refused(report(90))
    quiz = make_quiz(lecture)
    assert_refused(
        api.post(f"/api/learning/quizzes/{quiz.pk}/attempts/", {"answers": {}}, format="json")
    )


def test_quiz_forms_are_limited(client, demo_site, settings):
    from cms.models import Organisation
    from learning.models import QuizAttempt
    from tests.learning.conftest import make_lecture, make_member, make_quiz

    member = make_member("dangyuan1", Organisation.objects.get(name="套里村党支部"))
    lecture = make_lecture([("video", 60)])
    make_quiz(lecture, max_attempts=5)
    client.force_login(member.user)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quiz_attempt": "1/hour"}
    url = f"/study/lecture/{lecture.pk}/quiz/"
    client.post(url, {})
    attempts = QuizAttempt.objects.count()
    assert_refused(client.post(url, {}))
    assert QuizAttempt.objects.count() == attempts


def test_parallel_writes_cannot_slip_past_the_limit(pledge, settings, monkeypatch):
    """DRF's throttle reads the history, then writes it: requests arriving together all read
    the same history and all pass. Ours counts with one atomic increment per request."""
    import threading

    from django.core.cache.backends.locmem import LocMemCache
    from rest_framework.exceptions import Throttled

    from xianfeng.throttles import WriteThrottle

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_progress": "5/hour"}

    class Request:
        method = "POST"
        user = pledge.author
        META = {"REMOTE_ADDR": "127.0.0.1"}

    # Any read of the cache waits until all 20 requests have read: the lost update of a
    # read-then-write counter made certain (each thread has its own cache object, so the
    # class is patched).
    barrier = threading.Barrier(20)
    real_get = LocMemCache.get

    def get_then_wait(self, *args, **kwargs):
        value = real_get(self, *args, **kwargs)
        barrier.wait(timeout=5)
        return value

    monkeypatch.setattr(LocMemCache, "get", get_then_wait)
    allowed = []

    def attempt():
        try:
            allowed.append(WriteThrottle("pledge_progress").allow_request(Request(), None))
        except Throttled:
            allowed.append(False)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(allowed) == 20 and allowed.count(True) == 5
