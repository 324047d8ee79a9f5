"""A real django-q2 worker drains the search outbox that publishing wrote."""

import pytest
from django_q.models import OrmQ

from search.models import SearchEntry, SearchOutbox


@pytest.mark.worker
def test_a_real_worker_indexes_published_pages(wagtail_tree, settings, run_worker):
    from cms.demo import load_demo
    from cms.models import ProfilePage

    settings.TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}
    settings.SEARCH_BACKEND = "database"
    load_demo(log=lambda message: None)  # one transaction: one drain task, after commit
    assert SearchOutbox.objects.count() > 5
    assert OrmQ.objects.count() >= 1
    drains = [
        q
        for q in OrmQ.objects.all()
        if q.task["args"][:1] == ("search.tasks.drain_search_outbox",)
        or q.task["args"][:1] == ["search.tasks.drain_search_outbox"]
    ]
    assert len(drains) == 1
    assert not SearchEntry.objects.exists()
    # The rest of what the demo queued (Wagtail's reference index, some 200 tasks, pledge
    # cards) is not this test's: the worker would take minutes over it before the drain.
    OrmQ.objects.exclude(pk__in=[q.pk for q in drains]).delete()

    log = run_worker(lambda: not SearchOutbox.objects.exists(), timeout=120)
    assert not SearchOutbox.objects.exists(), log
    profile = ProfilePage.objects.get(title="何秀玲")
    entry = SearchEntry.objects.get(page_id=profile.pk)
    assert entry.type == "profile" and " hexiuling " in entry.name_pinyin
