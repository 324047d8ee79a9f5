"""Writes of the 1+10 roster and the rotating honours. Each refusal is a ValidationError with a
Chinese message (the API turns it into the one error shape, the pages into a form error)."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Member
from learning.inbox import inbox_send
from learning.models import MessageKind
from learning.residents.models import (
    Contact,
    ContactCard,
    HonourPlaque,
    HonourTenure,
    PhoneExport,
    Resident,
)
from xianfeng.text import strip_invisible

# A contact may be logged for today or the past, up to a year back.
CONTACT_MAX_AGE_DAYS = 366


def _clean(text: str) -> str:
    return strip_invisible(text or "").strip()


def resident_create(
    *, member: Member, name: str, place: str = "", phone: str = "", kind: str = "resident"
) -> Resident:
    resident = Resident(
        member=member, name=_clean(name), place=_clean(place), phone=_clean(phone), kind=kind
    )
    resident.full_clean()
    resident.save()
    return resident


def contact_log(
    *, member: Member, resident: Resident, kind: str, on: datetime.date, note: str = ""
) -> Contact:
    """A contact the member had with one of their own residents."""
    if resident.member_id != member.pk:
        raise ValidationError(
            {"resident": [_("You can only log contacts with your own residents.")]}
        )
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if on < today - datetime.timedelta(days=CONTACT_MAX_AGE_DAYS):
        raise ValidationError({"on": [_("The date is more than a year ago.")]})
    contact = Contact(member=member, resident=resident, kind=kind, on=on, note=_clean(note))
    contact.full_clean()
    contact.save()
    return contact


def contact_card_for(*, member: Member) -> ContactCard:
    card, _created = ContactCard.objects.get_or_create(member=member)
    return card


def contact_cards_for(*, members) -> list[ContactCard]:
    """The cards of many members (a secretary printing a branch's), made where missing."""
    members = list(members)
    have = {card.member_id for card in ContactCard.objects.filter(member__in=members)}
    ContactCard.objects.bulk_create(
        [ContactCard(member=member) for member in members if member.pk not in have],
        ignore_conflicts=True,
    )
    cards = ContactCard.objects.filter(member__in=members).select_related("member__organisation")
    return list(cards.order_by("member__organisation__path", "member__name", "member_id"))


def contact_card_renew(*, member: Member) -> ContactCard:
    """A new token: the cards printed before reach nobody any more."""
    card = contact_card_for(member=member)
    card.token = ContactCard._meta.get_field("token").default()
    card.save(update_fields=["token"])
    return card


def resident_message_send(*, card: ContactCard, name: str, reply_to: str, message: str) -> int:
    """A resident's message from the public contact form, to the member's inbox."""
    name, reply_to, message = _clean(name), _clean(reply_to), _clean(message)
    body = message + (
        ("\n\n" + _("Reply to: %(contact)s") % {"contact": reply_to}) if reply_to else ""
    )
    return inbox_send(
        member_ids=[card.member_id],
        kind=MessageKind.RESIDENT,
        title=_("Message from %(name)s") % {"name": name},
        body=body,
        url=reverse("residents:mine"),
        cause_key=f"resident-message:{uuid.uuid4().hex}",
    )


def phone_export_log(*, user, organisation, rows: int) -> PhoneExport:
    return PhoneExport.objects.create(user=user, organisation=organisation, rows=rows)


# --- rotating honours ----------------------------------------------------------------------


def honour_hand_over(
    *,
    plaque: HonourPlaque,
    handed_by,
    reason: str,
    holder_member=None,
    holder_name: str = "",
    on: datetime.date | None = None,
) -> HonourTenure:
    """Close the current holder's tenure and open the next one, with the reason."""
    on = on or timezone.localdate()
    reason, holder_name = _clean(reason), _clean(holder_name)
    errors = {}
    if not reason:
        errors["reason"] = [_("Give a reason for handing the honour on.")]
    if holder_member is not None:
        if not holder_member.organisation.path.startswith(plaque.organisation.path):
            errors["holder_member"] = [_("The holder must belong to this organisation.")]
        holder_name = holder_name or holder_member.name
    elif not holder_name:
        errors["holder_name"] = [_("Choose a member or name a household.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        HonourPlaque.objects.select_for_update().get(pk=plaque.pk)  # one hand-over at a time
        current = HonourTenure.objects.filter(plaque=plaque, ended_on__isnull=True).first()
        if current is not None:
            if on < current.started_on:
                raise ValidationError(
                    {"on": [_("The date is before the current holder received the honour.")]}
                )
            current.ended_on = on
            current.save(update_fields=["ended_on"])
        tenure = HonourTenure(
            plaque=plaque,
            holder_member=holder_member,
            holder_name=holder_name[:80],
            started_on=on,
            reason=reason,
            handed_by=handed_by,
        )
        tenure.full_clean(exclude=["plaque"])
        tenure.save()
    return tenure
