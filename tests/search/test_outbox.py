"""Keeping the index true: outbox rows with each change, drained in bulk, nothing lost while
Elasticsearch is down."""

import subprocess
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from search.backends.base import SearchQuery
from search.models import SearchEntry, SearchOutbox
from search.services import backoff, drain_outbox
from tests.search.conftest import titles

DEVNODE = Path(__file__).resolve().parents[2] / "search" / "devnode" / "devnode.sh"


def rename(profile, title):
    revision = profile.get_latest_revision_as_object()
    revision.title = title
    revision.save_revision().publish()


@pytest.mark.django_db
def test_the_outbox_row_commits_or_rolls_back_with_the_content_change(demo_site):
    from cms.models import ProfilePage

    profile = ProfilePage.objects.get(title="何秀玲")
    SearchOutbox.objects.all().delete()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            rename(profile, "改名")
            assert SearchOutbox.objects.filter(page_id=profile.pk, action="index").exists()
            raise RuntimeError("the editor's save failed")
    assert not SearchOutbox.objects.exists()


def test_publishing_drains_after_commit_and_the_entry_follows(wagtail_tree, settings):
    """Real commits (test settings run django_tasks inline once the transaction commits)."""
    from cms.demo import load_demo
    from cms.models import ProfilePage

    settings.SEARCH_BACKEND = "database"
    load_demo(log=lambda message: None)
    profile = ProfilePage.objects.get(title="何秀玲")
    assert SearchEntry.objects.get(page_id=profile.pk).title == "何秀玲"
    rename(profile, "何秀玲书记")
    assert SearchEntry.objects.get(page_id=profile.pk).title == "何秀玲书记"
    assert not SearchOutbox.objects.exists()


@pytest.mark.django_db
def test_moving_a_page_requeues_it_and_what_is_below_it(demo_site):
    from cms.models import StoryIndexPage, StoryPage

    story = StoryPage.objects.live().first()
    index = StoryIndexPage.objects.get()
    sibling = index.get_parent().get_children().exclude(pk=index.pk).first()
    SearchOutbox.objects.all().delete()
    index.move(sibling, pos="last-child")
    assert SearchOutbox.objects.filter(page_id=story.pk, action="index").exists()


def test_backoff_grows_and_is_capped():
    assert backoff(1) < backoff(2) < backoff(3)
    assert backoff(50) == timedelta(seconds=600)


@pytest.mark.django_db
def test_a_failing_backend_keeps_the_rows_for_a_later_retry(demo_site):
    from cms.models import ProfilePage

    class Down:
        def index(self, docs):
            raise ConnectionError("refused")

        delete = index

    profile = ProfilePage.objects.get(title="何秀玲")
    SearchOutbox.objects.all().delete()
    rename(profile, "何秀玲")
    outcome = drain_outbox(Down())
    row = SearchOutbox.objects.get()
    assert outcome["failed"] == 1 and outcome["done"] == 0
    assert row.attempts == 1 and "refused" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert drain_outbox(Down())["failed"] == 0  # not due yet: no hammering


def devnode(*args):
    result = subprocess.run(
        ["bash", str(DEVNODE), *map(str, args)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_no_update_is_lost_while_elasticsearch_is_down(
    demo_site, elasticsearch_url, tmp_path, django_capture_on_commit_callbacks
):
    """A second dev node (own port and data) is stopped mid-way and started again."""
    from cms.models import BrandPage, ProfilePage
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.services import rebuild_index

    port, data = 9402, tmp_path / "node2"
    devnode("start", port, data)
    try:
        backend = ElasticsearchBackend(
            url=f"http://127.0.0.1:{port}", alias=f"xf-outbox-{uuid.uuid4().hex[:8]}"
        )
        rebuild_index(backend)
        backend.refresh()
        assert titles(backend.search(SearchQuery(q="红色一刻钟")))[0] == "红色一刻钟"
        SearchOutbox.objects.all().delete()

        devnode("stop", data)
        assert not backend.ping()
        profile = ProfilePage.objects.get(title="何秀玲")
        with django_capture_on_commit_callbacks(execute=False):
            rename(profile, "何秀玲同志")
            BrandPage.objects.get(title="红色一刻钟").unpublish()
        outcome = drain_outbox(backend)
        assert outcome["failed"] == 2 and outcome["pending"] == 2
        assert all(r.attempts == 1 for r in SearchOutbox.objects.all())

        devnode("start", port, data)  # the data folder survives: the old index is back
        outcome = drain_outbox(backend, ignore_schedule=True)
        assert outcome == {"done": 2, "failed": 0, "pending": 0}
        backend.refresh()
        assert titles(backend.search(SearchQuery(q="何秀玲")))[0] == "何秀玲同志"
        assert "红色一刻钟" not in titles(backend.search(SearchQuery(q="红色一刻钟")))
    finally:
        subprocess.run(["bash", str(DEVNODE), "stop", str(data)], capture_output=True, timeout=120)


def test_search_receivers_leave_fast_delete_on():
    """A post_delete receiver without a sender makes Django load every row of every model
    it deletes (to send the signal); search's name their senders."""
    from django.db.models.signals import post_delete

    from search import signals

    unsent = [
        receiver()
        for (_key, sender_key), receiver, *_ in post_delete.receivers
        if sender_key == id(None)
    ]  # sender_key is id(None) for "any sender"
    assert not [r for r in unsent if getattr(r, "__module__", "") == signals.__name__]


@pytest.mark.django_db
def test_draining_deletes_outbox_rows_in_one_query(django_assert_num_queries):
    """Fast delete: one DELETE for many rows, none loaded first."""
    from django.db.models.deletion import Collector

    SearchOutbox.objects.bulk_create(
        [SearchOutbox(page_id=n, action="index") for n in range(1, 301)]
    )
    SearchEntry.objects.bulk_create(
        [SearchEntry(page_id=n, type="story", title=str(n)) for n in range(1, 301)]
    )
    assert Collector(using="default").can_fast_delete(SearchOutbox.objects.all())
    assert Collector(using="default").can_fast_delete(SearchEntry.objects.all())
    with django_assert_num_queries(1):
        SearchOutbox.objects.filter(page_id__lte=300).delete()
    with django_assert_num_queries(1):
        SearchEntry.objects.all().delete()


@pytest.mark.django_db
def test_the_minute_schedule_drains_through_the_one_drain_function():
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="xfsearch: drain search outbox")
    assert import_string(schedule.func) is drain_outbox
    SearchOutbox.objects.create(page_id=987654)  # no such page: drained as a delete
    assert import_string(schedule.func)() == {"done": 1, "failed": 0, "pending": 0}
