"""Exact under concurrency, on PostgreSQL with real threads: 50 redemptions at once never take
a member's balance below zero nor an item's stock; a redemption cancelled ten times at once is
refunded once; a claim verified ten times at once pays once."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cms.models import Member, OrganisationKind
from cms.services import ensure_organisation
from learning.models import PointsEntry, PointsReason
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.models import CatalogueItem, Redemption, RedemptionStatus
from tests.cms.pledges.test_concurrency import run_at_once

pytestmark = [pytest.mark.postgres_only]
THREADS = 50


@pytest.fixture
def branch(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    town = ensure_organisation("并发镇党委", OrganisationKind.COMMITTEE, "测试")
    return ensure_organisation("并发村党支部", OrganisationKind.BRANCH, "测试", town)


def member(name, organisation, points=0):
    user = get_user_model().objects.create_user(name)
    made = Member.objects.create(user=user, name=name, organisation=organisation)
    if points:
        PointsEntry.objects.create(
            member=made,
            ledger="service",
            reason=PointsReason.SERVICE_TASK,
            points=points,
            source_key=f"gift:{name}",
        )
    return made


def attempt(call):
    try:
        call()
        return "ok"
    except ValidationError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_fifty_redemptions_by_one_member_stop_at_the_balance(branch):
    buyer = member("buyer", branch, points=100)
    item = CatalogueItem.objects.create(organisation=branch, name="毛巾", price=4, stock=40)
    results = run_at_once(
        lambda i: attempt(lambda: redeem.redemption_create(member=buyer, item=item)),
        threads=THREADS,
    )
    assert results.count("ok") == 25
    assert results.count("not_enough_points") == 25
    assert redeem.ledger_balance(member=buyer, ledger="service") == 0
    item.refresh_from_db()
    assert item.stock == 15
    assert Redemption.objects.filter(member=buyer).count() == 25


@pytest.mark.django_db(transaction=True)
def test_fifty_members_redeeming_at_once_stop_at_the_stock(branch):
    buyers = [member(f"buyer{i}", branch, points=10) for i in range(THREADS)]
    item = CatalogueItem.objects.create(organisation=branch, name="大米", price=10, stock=20)
    results = run_at_once(
        lambda i: attempt(lambda: redeem.redemption_create(member=buyers[i], item=item)),
        threads=THREADS,
    )
    assert results.count("ok") == 20 and results.count("out_of_stock") == 30
    item.refresh_from_db()
    assert item.stock == 0
    balances = sorted(redeem.ledger_balance(member=b, ledger="service") for b in buyers)
    assert balances == [0] * 20 + [10] * 30


@pytest.mark.django_db(transaction=True)
def test_a_redemption_cancelled_ten_times_at_once_is_refunded_once(branch):
    buyer = member("buyer", branch, points=10)
    item = CatalogueItem.objects.create(organisation=branch, name="油", price=10, stock=1)
    made = redeem.redemption_create(member=buyer, item=item)
    results = run_at_once(
        lambda i: attempt(lambda: redeem.redemption_cancel(redemption=made, reason="取消")),
        threads=10,
    )
    assert results.count("ok") == 1
    assert redeem.ledger_balance(member=buyer, ledger="service") == 10
    item.refresh_from_db()
    assert item.stock == 1
    assert Redemption.objects.get(pk=made.pk).status == RedemptionStatus.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_a_claim_verified_ten_times_at_once_pays_once(branch):
    doer = member("doer", branch)
    task = services.task_create(
        organisation=branch,
        title="巡河",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        points=7,
    )
    claim = services.task_claim(member=doer, task=task)
    services.claim_confirm(claim=claim)
    services.claim_report(claim=claim, evidence="巡了两公里")
    run_at_once(lambda i: services.claim_verify(claim=claim), threads=10)
    paid = PointsEntry.objects.filter(member=doer, reason=PointsReason.SERVICE_TASK)
    assert [entry.points for entry in paid] == [7]


@pytest.mark.django_db(transaction=True)
def test_claims_at_once_fill_the_places_exactly(branch):
    doers = [member(f"doer{i}", branch) for i in range(20)]
    task = services.task_create(
        organisation=branch,
        title="清扫",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        capacity=5,
    )
    results = run_at_once(
        lambda i: attempt(lambda: services.task_claim(member=doers[i], task=task)), threads=20
    )
    assert results.count("ok") == 5 and results.count("full") == 15
