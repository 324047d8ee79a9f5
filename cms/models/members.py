"""Members (党员): a user who belongs to one node of the organisation tree, with a role.

Members live with the organisation tree in cms (every app above it may use them); the table
keeps its first name, learning_member, from when they lived in learning."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xianfeng.text import strip_invisible


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Party member")
    SECRETARY = "secretary", _("Branch secretary")
    COMMITTEE = "committee", _("Committee member")


# Official yearly study hours (学时) each role must complete (PRODUCT.md, capability 6).
YEARLY_QUOTA_HOURS = {
    MemberRole.MEMBER: 32,
    MemberRole.SECRETARY: 56,
    MemberRole.COMMITTEE: 56,
}


class Member(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member",
        verbose_name=_("user"),
    )
    name = models.CharField(_("real name"), max_length=60)
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    joined_party_on = models.DateField(_("joined the party on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "learning_member"
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organisation__path", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Names are shown on pledges, cards and reports: never with bidi overrides or
        # zero-width characters, whoever typed them (the admin form, an import, a script).
        self.name = strip_invisible(self.name or "").strip()
        super().save(*args, **kwargs)

    @property
    def yearly_quota_hours(self):
        return YEARLY_QUOTA_HOURS[MemberRole(self.role)]

    @property
    def is_secretary(self):
        return self.role in (MemberRole.SECRETARY, MemberRole.COMMITTEE)
