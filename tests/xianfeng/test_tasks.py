"""Wagtail's django_tasks jobs go to django-q2, after commit, and a real worker runs them."""

import io

import pytest
from django.db import transaction
from django_q.models import OrmQ, Success
from PIL import Image as PILImage

from cms.tasks import make_renditions

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


@pytest.mark.worker
def test_a_real_worker_makes_renditions(wagtail_tree, q2_tasks, run_worker):
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600), (20, 120, 60)).save(buffer, "PNG")
    from django.core.files.images import ImageFile

    image = get_image_model()(title="worker test")
    image.file = ImageFile(buffer, name="worker.png")
    image.save()  # queues make_renditions through django_tasks → django-q2
    assert OrmQ.objects.count() >= 1
    assert image.renditions.count() == 0

    log = run_worker(lambda: image.renditions.count() >= 3)
    specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert {"fill-480x320", "fill-160x160", "width-960"} <= specs, log
    assert Success.objects.filter(func="xianfeng.tasks.run_task").exists()
