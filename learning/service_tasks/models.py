"""活力先锋's two lists and 积分兑换.

共性清单: an organisation's code of conduct, published as numbered versions; each member of
its subtree acknowledges the current version once. 个性清单: tasks members of the subtree
claim; a verified claim pays service-task points once. Redemption: an organisation's
catalogue, paid for with a debit entry in the points ledger (refunded by a reversing entry).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from learning.models import Ledger


class CodeOfConduct(models.Model):
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="codes_of_conduct",
        verbose_name=_("organisation"),
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("One rule a line"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["organisation__path", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="service_code_version_once"
            )
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        # A new row is the organisation's next version (services.code_publish numbers it under
        # a lock; the admin's add form comes here).
        if self.pk is None and not self.version:
            last = CodeOfConduct.objects.filter(organisation_id=self.organisation_id).aggregate(
                v=models.Max("version")
            )["v"]
            self.version = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def rules(self):
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class CodeAcknowledgement(models.Model):
    code = models.ForeignKey(
        CodeOfConduct, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    member = models.ForeignKey(
        "cms.Member", on_delete=models.CASCADE, related_name="code_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["code", "member"], name="service_ack_once")]


class ServiceTask(models.Model):
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="service_tasks",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    skills = models.CharField(_("skills wanted"), max_length=200, blank=True)
    places = models.CharField(_("places"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=1, validators=[MinValueValidator(1)]
    )
    due_on = models.DateField(_("due date"))
    points = models.PositiveSmallIntegerField(
        _("points"), default=5, validators=[MinValueValidator(1)]
    )
    is_open = models.BooleanField(_("open for claims"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service task")
        verbose_name_plural = _("service tasks")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    REPORTED = "reported", _("Reported done")
    VERIFIED = "verified", _("Verified")


# Claims that hold one of the task's places.
HOLDING = (ClaimStatus.PENDING, ClaimStatus.CONFIRMED, ClaimStatus.REPORTED, ClaimStatus.VERIFIED)


class TaskClaim(models.Model):
    task = models.ForeignKey(ServiceTask, on_delete=models.CASCADE, related_name="claims")
    member = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="task_claims")
    status = models.CharField(
        _("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The secretary's reason for a decline, or for sending a report back.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    points_entry = models.OneToOneField(
        "learning.PointsEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("task claim")
        verbose_name_plural = _("task claims")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "member"], name="service_claim_once")
        ]

    def __str__(self):
        return f"{self.task} · {self.member}"


def evidence_path(instance, filename):
    # Never the member's own file name: it may carry personal data or odd characters.
    return f"service_evidence/{instance.claim_id}/{instance.token}.{instance.extension}"


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(TaskClaim, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=32)
    extension = models.CharField(max_length=5)
    image = models.FileField(upload_to=evidence_path, max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class CatalogueItem(models.Model):
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="catalogue_items",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    price = models.PositiveIntegerField(_("price in points"), validators=[MinValueValidator(1)])
    ledger = models.CharField(
        _("paid from"), max_length=10, choices=Ledger.choices, default=Ledger.SERVICE
    )
    stock = models.PositiveIntegerField(_("stock"), default=0)
    is_active = models.BooleanField(_("on offer"), default=True)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["price", "pk"]

    def __str__(self):
        return self.name


class RedemptionStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting to be handed over")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class Redemption(models.Model):
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="redemptions")
    member = models.ForeignKey("cms.Member", on_delete=models.PROTECT, related_name="redemptions")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RedemptionStatus.choices,
        default=RedemptionStatus.REQUESTED,
    )
    points = models.PositiveIntegerField(_("points"))
    debit = models.OneToOneField(
        "learning.PointsEntry", on_delete=models.PROTECT, related_name="+", null=True
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("redeemed at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.item} · {self.member}"
