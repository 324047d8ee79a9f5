"""The workspace's test tree (tests/branch/conftest.py) with 活力先锋's lists on it: a code of
conduct and a task from the town, a one-place task from 东村, and a town catalogue item."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.branch.conftest import signed_in, tree  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(name="photo.png", size=(64, 48)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def give_points(member, points, ledger="service", key=None):
    from learning.models import PointsEntry, PointsReason

    return PointsEntry.objects.create(
        member=member,
        ledger=ledger,
        reason=PointsReason.PLEDGE_FULFILLED,  # not a task's: the report counts those
        points=points,
        source_key=key or f"test-gift:{member.pk}:{points}:{timezone.now().timestamp()}",
    )


@pytest.fixture
def lists(tree):  # noqa: F811 - the imported fixture
    from learning.service_tasks import services
    from learning.service_tasks.models import CatalogueItem

    due = timezone.localdate() + datetime.timedelta(days=10)
    s = SimpleNamespace(t=tree)
    s.code = services.code_publish(
        organisation=tree.town, title="十为十不为", body="为民办事\n不推诿扯皮"
    )
    s.town_task = services.task_create(
        organisation=tree.town, title="探访独居老人", due_on=due, capacity=3, points=8
    )
    s.east_task = services.task_create(
        organisation=tree.east, title="东村清扫", due_on=due, capacity=1, points=6
    )
    s.west_task = services.task_create(
        organisation=tree.west, title="西村宣讲", due_on=due, capacity=2, points=5
    )
    s.item = CatalogueItem.objects.create(organisation=tree.town, name="大米", price=10, stock=5)
    s.west_item = CatalogueItem.objects.create(
        organisation=tree.west, name="西村毛巾", price=1, stock=5
    )
    return s


def reported_claim(task, member):
    from learning.service_tasks import services

    claim = services.task_claim(member=member, task=task)
    services.claim_confirm(claim=claim)
    return services.claim_report(claim=claim, evidence="完成了", photos=[png()])
