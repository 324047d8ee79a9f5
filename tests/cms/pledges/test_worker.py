"""A real django-q2 worker draws the share card queued when a pledge is approved."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django_q.models import OrmQ
from PIL import Image

from cms.models import Pledge, PledgeWallPage
from cms.pledges import services
from tests.cms.pledges.conftest import make_member

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.worker
def test_a_real_worker_draws_the_share_card(wagtail_tree, settings, tmp_path, due):
    from cms.demo import load_demo

    settings.TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}
    load_demo(log=lambda message: None)
    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    member = make_member("han", "韩祝君")
    editor = get_user_model().objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_pledge"))
    editor = get_user_model().objects.get(pk=editor.pk)
    pledge = services.post_pledge(wall=wall, user=member, due_on=due, category="岗位建功",
                                  text="我要发挥先锋模范带头作用，用严谨的态度做好技术研究！")
    services.moderate(pledge=pledge, editor=editor, approve=True)  # queues the card
    assert OrmQ.objects.filter(key__isnull=False).exists()
    assert not Pledge.objects.get(pk=pledge.pk).share_card

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xianfeng.settings.test",
           "XF_WORKER_DB": str(connection.settings_dict["NAME"])}
    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not Pledge.objects.get(pk=pledge.pk).share_card:
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert pledge.share_card, (tmp_path / "worker.log").read_text()[-3000:]
    image = Image.open(io.BytesIO(pledge.share_card.read()))
    assert image.size == (1080, 1440)
