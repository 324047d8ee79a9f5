"""Rotating honours: one holder at a time, handed on with a reason by a secretary of the
subtree, the history public (its own page and the organisation's 赛马 page)."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def plaque(tree):
    from learning.residents.models import HonourPlaque

    return HonourPlaque.objects.create(organisation=tree.east, title="党员示范户")


def test_hand_over_history(client, tree, plaque):
    from learning.residents.models import HonourTenure

    client.force_login(tree.east_secretary.user)
    today = timezone.localdate()
    steps = [
        (
            {
                "holder_member": tree.e1.pk,
                "on": (today - datetime.timedelta(days=60)).isoformat(),
                "reason": "带头致富",
            }
        ),
        (
            {
                "holder_name": "刘家",
                "on": (today - datetime.timedelta(days=30)).isoformat(),
                "reason": "邻里和睦",
            }
        ),
        ({"holder_member": tree.e2.pk, "on": today.isoformat(), "reason": "志愿服务"}),
    ]
    for data in steps:
        response = client.post(f"/honours/{plaque.pk}/hand-over/", data)
        assert response.status_code == 302, response.content.decode()
    history = list(HonourTenure.objects.filter(plaque=plaque).order_by("started_on"))
    assert [t.holder_name for t in history] == ["东一", "刘家", "东二"]
    assert [t.ended_on for t in history] == [history[1].started_on, history[2].started_on, None]
    assert HonourTenure.objects.filter(plaque=plaque, ended_on__isnull=True).count() == 1

    client.logout()
    public = client.get(f"/honours/{plaque.pk}/").content.decode()
    for text in ("东一", "刘家", "东二", "带头致富", "志愿服务"):
        assert text in public
    assert "data-hand-over" not in public
    racing = client.get(f"/racing/{tree.east.pk}/").content.decode()
    assert "党员示范户" in racing and "东二" in racing
    api = client.get(f"/api/residents/honours/{plaque.pk}/").json()
    assert [t["holder_name"] for t in api["history"]] == ["东二", "刘家", "东一"]


def test_hand_over_refusals(client, tree, plaque):
    from learning.residents.models import HonourTenure

    client.force_login(tree.west_secretary.user)
    data = {"holder_name": "刘家", "reason": "x", "on": timezone.localdate().isoformat()}
    assert client.post(f"/honours/{plaque.pk}/hand-over/", data).status_code == 404
    client.force_login(tree.e1.user)
    assert client.post(f"/honours/{plaque.pk}/hand-over/", data).status_code == 404
    client.force_login(tree.east_secretary.user)
    no_reason = client.post(
        f"/honours/{plaque.pk}/hand-over/", {"holder_name": "刘家", "on": data["on"]}
    )
    assert no_reason.status_code == 400 and "必需字段" in no_reason.content.decode()
    nobody = client.post(f"/honours/{plaque.pk}/hand-over/", {"reason": "x", "on": data["on"]})
    assert nobody.status_code == 400
    outsider = client.post(
        f"/honours/{plaque.pk}/hand-over/", {**data, "holder_member": tree.w1.pk}
    )
    assert outsider.status_code == 400
    assert not HonourTenure.objects.filter(plaque=plaque).exists()
    assert client.get("/honours/99999999/").status_code == 404
