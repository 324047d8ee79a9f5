"""Organisation life: meetings (三会一课, 主题党日), check-in and attendance, lecture sessions on
site and online (线下+线上).

A meeting belongs to one organisation node. Its expected members are its Attendance rows
(made when it is scheduled, or when a member signs up for a lecture session); a CheckIn is the
one record that a member was there (unique per meeting and member, so a code scanned twice, or
by two phones at once, counts once). Closing the meeting writes each Attendance's final status;
a closed meeting is read-only.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

# Check-in opens this long before the start and closes when the meeting ends.
CHECK_IN_EARLY = datetime.timedelta(minutes=30)
# Checked in later than this after the start: late (迟到).
LATE_AFTER = datetime.timedelta(minutes=10)
# Online attendance counts as present when the member was in the session this share of it.
ONLINE_PRESENT_SHARE = 0.5


class MeetingKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("Branch general assembly")
    COMMITTEE = "committee", _("Branch committee meeting")
    GROUP = "group", _("Party group meeting")
    LECTURE = "lecture", _("Party lecture")
    THEME_DAY = "theme_day", _("Themed party day")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # A session of a lecture (线下+线上): members sign up themselves, up to the capacity, and
    # attending credits study time for the lecture.
    lecture = models.ForeignKey(
        "learning.LecturePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("lecture"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes = RichTextField(_("meeting minutes"), blank=True)
    resolutions = models.TextField(_("resolutions"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.topic}"

    @property
    def is_closed(self):
        return self.status == MeetingStatus.CLOSED

    @property
    def is_session(self):
        return self.lecture_id is not None

    @property
    def length_seconds(self):
        return (self.ends_at - self.starts_at).total_seconds()

    def is_open_for_check_in(self, now=None):
        now = now or timezone.now()
        return not self.is_closed and self.starts_at - CHECK_IN_EARLY <= now <= self.ends_at


class Reply(models.TextChoices):
    NONE = "", _("No reply yet")
    COMING = "coming", _("Coming")
    LEAVE = "leave", _("Asked for leave")


class LeaveStatus(models.TextChoices):
    NONE = "", _("No leave asked")
    REQUESTED = "requested", _("Leave requested")
    APPROVED = "approved", _("Leave approved")
    DECLINED = "declined", _("Leave declined")


class Final(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    LEAVE = "leave", _("On leave")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """One expected member of one meeting: reply, leave and, once closed, the final status."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "cms.Member", on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    signed_up = models.BooleanField(_("signed up"), default=False)
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, blank=True)
    leave_reason = models.CharField(_("reason for leave"), max_length=300, blank=True)
    leave_status = models.CharField(
        _("leave"), max_length=10, choices=LeaveStatus.choices, blank=True
    )
    leave_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Online attendance, from the online session's own record (joined, left).
    online_joined_at = models.DateTimeField(null=True, blank=True)
    online_left_at = models.DateTimeField(null=True, blank=True)
    online_seconds = models.PositiveIntegerField(default=0)
    final = models.CharField(_("attendance"), max_length=10, choices=Final.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]


class CheckInMethod(models.TextChoices):
    QR = "qr", _("Scanned the code")
    MANUAL = "manual", _("Marked by the organiser")
    ONLINE = "online", _("Attended online")


class CheckIn(models.Model):
    """That a member was there: one row per meeting and member, whatever marked it first."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="check_ins")
    member = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("checked in at"))
    method = models.CharField(_("method"), max_length=10, choices=CheckInMethod.choices)
    late = models.BooleanField(_("late"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="check_in_once")]


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="meetings/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["pk"]
