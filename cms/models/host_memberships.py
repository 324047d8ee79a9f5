"""Host memberships (流动党员): a member's organisation away from home, besides the home one.

A member belongs to exactly one home organisation (Member.organisation). Working or living
elsewhere, they may apply to a host organisation (党员找组织) — typically a mobile party
committee (流动党委) or one of its second-level committees; the host accepts or declines with a
reason, and either side may end the hosting later. While accepted, both organisations see the
member in their reports (双重管理); figures count the member once (cms.host_organisations).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HostStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


# Still open: the member waits for an answer or is hosted.
OPEN_HOST_STATUSES = (HostStatus.APPLIED, HostStatus.ACCEPTED)


class HostMembership(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="host_memberships",
        verbose_name=_("member"),
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="host_memberships",
        verbose_name=_("host organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=HostStatus.choices, default=HostStatus.APPLIED
    )
    workplace = models.CharField(
        _("where they work or live away from home"),
        max_length=200,
        help_text=_("For example 嘉兴市南湖区 某某物流园"),
    )
    message = models.TextField(_("message to the host"), blank=True, max_length=1000)
    reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=1000,
        help_text=_("Why the application was declined or the hosting ended."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    since = models.DateField(_("hosted since"), null=True, blank=True)
    until = models.DateField(_("hosted until"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("host membership")
        verbose_name_plural = _("host memberships")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One host at a time: a second one is another application, after this one ends.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status=HostStatus.ACCEPTED),
                name="one_active_host_per_member",
                violation_error_message=_("This member already has a host organisation."),
            ),
            models.UniqueConstraint(
                fields=["member", "organisation"],
                condition=Q(status__in=OPEN_HOST_STATUSES),
                name="one_open_host_membership_per_organisation",
                violation_error_message=_(
                    "This member has already applied to or is hosted by this organisation."
                ),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="host_org_status")]

    def __str__(self):
        return f"{self.member} → {self.organisation} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_HOST_STATUSES
