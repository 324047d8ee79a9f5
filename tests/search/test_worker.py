"""A real django-q2 worker drains the search outbox that publishing wrote."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_q.models import OrmQ

from search.models import SearchEntry, SearchOutbox

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.worker
def test_a_real_worker_indexes_published_pages(wagtail_tree, settings, tmp_path):
    from cms.demo import load_demo
    from cms.models import ProfilePage

    settings.TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}
    settings.XF_SEARCH_BACKEND = "database"
    load_demo(log=lambda message: None)  # one transaction: one drain task, after commit
    assert SearchOutbox.objects.count() > 5
    assert OrmQ.objects.count() >= 1
    drains = [q for q in OrmQ.objects.all()
              if q.task["args"][:1] == ("search.tasks.drain_search_outbox",)
              or q.task["args"][:1] == ["search.tasks.drain_search_outbox"]]
    assert len(drains) == 1
    assert not SearchEntry.objects.exists()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xianfeng.settings.test",
           "XF_WORKER_DB": str(connection.settings_dict["NAME"])}
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and SearchOutbox.objects.exists():
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    assert not SearchOutbox.objects.exists(), (tmp_path / "worker.log").read_text()[-3000:]
    profile = ProfilePage.objects.get(title="何秀玲")
    entry = SearchEntry.objects.get(page_id=profile.pk)
    assert entry.type == "profile" and " hexiuling " in entry.name_pinyin
