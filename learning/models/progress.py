"""Study progress: what each member really played of each section, and why time was or was
not credited.

Coverage is kept as merged [from, to] segments (seconds on the section's own timeline; for a
reading section the timeline is reading time), never as "the furthest point", so skipping
ahead covers nothing. `StudyClock` is one row per member: requests lock it (select_for_update)
so one member's events are applied one at a time, and it holds the credit horizon that bounds
credited time by the time that really passed (see learning.services.progress).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyClock(models.Model):
    member = models.OneToOneField(
        "cms.Member", on_delete=models.CASCADE, related_name="study_clock", primary_key=True
    )
    # Server time up to which real time has been spent on credit; credit can never run more
    # than the tolerance ahead of the server clock.
    credit_horizon = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    last_section = models.ForeignKey(
        "learning.LectureSection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("study clock")


class SectionProgress(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="section_progress",
        verbose_name=_("member"),
    )
    section = models.ForeignKey(
        "learning.LectureSection",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("section"),
    )
    lecture = models.ForeignKey(
        "learning.LecturePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lecture"),
    )
    segments = models.JSONField(_("covered segments"), default=list)
    covered_seconds = models.FloatField(_("covered seconds"), default=0)
    credited_seconds = models.FloatField(_("credited seconds"), default=0)
    position = models.FloatField(_("resume position"), default=0)
    # Client time of the event that set `position`, so an older event arriving late does not
    # move the resume point backwards.
    position_client_time = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("section progress")
        constraints = [
            models.UniqueConstraint(fields=["member", "section"], name="unique_section_progress")
        ]


class LectureProgress(models.Model):
    member = models.ForeignKey(
        "cms.Member",
        on_delete=models.CASCADE,
        related_name="lecture_progress",
        verbose_name=_("member"),
    )
    lecture = models.ForeignKey(
        "learning.LecturePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lecture"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lecture progress")
        constraints = [
            models.UniqueConstraint(fields=["member", "lecture"], name="unique_lecture_progress")
        ]


class EventOutcome(models.TextChoices):
    CREDITED = "credited", _("Credited")
    PARTLY = "partly", _("Partly credited")
    NOT_CREDITED = "not_credited", _("Not credited")
    # Stored on arrival, applied shortly after (see learning.services.ingest).
    PENDING = "pending", _("Waiting to be applied")
    # Valid on arrival, but its lecture closed or was unpublished before it was applied.
    REJECTED = "rejected", _("Rejected")


class ProgressEvent(models.Model):
    """One progress report, kept under the id the client made for it (idempotency key).

    Stored as PENDING the moment it arrives (one INSERT), then applied in arrival order under
    the member's lock, which fills in the outcome and credited seconds.
    """

    id = models.UUIDField(primary_key=True)
    # Every report inserts a row into each index of this table, so there are only the ones a
    # read needs: (member, received_at) also serves lookups by member alone.
    member = models.ForeignKey(
        "cms.Member", on_delete=models.CASCADE, related_name="progress_events", db_index=False
    )
    section = models.ForeignKey(
        "learning.LectureSection", on_delete=models.CASCADE, related_name="+"
    )
    from_seconds = models.FloatField()
    to_seconds = models.FloatField()
    position = models.FloatField(null=True)  # the resume position the client reported
    visible = models.BooleanField(default=True)
    client_time = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    credited_seconds = models.FloatField(default=0)
    outcome = models.CharField(max_length=20, choices=EventOutcome.choices)
    rejection = models.CharField(max_length=30, blank=True)  # StudyError code, if REJECTED

    class Meta:
        verbose_name = _("progress event")
        indexes = [
            models.Index(fields=["member", "received_at"]),
            # Only the few events still waiting; the fold and the sweep read them by member.
            models.Index(
                fields=["member", "received_at"],
                name="progress_event_pending",
                condition=models.Q(outcome="pending"),
            ),
        ]


class CreditReason(models.TextChoices):
    ALREADY_COVERED = "already_covered", _("This part was already studied")
    TOO_FAST = "too_fast", _("Reported faster than time really passed")
    PARALLEL = "parallel", _("Another section was playing at the same time")
    TAB_HIDDEN = "tab_hidden", _("The page was hidden")


class CreditDecision(models.Model):
    """A decision not to credit (part of) an event's time, shown to the member."""

    event = models.ForeignKey(ProgressEvent, on_delete=models.CASCADE, related_name="decisions")
    member = models.ForeignKey(
        "cms.Member", on_delete=models.CASCADE, related_name="credit_decisions"
    )
    section = models.ForeignKey(
        "learning.LectureSection", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=CreditReason.choices)
    seconds = models.FloatField(_("seconds not credited"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("credit decision")
        ordering = ["-created_at", "-pk"]


class StudyCredit(models.Model):
    """Study time credited to a member, once per source (learning.services.study_time).

    `source` is the caller's idempotency key ("event:<uuid>" for a folded progress event,
    e.g. "session:<id>" for an on-site lecture session): a second credit with the same key
    is ignored, so a retried task or a re-run never counts time twice.
    """

    source = models.CharField(_("source"), max_length=100, unique=True)
    member = models.ForeignKey(
        "cms.Member", on_delete=models.CASCADE, related_name="study_credits", db_index=False
    )
    section = models.ForeignKey(
        "learning.LectureSection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seconds = models.FloatField(_("seconds"))
    credited_at = models.DateTimeField(_("credited at"))

    class Meta:
        verbose_name = _("study credit")
        indexes = [models.Index(fields=["member", "credited_at"])]


class StudyYear(models.Model):
    """A member's study seconds credited in a (local) calendar year: the sum of their
    StudyCredit rows of that year, kept in the same transaction as each credit."""

    member = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("study time per year")
        constraints = [models.UniqueConstraint(fields=["year", "member"], name="unique_study_year")]


class StudyWeek(models.Model):
    """A member's study seconds credited in a (local) week starting on Monday `week`."""

    member = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("study time per week")
        constraints = [models.UniqueConstraint(fields=["week", "member"], name="unique_study_week")]


class LectureTally(models.Model):
    """Members of an organisation (its own, not its subtree's) who started and who completed
    a lecture: LectureProgress rows counted per (lecture, member's organisation).

    Kept exact by PostgreSQL triggers (migration 0018 in learning), whoever writes the rows
    (the fold, the completion service, bulk loads, the admin) and when a member moves to
    another organisation; the branch overview reads it instead of counting progress rows.
    Not kept on SQLite (development and tests there count the rows; see
    learning.branch.counts.progress_counts)."""

    # No constraints and no cascade: only the triggers write here (a lecture deleted takes
    # its progress rows, whose trigger brings its tallies to zero).
    lecture = models.ForeignKey(
        "learning.LecturePage", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    organisation = models.ForeignKey(
        "cms.Organisation", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    started = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("lecture tally")
        constraints = [
            models.UniqueConstraint(fields=["lecture", "organisation"], name="unique_lecture_tally")
        ]
