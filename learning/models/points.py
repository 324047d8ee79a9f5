"""Points (积分): an append-only ledger in the two books of 双积分, with rules per reason."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ledger(models.TextChoices):
    BASE = "base", _("Base duty points")
    SERVICE = "service", _("Service task points")


class PointsReason(models.TextChoices):
    LECTURE_COMPLETED = "lecture_completed", _("Lecture completed")
    QUIZ_PASSED = "quiz_passed", _("Quiz passed")
    PLEDGE_FULFILLED = "pledge_fulfilled", _("Pledge fulfilled")
    SERVICE_TASK = "service_task", _("Service task")
    MEETING_ATTENDED = "meeting_attended", _("Meeting attended")
    # A story read for real (learning.daily.reading): once per story and member.
    STORY_READ = "story_read", _("Story read")
    # A purchase from an organisation's catalogue (积分兑换): a debit, never below zero.
    REDEMPTION = "redemption", _("Redemption")
    # A correction: cancels one earlier entry (PointsEntry.reverses) with its reason.
    REVERSAL = "reversal", _("Correction")


class PointsRule(models.Model):
    # A correction pays nothing of its own (it mirrors the entry it reverses), and a
    # redemption costs the catalogue item's price: neither has a rule.
    reason = models.CharField(
        _("reason"),
        max_length=30,
        unique=True,
        choices=[
            choice
            for choice in PointsReason.choices
            if choice[0] not in (PointsReason.REVERSAL, PointsReason.REDEMPTION)
        ],
    )
    ledger = models.CharField(
        _("ledger"), max_length=10, choices=Ledger.choices, default=Ledger.BASE
    )
    points = models.PositiveSmallIntegerField(
        _("points"),
        default=5,
        help_text=_("Points per entry, unless the source (e.g. a lecture) sets its own"),
    )
    daily_cap = models.PositiveSmallIntegerField(
        _("daily cap"),
        null=True,
        blank=True,
        help_text=_("Most points a member can earn for this reason in one day; empty for no cap"),
    )
    yearly_cap = models.PositiveIntegerField(
        _("yearly cap"),
        null=True,
        blank=True,
        help_text=_("Most points a member can earn for this reason in one year; empty for no cap"),
    )

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["reason"]

    def __str__(self):
        return self.get_reason_display()


class PointsEntry(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.PROTECT,
        related_name="points_entries",
        verbose_name=_("member"),
    )
    ledger = models.CharField(_("ledger"), max_length=10, choices=Ledger.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=PointsReason.choices)
    points = models.IntegerField(_("points"))
    # What earned the points, e.g. "lecture:12:member:3"; unique so nothing pays twice.
    source_key = models.CharField(_("source"), max_length=120, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    # Set on a correction only: the entry it cancels (one-to-one, so nothing is reversed
    # twice) and the administrator who made it; its reason is the note.
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # An administrator's account may be deleted later; the correction and its reason stay.
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-pk"]
        # Superusers have it implicitly; give it to a group for other administrators.
        permissions = [("reverse_pointsentry", _("Can reverse points entries"))]

    def __str__(self):
        return _("%(member)s · %(reason)s · %(points)+d (%(date)s)") % {
            "member": self.member.name if self.member_id else "?",
            "reason": self.get_reason_display(),
            "points": self.points,
            "date": self.created_at.date().isoformat() if self.created_at else "—",
        }

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Points entries cannot be changed once written."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Points entries cannot be deleted."))
