"""Wagtail's django_tasks jobs go to django-q2, after commit, and a real worker runs them."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_q.models import OrmQ, Success
from PIL import Image as PILImage

from cms.tasks import make_renditions

REPO = Path(__file__).resolve().parents[2]
Q2_BACKEND = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}


@pytest.fixture
def q2_tasks(settings):
    settings.TASKS = Q2_BACKEND
    return settings


@pytest.mark.django_db(transaction=True)
def test_enqueue_hands_the_task_to_django_q2_after_commit(q2_tasks):
    with transaction.atomic():
        result = make_renditions.enqueue(12345)
        assert OrmQ.objects.count() == 0  # nothing is visible to workers before commit
    assert result.status == "READY"
    assert OrmQ.objects.count() == 1
    queued = OrmQ.objects.get().task
    assert queued["func"] == "xianfeng.tasks.run_task"
    assert queued["args"][0] == "cms.tasks.make_renditions"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_nothing(q2_tasks):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_renditions.enqueue(1)
            raise RuntimeError("editor's save failed")
    assert OrmQ.objects.count() == 0


def test_run_task_calls_the_task_by_path(db):
    from xianfeng.tasks import run_task

    assert run_task("cms.tasks.make_renditions", [987654], {}) == 0  # no such image


def worker_database():
    name = connection.settings_dict["NAME"]
    return str(name)


@pytest.mark.worker
def test_a_real_worker_makes_renditions(wagtail_tree, q2_tasks, tmp_path):
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), (20, 120, 60)).save(buffer, "PNG")
    from django.core.files.images import ImageFile

    image = get_image_model()(title="worker test")
    image.file = ImageFile(buffer, name="worker.png")
    image.save()  # queues make_renditions through django_tasks → django-q2
    assert OrmQ.objects.count() >= 1
    assert image.renditions.count() == 0

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xianfeng.settings.test",
           "XF_WORKER_DB": worker_database()}
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and image.renditions.count() < 3:
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert {"fill-480x320", "fill-160x160", "width-960"} <= specs, (
        (tmp_path / "worker.log").read_text()[-3000:])
    assert Success.objects.filter(func="xianfeng.tasks.run_task").exists()
