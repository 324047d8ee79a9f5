"""The member's inbox (消息) and the reminders secretaries send (issue 14).

A reminder is logged once per send (who, over which organisation and view, how many
members); each member it reached gets one inbox message, and an email if they have an
address. `cause_key` names what a message is about, so one cause never reaches a member twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    NOTICE = "notice", _("Notice")


class Reminder(models.Model):
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    lecture = models.ForeignKey(
        "learning.LecturePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lecture"),
    )
    # The view it was sent from (the workspace's query: org, lecture, status, sub).
    view = models.JSONField(_("view"), default=dict)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} · {self.created_at:%Y-%m-%d %H:%M}"


class InboxMessage(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="inbox_messages",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    reminder = models.ForeignKey(
        Reminder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    # e.g. "reminder:assignment:12:2026-12-02": the same cause reaches a member once.
    cause_key = models.CharField(_("cause"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "cause_key"], name="inbox_once_per_cause")
        ]
        indexes = [
            models.Index(
                fields=["member"],
                name="inbox_unread",
                condition=models.Q(read_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.title
