"""积分兑换: redeeming a catalogue item with points, handing it over, cancelling it.

Locks are always taken in one order: the member (cms.services.member_lock, the same lock
award_points takes), then the redemption, then the item. Under the member lock the balance read
stays true until the debit is written, so a member's balance in a ledger never goes below
zero however many redemptions run at once; under the item's lock its stock never does.
The ledger is append-only: a redemption writes a debit entry; a cancel writes the reversing
entry (PointsEntry.reverses, one-to-one, so it refunds once).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.services import member_lock
from learning.inbox import inbox_send
from learning.models import MessageKind, PointsEntry, PointsReason
from learning.service_tasks.models import CatalogueItem, Redemption, RedemptionStatus
from learning.service_tasks.services import REASON_MAX, clean_text, in_subtree


def ledger_balance(*, member, ledger) -> int:
    return (
        PointsEntry.objects.filter(member=member, ledger=ledger).aggregate(total=Sum("points"))[
            "total"
        ]
        or 0
    )


def redemption_create(*, member, item: CatalogueItem) -> Redemption:
    if not in_subtree(member, item.organisation):
        raise ValidationError(_("This item is not offered to your organisation."), code="not_yours")
    with transaction.atomic():
        member_lock(member)
        item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
        if not item.is_active:
            raise ValidationError(_("This item is no longer on offer."), code="not_offered")
        if item.stock < 1:
            raise ValidationError(_("This item is out of stock."), code="out_of_stock")
        balance = ledger_balance(member=member, ledger=item.ledger)
        if balance < item.price:
            raise ValidationError(
                _("You have %(balance)s %(ledger)s; this item costs %(price)s.")
                % {"balance": balance, "ledger": item.get_ledger_display(), "price": item.price},
                code="not_enough_points",
            )
        redemption = Redemption.objects.create(item=item, member=member, points=item.price)
        redemption.debit = PointsEntry.objects.create(
            member=member,
            ledger=item.ledger,
            reason=PointsReason.REDEMPTION,
            points=-item.price,
            source_key=f"redemption:{redemption.pk}",
            note=item.name[:200],
        )
        redemption.save(update_fields=["debit"])
        CatalogueItem.objects.filter(pk=item.pk).update(stock=F("stock") - 1)
    return redemption


def _locked(redemption) -> Redemption:
    member_lock(redemption.member)
    redemption = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("item", "debit")
        .get(pk=redemption.pk)
    )
    if redemption.status != RedemptionStatus.REQUESTED:
        raise ValidationError(
            _("This redemption is “%(status)s” already.")
            % {"status": redemption.get_status_display()},
            code="wrong_state",
        )
    return redemption


def _tell(redemption, title, cause):
    inbox_send(
        member_ids=[redemption.member_id],
        kind=MessageKind.REDEMPTION,
        title=title,
        url=reverse("service_tasks:home") + "#redemptions",
        cause_key=f"redemption:{redemption.pk}:{cause}",
    )


def redemption_hand_over(*, redemption: Redemption) -> Redemption:
    with transaction.atomic():
        redemption = _locked(redemption)
        redemption.status, redemption.handled_at = RedemptionStatus.HANDED_OVER, timezone.now()
        redemption.save(update_fields=["status", "handled_at"])
        _tell(redemption, _("“%(item)s” has been handed over") % {"item": redemption.item}, "done")
    return redemption


def redemption_cancel(*, redemption: Redemption, reason: str, by=None) -> Redemption:
    """Cancel a redemption not yet handed over: the points come back by a reversing entry
    and the item back into stock, once."""
    reason = clean_text(reason)[:REASON_MAX] or _("Redemption cancelled")
    with transaction.atomic():
        redemption = _locked(redemption)
        list(
            CatalogueItem.objects.select_for_update()
            .filter(pk=redemption.item_id)
            .values_list("pk", flat=True)
        )
        debit = redemption.debit
        try:
            with transaction.atomic():
                PointsEntry.objects.create(
                    member_id=debit.member_id,
                    ledger=debit.ledger,
                    reason=PointsReason.REVERSAL,
                    points=-debit.points,
                    # The key points_entry_reverse would use: the debit is refunded once,
                    # whichever way it is reversed.
                    source_key=f"reversal:{debit.pk}",
                    note=reason[:200],
                    reverses=debit,
                    created_by=by if by is not None and by.is_authenticated else None,
                )
        except IntegrityError:
            raise ValidationError(
                _("These points have already been refunded."), code="already_refunded"
            ) from None
        CatalogueItem.objects.filter(pk=redemption.item_id).update(stock=F("stock") + 1)
        redemption.status, redemption.reason = RedemptionStatus.CANCELLED, reason
        redemption.handled_at = timezone.now()
        redemption.save(update_fields=["status", "reason", "handled_at"])
        _tell(
            redemption,
            _("“%(item)s” was cancelled and %(points)s points refunded: %(reason)s")
            % {"item": redemption.item, "points": redemption.points, "reason": reason},
            "cancelled",
        )
    return redemption
