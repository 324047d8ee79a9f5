"""1+10 (联系群众): the residents or households each member serves, the contacts they log, the
contact card residents scan, the logged exports with phones; and rotating honours (流动挂牌).

A resident's phone is private: it is read in one place only, learning.residents.selectors
(resident_rows), which masks it by viewer. Nothing else renders `Resident.phone`."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResidentKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    HOUSEHOLD = "household", _("Household")


class Resident(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="residents",
        verbose_name=_("member who serves them"),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=ResidentKind.choices, default=ResidentKind.RESIDENT
    )
    name = models.CharField(_("name"), max_length=60)
    place = models.CharField(_("grid or building"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["member", "name", "pk"]

    def __str__(self):
        return self.name


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Phone call")
    SOLVED = "solved", _("Problem solved")


class Contact(models.Model):
    """One contact a member logged with a resident they serve (a visit, a call, 办实事)."""

    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="resident_contacts",
        verbose_name=_("member"),
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("resident")
    )
    kind = models.CharField(_("type"), max_length=20, choices=ContactKind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["member", "on"], name="residents_contact_member_on")]

    def __str__(self):
        return f"{self.resident} · {self.get_kind_display()} · {self.on}"


def new_card_token() -> str:
    return secrets.token_urlsafe(16)


class ContactCard(models.Model):
    """The token printed (as a QR code) on a member's contact card: random, so the card
    reveals nothing about the member; a new token retires the printed cards."""

    member = models.OneToOneField(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="contact_card",
        verbose_name=_("member"),
    )
    token = models.CharField(_("token"), max_length=40, unique=True, default=new_card_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")

    def __str__(self):
        return str(self.member)


class PhoneExport(models.Model):
    """An export that carried residents' phones: who asked, when, for which subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    rows = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("export with phones")
        verbose_name_plural = _("exports with phones")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.created_at:%Y-%m-%d %H:%M}"


class HonourPlaque(models.Model):
    """A rotating honour (流动挂牌) such as 党员示范户: one holder at a time."""

    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.PROTECT,
        related_name="honour_plaques",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("honour"), max_length=80)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rotating honour")
        verbose_name_plural = _("rotating honours")
        ordering = ["organisation__path", "title"]

    def __str__(self):
        return self.title


class HonourTenure(models.Model):
    """One holder's time with a plaque. The holder's name is kept as it was (the history is
    public and must not change when a member record does); the open tenure has no end."""

    plaque = models.ForeignKey(
        HonourPlaque, on_delete=models.CASCADE, related_name="tenures", verbose_name=_("honour")
    )
    holder_member = models.ForeignKey(
        "cms.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    holder_name = models.CharField(_("holder"), max_length=80)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=500)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed on by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("holder of a rotating honour")
        verbose_name_plural = _("holders of rotating honours")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plaque"],
                condition=models.Q(ended_on__isnull=True),
                name="residents_one_current_holder",
            )
        ]

    def __str__(self):
        return f"{self.plaque} · {self.holder_name}"
