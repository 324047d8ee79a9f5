"""Redis down must not take the site down.

Production keeps the caches (default and "pages") and the django-q2 broker on Redis. This
test runs the site on a real redis-server, stops it in the middle, and checks that pages are
then served uncached, a progress report is still taken (its fold is picked up by the sweep)
and a pledge API read still answers; started again, Redis serves the caches once more.
"""

import datetime
import logging
import time
import uuid

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.learning.conftest import make_lecture
from tests.learning.conftest import make_member as make_learning_member
from xianfeng.redis_cache import reset_breakers

pytestmark = pytest.mark.django_db
HOME = "/"


@pytest.fixture
def on_redis(redis_server, settings, monkeypatch):
    """Production's Redis settings, on the test's own server."""
    from django_q.conf import Conf

    backend = "xianfeng.redis_cache.SharedClientRedisCache"
    options = {"circuit_breaker_seconds": 0.3}
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": redis_server.url(0),
            "KEY_PREFIX": "xf",
            "OPTIONS": options,
        },
        "pages": {"BACKEND": backend, "LOCATION": redis_server.url(1), "OPTIONS": options},
    }
    settings.PAGE_CACHE_CHECK_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}
    # django-q2 reads its broker settings once, at import: point them at this Redis.
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", redis_server.url(0) + "?socket_connect_timeout=0.5")
    monkeypatch.setattr("xianfeng.tasks.BROKER_RETRY_SECONDS", 0.3)
    reset_breakers()
    yield redis_server
    reset_breakers()


def report(api, section, start, end):
    return api.post(
        "/api/learning/events/",
        {
            "id": str(uuid.uuid4()),
            "section": section.pk,
            "segment": [start, end],
            "client_time": timezone.now().isoformat(),
        },
        format="json",
    )


def queued_tasks(redis_server):
    import redis

    connection = redis.Redis.from_url(redis_server.url(0))
    return connection.llen("django_q:xianfeng-test:q")


def test_the_site_keeps_answering_while_redis_is_down(
    on_redis, demo_site, client, django_capture_on_commit_callbacks, caplog
):
    from cms.models import Organisation, Pledge
    from learning.models import EventOutcome, ProgressEvent, StudyClock
    from learning.tasks import fold_all_pending

    member = make_learning_member("dangyuan1", Organisation.objects.get(name="套里村党支部"))
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(seconds=60)
    )
    section = make_lecture([("video", 100)]).sections.get()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=member.user).key}")
    pledge = Pledge.objects.filter(status__in=["approved", "in_progress"]).first()
    assert pledge is not None, "the demo brings public pledges"

    # Redis up: the second visit is a cache hit, and a report queues its fold on the broker.
    assert client.get(HOME)["X-Page-Cache"] == "miss"
    assert client.get(HOME)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        assert report(api, section, 0, 15).status_code == 202
    assert queued_tasks(on_redis) == 1

    on_redis.stop()
    caplog.set_level(logging.INFO)

    started = time.monotonic()
    for _ in range(3):
        page = client.get(HOME)
        assert page.status_code == 200 and page["X-Page-Cache"] == "miss"  # served fresh
    wall = client.get(pledge.wall.url)
    assert wall.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reported = report(api, section, 15, 30)
    assert reported.status_code == 202 and reported.json()["status"] == "accepted"
    from learning.services.ingest import forget_queued_folds

    for start in (30, 45):  # more reports, each queuing its fold again
        forget_queued_folds()
        with django_capture_on_commit_callbacks(execute=True):
            assert report(api, section, start, start + 15).status_code == 202
    read = api.get(f"/api/pledges/{pledge.pk}/")
    assert read.status_code == 200 and read.json()["id"] == pledge.pk
    assert time.monotonic() - started < 10  # no request waited on Redis for long

    # The fold could not be queued; the minute sweep applies the report all the same.
    pending = ProgressEvent.objects.filter(outcome=EventOutcome.PENDING)
    assert pending.count() == 4
    fold_all_pending(older_than=datetime.timedelta(0))
    assert not pending.exists()
    # Each Redis service logged its outage once, however many requests met it.
    messages = [r.getMessage() for r in caplog.records]
    for service in (
        "Redis task broker",
        f"Redis cache {on_redis.url(0)}",
        f"Redis cache {on_redis.url(1)}",
    ):
        assert sum(m.startswith(service + " is unreachable") for m in messages) == 1, messages
    assert not [m for m in messages if "on_commit" in m]

    on_redis.start()
    time.sleep(0.35)  # the breaker tries Redis again after circuit_breaker_seconds
    assert client.get(HOME)["X-Page-Cache"] == "miss"
    assert client.get(HOME)["X-Page-Cache"] == "hit"
    forget_queued_folds()
    with django_capture_on_commit_callbacks(execute=True):
        assert report(api, section, 60, 75).status_code == 202
    assert queued_tasks(on_redis) == 1  # the broker takes tasks again


