"""The member's inbox (消息) and the reminders secretaries send (issue 14).

A reminder is logged once per send (who, over which organisation and view, how many
members); each member it reached gets one inbox message, and an email if they have an
address. `cause_key` names what a message is about, so one cause never reaches a member twice.

Scheduled reminders (learning.branch.schedule) add a kind per cause. A member may mute each of
those kinds (ReminderMute) unless their organisation's policy makes it mandatory
(ReminderPolicy: the nearest policy on the way up the tree decides); a secretary's manual
reminder is always delivered.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    NOTICE = "notice", _("Notice")
    DUE_SOON = "due_soon", _("Lecture due soon")
    OVERDUE = "overdue", _("Lecture overdue")
    QUOTA_BEHIND = "quota_behind", _("Study hours behind the quota")
    PLEDGE_OVERDUE = "pledge_overdue", _("Pledge past its due date")
    PLEDGE_MODERATED = "pledge_moderated", _("Pledge review result")
    # Sent by the organisation's other domains through learning.inbox.inbox_send.
    MEETING = "meeting", _("Meeting")
    SERVICE_TASK = "service_task", _("Service task")
    REDEMPTION = "redemption", _("Points redemption")
    RESIDENT = "resident", _("Message from a resident")
    SELECTION = "selection", _("Exemplar selection")
    REVIEW = "review", _("Review")
    HOST_ORGANISATION = "host_organisation", _("Host organisation")


# The kinds a member may mute (unless their organisation makes them mandatory): those the
# schedule and the pledge review send. A secretary's own reminder always arrives.
MUTABLE_KINDS = (
    MessageKind.DUE_SOON,
    MessageKind.OVERDUE,
    MessageKind.QUOTA_BEHIND,
    MessageKind.PLEDGE_OVERDUE,
    MessageKind.PLEDGE_MODERATED,
)

# The kinds also sent by email (learning.branch.tasks.inbox_email); a secretary's reminder is
# emailed by its own task.
EMAILED_KINDS = (
    *MUTABLE_KINDS,
    MessageKind.MEETING,
    MessageKind.SERVICE_TASK,
    MessageKind.REDEMPTION,
    MessageKind.RESIDENT,
    MessageKind.SELECTION,
    MessageKind.REVIEW,
    MessageKind.HOST_ORGANISATION,
)


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


class ReminderMute(models.Model):
    """A member does not want messages of this kind (ignored where it is mandatory)."""

    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="reminder_mutes",
        verbose_name=_("member"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[(kind.value, kind.label) for kind in MUTABLE_KINDS],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("muted reminder kind")
        verbose_name_plural = _("muted reminder kinds")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="reminder_mute_once")
        ]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()}"


class ReminderPolicy(models.Model):
    """The reminder kinds an organisation makes mandatory for its whole subtree; a policy on
    a node below overrides it for that node's subtree."""

    organisation = models.OneToOneField(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="reminder_policy",
        verbose_name=_("organisation"),
    )
    mandatory_kinds = models.JSONField(
        _("mandatory kinds"),
        default=list,
        blank=True,
        help_text=_("Members of this organisation and those under it cannot mute these kinds"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        from django.core.exceptions import ValidationError

        kinds = self.mandatory_kinds
        if not isinstance(kinds, list) or not set(kinds) <= set(MUTABLE_KINDS):
            raise ValidationError({"mandatory_kinds": _("Choose kinds from the list.")})
        self.mandatory_kinds = [kind for kind in MUTABLE_KINDS if kind in kinds]
