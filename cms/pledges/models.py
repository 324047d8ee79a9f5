"""Pledges (先锋承诺) on a wall, their progress updates, likes, and the sensitive-word list.

The wall itself is a page type (cms.models.pledges.PledgeWallPage); these are the records on it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class PledgeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


# Shown on the wall to everyone.
PUBLIC_STATUSES = (
    PledgeStatus.APPROVED,
    PledgeStatus.IN_PROGRESS,
    PledgeStatus.FULFILLED,
    PledgeStatus.NOT_FULFILLED,
)
# Still open: they count against the wall's per-member limit and can become overdue.
OPEN_STATUSES = (PledgeStatus.SUBMITTED, PledgeStatus.APPROVED, PledgeStatus.IN_PROGRESS)
ACTIVE_STATUSES = (PledgeStatus.APPROVED, PledgeStatus.IN_PROGRESS)


class ShareCardState(models.TextChoices):
    """Where drawing the current version of a pledge's share card stands (cms.pledges.tasks)."""

    NONE = "", _("Not drawn yet")
    DRAWING = "drawing", _("Being drawn")
    RETRYING = "retrying", _("Failed, will be retried")
    FAILED = "failed", _("Failed, given up")


class BranchVerdict(models.TextChoices):
    """评诺: the branch's word on the member's own report (fulfilled or not)."""

    AWAITING = "", _("Awaiting the branch's review")
    CONFIRMED = "confirmed", _("Confirmed by the branch")
    DISPUTED = "disputed", _("Disputed by the branch")


class PledgeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def overdue(self, today=None):
        return self.filter(status__in=ACTIVE_STATUSES, due_on__lt=today or timezone.localdate())


class Pledge(models.Model):
    wall = models.ForeignKey(
        "cms.PledgeWallPage",
        on_delete=models.CASCADE,
        related_name="pledges",
        verbose_name=_("pledge wall"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pledges",
        verbose_name=_("author"),
    )
    # Snapshots: the wall shows who the member was when the pledge was made.
    member_name = models.CharField(_("member"), max_length=60)
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation name"), max_length=120, blank=True)
    text = models.TextField(_("pledge"))
    category = models.CharField(_("category"), max_length=40)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PledgeStatus.choices,
        default=PledgeStatus.SUBMITTED,
        db_index=True,
    )
    flagged = models.BooleanField(_("sensitive words"), default=False, db_index=True)
    flagged_words = models.CharField(_("words found"), max_length=200, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    outcome_note = models.TextField(_("outcome explanation"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    outcome_at = models.DateTimeField(_("outcome reported at"), null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    # 评诺: the branch confirms or disputes the member's report (learning.reviews); points for a
    # fulfilled pledge are paid on confirmation (the pledge_confirmed signal), not on the report.
    branch_verdict = models.CharField(
        _("branch's review"),
        max_length=10,
        blank=True,
        choices=BranchVerdict.choices,
        default=BranchVerdict.AWAITING,
    )
    branch_note = models.TextField(_("branch's note"), blank=True)
    branch_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    branch_reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Residents' ratings of a fulfilled pledge (PledgeRating), counted as they arrive.
    residents_satisfied = models.PositiveIntegerField(_("residents satisfied"), default=0)
    residents_unsatisfied = models.PositiveIntegerField(_("residents not satisfied"), default=0)
    share_card = models.FileField(_("share card"), upload_to="pledges/cards/", blank=True)
    share_card_key = models.CharField(max_length=40, blank=True, editable=False)
    # The drawing of the card version share_card_state_key: a failed drawing is retried with
    # backoff, then given up; a change to what the card shows starts afresh (a new key).
    share_card_state = models.CharField(
        _("share card state"),
        max_length=10,
        blank=True,
        choices=ShareCardState.choices,
        editable=False,
    )
    share_card_state_key = models.CharField(max_length=40, blank=True, editable=False)
    share_card_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    share_card_next_try = models.DateTimeField(null=True, blank=True, editable=False)
    share_card_error = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["wall", "status", "-created_at"], name="pledge_wall_status_created"
            )
        ]

    def __str__(self):
        return f"{self.member_name}: {self.text[:30]}"

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def is_overdue(self):
        return self.is_active and self.due_on < timezone.localdate()

    def get_full_url(self):
        """The pledge's page at the configured site address (xianfeng.links), for the share
        card's QR code and share links, which are built outside any request."""
        from xianfeng.links import absolute_url

        path = self.wall.reverse_subpage("pledge", args=[self.pk])
        return absolute_url((self.wall.get_url() or "/") + path)


class PledgeUpdate(models.Model):
    """A progress update (践诺) the member posts while working on the pledge."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="updates", verbose_name=_("pledge")
    )
    text = models.TextField(_("progress"))
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["happened_on", "pk"]


class PledgeLike(models.Model):
    """One like: by a user, or by an anonymous visitor known by a signed cookie."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    visitor_key = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "user"],
                condition=Q(user__isnull=False),
                name="pledge_like_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["pledge", "visitor_key"],
                condition=~Q(visitor_key=""),
                name="pledge_like_once_per_visitor",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(visitor_key=""), name="pledge_like_has_liker"
            ),
        ]


class CommentStatus(models.TextChoices):
    NONE = "", _("No comment")
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Shown")
    REJECTED = "rejected", _("Hidden")


class PledgeRating(models.Model):
    """A resident's rating of a fulfilled pledge (评诺 by the people served), without an account:
    once per visitor (the signed visitor cookie); a comment is shown only once moderated."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("pledge")
    )
    satisfied = models.BooleanField(_("satisfied"))
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    comment_status = models.CharField(
        _("comment"),
        max_length=10,
        blank=True,
        choices=CommentStatus.choices,
        default=CommentStatus.NONE,
        db_index=True,
    )
    visitor_key = models.CharField(max_length=64, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("resident's rating")
        verbose_name_plural = _("residents' ratings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "visitor_key"], name="pledge_rating_once_per_visitor"
            )
        ]

    def __str__(self):
        return f"{self.pledge_id}: {'+' if self.satisfied else '-'}"


class SensitiveWord(models.Model):
    """A word editors maintain: a pledge containing it waits for review whatever the mode."""

    word = models.CharField(_("word"), max_length=40, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["word"]

    def __str__(self):
        return self.word