def test_production_settings_make_redis_failures_cheap_and_keep_sessions_out_of_it(tmp_path):
    """Production gives every Redis connection a short timeout and keeps sessions (and the
    sign-in lockout) in the database, so a Redis outage signs nobody out."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    import redis

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xianfeng.settings.production",
        "SECRET_KEY": "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "REDIS_URL": "redis://127.0.0.1:6390/0",
    }
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'caches': s.CACHES, 'broker': s.Q_CLUSTER['redis'], "
        "'sessions': s.SESSION_ENGINE, 'axes': getattr(s, 'AXES_HANDLER', '')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    for alias in ("default", "pages"):
        options = found["caches"][alias]["OPTIONS"]
        assert options["socket_connect_timeout"] <= 1 and options["circuit_breaker_seconds"] > 0
    pool = redis.Redis.from_url(found["broker"]).connection_pool
    assert pool.connection_kwargs["socket_connect_timeout"] <= 1
    assert found["sessions"] in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    )
    assert found["axes"] in ("", "axes.handlers.database.AxesDatabaseHandler")


def test_write_rate_limits_fail_open_while_redis_is_down(on_redis, demo_site, settings):
    """The stated degradation: limits count in the cache, so without Redis they let writes
    through (and count again once it is back)."""
    from django.contrib.auth import get_user_model

    from cms.models import PledgeWallPage
    from cms.pledges import services
    from tests.cms.pledges.conftest import make_member as make_pledge_member

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_progress": "1/hour"}
    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    author = make_pledge_member("zhang", "张三")
    editor = get_user_model().objects.create_superuser("editor", password="pw-editor")
    pledge = services.post_pledge(
        wall=wall,
        user=author,
        text="我承诺每月组织一次志愿服务活动。",
        category=wall.category_list[0],
        due_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    api = APIClient()
    api.force_authenticate(author)

    def progress(text):
        return api.post(
            f"/api/pledges/{pledge.pk}/progress/", {"text": text}, format="json"
        ).status_code

    assert progress("第一次活动已完成。") == 201
    assert progress("第二次活动已完成。") == 429  # limited while Redis counts
    on_redis.stop()
    assert progress("第三次活动已完成。") == 201  # fail open
    assert progress("第四次活动已完成。") == 201
    on_redis.start()
    time.sleep(0.35)
    assert progress("第五次活动已完成。") == 201
    assert progress("第六次活动已完成。") == 429  # counting again


def test_a_change_during_an_outage_shows_once_redis_is_back_even_if_its_worker_ended(
    on_redis, demo_site, client, django_capture_on_commit_callbacks
):
    """The worker that skipped a clear remembers it in memory only. If it ends before Redis
    returns, the pages Redis kept would be served stale: every worker that saw the outage
    clears once when Redis answers again."""
    from django.core.cache import caches

    from cms.models import StoryPage
    from cms.page_cache import local_pages

    story = StoryPage.objects.live().first()
    assert client.get(story.url)["X-Page-Cache"] == "miss"
    assert client.get(story.url)["X-Page-Cache"] == "hit"

    on_redis.stop(keep_data=True)  # a network partition: Redis comes back with its pages
    story.title = "停电期间改过的标题"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    # The worker that published (and remembered the clear) has ended: another one, which
    # knows nothing of it, meets the outage.
    for alias in ("default", "pages"):
        caches[alias]._cache._breaker.take_pending()
    local_pages.clear()
    assert client.get(story.url).status_code == 200  # another worker meets the outage

    on_redis.start()
    time.sleep(0.35)  # that worker's breaker tries Redis again
    page = client.get(story.url)
    assert "停电期间改过的标题" in page.content.decode()
