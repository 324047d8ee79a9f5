"""The branch report and the member's record show the two lists and redemptions; the admin
screens reach an organisation administrator's subtree only; the demo has 活力先锋's lists."""

import re

import pytest
from django.contrib.auth import get_user_model

from cms.organisation_access import organisation_administrator_grant
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from tests.service_tasks.conftest import give_points, reported_claim

pytestmark = pytest.mark.django_db


def test_branch_report_and_member_record_show_the_service_figures(lists, client):
    t = lists.t
    services.code_acknowledge(member=t.e1, code=lists.code)
    services.claim_verify(claim=reported_claim(lists.town_task, t.e1))
    give_points(t.e1, 20)
    redeem.redemption_create(member=t.e1, item=lists.item)

    client.force_login(t.east_secretary.user)
    page = client.get("/branch/").content.decode()
    assert 'data-service-points="8"' in page
    assert "十为十不为（第 1 版）" in page
    assert "1 件待发放" in page
    names = re.search(r"data-not-acknowledged>([^<]*)<", page).group(1).split("、")
    assert "东三" in names and "东一" not in names and "西一" not in names
    assert 'href="/branch/service/?org=' in page
    client.force_login(t.west_secretary.user)
    assert 'data-service-points="0"' in client.get("/branch/").content.decode()

    client.force_login(t.e1.user)
    record = client.get("/me/").content.decode()
    assert "探访独居老人" in record and "服务积分 8 分" in record and "大米" in record
    client.force_login(t.e3.user)  # nothing claimed or redeemed: no section
    assert "data-service-record" not in client.get("/me/").content.decode()


def test_admin_screens_reach_an_administrators_subtree_only(lists, client):
    admin = get_user_model().objects.create_user("west-admin", password="x")
    organisation_administrator_grant(user=admin, organisation=lists.t.west)
    client.force_login(admin)
    tasks = client.get("/admin/service-tasks/").content.decode()
    assert "西村宣讲" in tasks and "东村清扫" not in tasks
    assert client.get(f"/admin/service-tasks/edit/{lists.east_task.pk}/").status_code in (
        403,
        404,
    )
    assert "西村毛巾" in client.get("/admin/service-catalogue/").content.decode()
    superuser = get_user_model().objects.create_superuser("root2", password="x")
    client.force_login(superuser)
    assert client.get("/admin/service-codes/").status_code == 200
    response = client.post(
        "/admin/service-codes/new/",
        {"organisation": lists.t.town.pk, "title": "十为十不为", "body": "新的一条"},
    )
    assert response.status_code == 302
    assert lists.t.town.codes_of_conduct.order_by("-version").first().version == 2


def test_the_demo_has_huoli_xianfengs_two_lists_and_a_catalogue(demo_site):
    from learning.service_tasks.models import (
        CatalogueItem,
        ClaimStatus,
        CodeOfConduct,
        Redemption,
        RedemptionStatus,
        ServiceTask,
    )

    code = CodeOfConduct.objects.get(organisation__name="羊口镇党委")
    assert len(code.rules) == 10 and code.acknowledgements.count() == 3
    tasks = ServiceTask.objects.filter(organisation=code.organisation)
    assert tasks.count() == 5
    statuses = set(tasks.values_list("claims__status", flat=True))
    assert {ClaimStatus.VERIFIED, ClaimStatus.REPORTED, ClaimStatus.PENDING} <= statuses
    assert CatalogueItem.objects.filter(organisation=code.organisation).count() == 3
    assert Redemption.objects.filter(status=RedemptionStatus.HANDED_OVER).exists()
