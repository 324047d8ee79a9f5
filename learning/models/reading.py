"""Reading a story for points (learning.daily.reading): how long each member has really read
each story, on a clock of its own that bounds credit by the time that really passed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadingClock(models.Model):
    """One row per member: the server time up to which real time has been spent on reading
    credit. Two stories read in two tabs share it, so they cannot both be credited for the
    same minute (the same idea as StudyClock, kept apart so reading never moves study time)."""

    member = models.OneToOneField(
        "cms.Member", on_delete=models.CASCADE, related_name="reading_clock", primary_key=True
    )
    horizon = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reading clock")


class StoryReading(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="story_readings",
        verbose_name=_("member"),
    )
    story = models.ForeignKey(
        "cms.StoryPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    # What reading the whole story takes at a brisk pace (its length over the reading speed):
    # credit stops there, and reaching it earns the points.
    needed_seconds = models.PositiveIntegerField(_("reading time needed"))
    credited_seconds = models.FloatField(_("credited reading time"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # The last report of this page view; a report after a longer pause opens a new stretch
    # and is credited nothing (the reader may have left the page).
    last_beat_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("story reading")
        verbose_name_plural = _("story readings")
        constraints = [
            models.UniqueConstraint(fields=["member", "story"], name="unique_story_reading")
        ]
        indexes = [models.Index(fields=["member", "completed_at"])]
