"""Organisation administrators (组织管理员): a role a superuser grants a user on one node of the
organisation tree. It lets the user manage members, assignments and pledge moderation in the
admin for that node's whole subtree, and nowhere else (cms.organisation_access)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationAdministrator(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_grants",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="administrators",
        verbose_name=_("organisation"),
        help_text=_("The user manages this organisation and every organisation under it."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation administrator")
        verbose_name_plural = _("organisation administrators")
        ordering = ["organisation__path", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="unique_organisation_administrator",
                violation_error_message=_("This user already administers this organisation."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"
