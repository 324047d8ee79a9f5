"""A real django-q2 worker draws the share card queued when a pledge is approved."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django_q.models import OrmQ
from PIL import Image

from cms.models import Pledge, PledgeWallPage
from cms.pledges import services
from tests.cms.pledges.conftest import make_member


@pytest.mark.worker
def test_a_real_worker_draws_the_share_card(wagtail_tree, settings, run_worker, due):
    from cms.demo import load_demo

    settings.TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}
    load_demo(log=lambda message: None)
    # What the demo queued (some 200 index updates, its own pledges' cards) is not this
    # test's: the worker would take minutes over it before reaching the card queued below.
    OrmQ.objects.all().delete()
    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    member = make_member("han", "韩祝君")
    editor = get_user_model().objects.create_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_pledge"))
    editor = get_user_model().objects.get(pk=editor.pk)
    pledge = services.post_pledge(
        wall=wall,
        user=member,
        due_on=due,
        category="岗位建功",
        text="我要发挥先锋模范带头作用，用严谨的态度做好技术研究！",
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)  # queues the card
    assert OrmQ.objects.filter(key__isnull=False).exists()
    assert not Pledge.objects.get(pk=pledge.pk).share_card

    log = run_worker(lambda: bool(Pledge.objects.get(pk=pledge.pk).share_card))
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert pledge.share_card, log
    image = Image.open(io.BytesIO(pledge.share_card.read()))
    assert image.size == (1080, 1440)
