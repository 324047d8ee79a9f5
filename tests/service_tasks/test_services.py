"""The two lists and redemption through their services: acknowledging once per version,
claims within capacity, one payment per verified task, debits, refunds and stock."""

import pytest
from django.core.exceptions import ValidationError

from learning.models import InboxMessage, MessageKind, PointsEntry, PointsReason
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.models import (
    ClaimStatus,
    CodeAcknowledgement,
    RedemptionStatus,
    TaskClaim,
)
from learning.service_tasks.selectors import (
    branch_figures,
    branch_service,
    member_overview,
)
from tests.service_tasks.conftest import give_points, png, reported_claim

pytestmark = pytest.mark.django_db


def test_a_code_is_acknowledged_once_per_version_and_the_secretary_sees_who_has_not(lists):
    t = lists.t
    services.code_acknowledge(member=t.e1, code=lists.code)
    services.code_acknowledge(member=t.e1, code=lists.code)
    assert CodeAcknowledgement.objects.filter(member=t.e1).count() == 1

    east = branch_service(organisation=t.east)["codes"][0]
    names = {m.name for m in east["missing"]}
    assert "东一" not in names and {"东二", "东三", "东书记"} <= names
    assert east["missing_count"] == len(names)
    assert "西一" not in names  # another branch's members are not in 东村's list

    # A new version asks everyone again.
    newer = services.code_publish(organisation=t.town, title="十为十不为", body="为民办实事")
    assert newer.version == 2
    assert [row["acknowledged"] for row in member_overview(member=t.e1)["codes"]] == [False]
    with pytest.raises(ValidationError) as refused:
        services.code_acknowledge(member=t.e2, code=lists.code)
    assert refused.value.code == "stale"


def test_capacity_holds_and_a_declined_member_may_try_again(lists):
    t = lists.t
    claim = services.task_claim(member=t.e1, task=lists.east_task)
    with pytest.raises(ValidationError) as full:
        services.task_claim(member=t.e3, task=lists.east_task)
    assert full.value.code == "full"
    with pytest.raises(ValidationError) as twice:
        services.task_claim(member=t.e1, task=lists.east_task)
    assert twice.value.code == "claimed"
    with pytest.raises(ValidationError):
        services.claim_decline(claim=claim, reason="  ")
    services.claim_decline(claim=claim, reason="人手已够")
    assert InboxMessage.objects.filter(member=t.e1, kind=MessageKind.SERVICE_TASK).exists()
    again = services.task_claim(member=t.e3, task=lists.east_task)
    assert again.status == ClaimStatus.PENDING


def test_a_member_of_another_branch_cannot_claim(lists):
    with pytest.raises(ValidationError) as refused:
        services.task_claim(member=lists.t.w1, task=lists.east_task)
    assert refused.value.code == "not_yours"


def test_verification_pays_the_task_points_once(lists):
    t = lists.t
    claim = reported_claim(lists.town_task, t.e1)
    assert claim.photos.count() == 1
    services.claim_verify(claim=claim)
    services.claim_verify(claim=claim)  # a second click, a retry
    entries = PointsEntry.objects.filter(member=t.e1, reason=PointsReason.SERVICE_TASK)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.points, entry.ledger) == (8, "service")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED and claim.points_entry == entry
    assert branch_figures(organisation=t.east)["points_paid"] == 8
    assert branch_figures(organisation=t.west)["points_paid"] == 0


def test_a_report_sent_back_is_reported_again(lists):
    claim = reported_claim(lists.town_task, lists.t.e2)
    services.claim_send_back(claim=claim, reason="照片看不清")
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == (ClaimStatus.CONFIRMED, "照片看不清")
    with pytest.raises(ValidationError):  # not reported: nothing to verify
        services.claim_verify(claim=claim)
    services.claim_report(claim=claim, evidence="补了照片", photos=[png()])
    assert TaskClaim.objects.get(pk=claim.pk).photos.count() == 2


@pytest.mark.parametrize(
    "upload, code",
    [
        ("not a picture", "photo_invalid"),
        ("gif", "photo_type"),
        ("big", "photo_too_large"),
    ],
)
def test_bad_photos_are_refused_in_chinese(lists, upload, code):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    if upload == "gif":
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8)).save(buffer, "GIF")
        data = buffer.getvalue()
    elif upload == "big":
        data = b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1)
    else:
        data = b"\x89PNG\r\n\x1a\n" + b"junk" * 10
    claim = services.task_claim(member=lists.t.e1, task=lists.town_task)
    services.claim_confirm(claim=claim)
    with pytest.raises(ValidationError) as refused:
        services.claim_report(
            claim=claim, evidence="做完了", photos=[SimpleUploadedFile("x.png", data)]
        )
    assert refused.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.messages[0])
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONFIRMED and not claim.photos.exists()


def test_redeem_debits_and_cancel_refunds_once_and_restores_stock(lists):
    t = lists.t
    give_points(t.e1, 20)  # 东一 has 5 service points already: 25
    assert redeem.ledger_balance(member=t.e1, ledger="service") == 25
    made = redeem.redemption_create(member=t.e1, item=lists.item)
    lists.item.refresh_from_db()
    assert lists.item.stock == 4
    assert made.debit.points == -10 and made.debit.reason == PointsReason.REDEMPTION
    assert redeem.ledger_balance(member=t.e1, ledger="service") == 15

    redeem.redemption_cancel(redemption=made, reason="暂缺货", by=t.east_secretary.user)
    with pytest.raises(ValidationError):
        redeem.redemption_cancel(redemption=made, reason="again")
    with pytest.raises(ValidationError):
        redeem.redemption_hand_over(redemption=made)
    lists.item.refresh_from_db()
    assert lists.item.stock == 5
    assert redeem.ledger_balance(member=t.e1, ledger="service") == 25
    refund = PointsEntry.objects.get(reverses=made.debit)
    assert refund.points == 10
    made.refresh_from_db()
    assert made.status == RedemptionStatus.CANCELLED


def test_redeem_refuses_too_few_points_and_no_stock(lists):
    t = lists.t
    give_points(t.e2, 9)
    with pytest.raises(ValidationError) as poor:
        redeem.redemption_create(member=t.e2, item=lists.item)
    assert poor.value.code == "not_enough_points"
    give_points(t.e2, 1, ledger="base")  # the other ledger does not pay for it
    with pytest.raises(ValidationError):
        redeem.redemption_create(member=t.e2, item=lists.item)
    lists.item.stock = 0
    lists.item.save()
    give_points(t.e2, 100)
    with pytest.raises(ValidationError) as empty:
        redeem.redemption_create(member=t.e2, item=lists.item)
    assert empty.value.code == "out_of_stock"
    with pytest.raises(ValidationError) as elsewhere:
        redeem.redemption_create(member=t.e2, item=lists.west_item)
    assert elsewhere.value.code == "not_yours"


def test_hand_over_tells_the_member(lists):
    t = lists.t
    give_points(t.e1, 10)
    made = redeem.redemption_create(member=t.e1, item=lists.item)
    redeem.redemption_hand_over(redemption=made)
    made.refresh_from_db()
    assert made.status == RedemptionStatus.HANDED_OVER
    assert InboxMessage.objects.filter(member=t.e1, kind=MessageKind.REDEMPTION).count() == 1
    figures = branch_figures(organisation=t.town)
    assert (figures["redemptions_handed_over"], figures["redemption_points"]) == (1, 10)
