"""民主评议党员: a branch's yearly review of its members, with anonymous peer ratings.

Anonymity is built into the tables, not promised by the views:

- RatingMark (review, rater, ratee) records THAT a member rated a colleague (so each rates each
  colleague once: a unique constraint), with no grade and no time.
- PeerTally (review, ratee, grade, count) holds the peer grades as counters, one row per
  participant and grade made when the review opens; there is no row per rating, so no id,
  insertion order or timestamp of a rating exists to be matched with a mark.
- A rating increments its counter by ONE statement that rewrites every tally row of the review
  (+1 on one, +0 on the others): in PostgreSQL all of them get the same new row version (xmin)
  and are rewritten in the same order whatever the grade, so neither physical order nor row
  versions point at the counter that changed. Primary keys are random UUIDs, so no sequence orders anything.

Residual risks (docs in learning/reviews/README.md): someone who reads the database before and
after a single rating (two backups, WAL, a statement log with parameters) sees which counter
moved; a participant in a tiny review can deduce from the totals what others gave. The counters
are shown to the committee only once rating has closed, so the pages cannot be watched between
ratings either.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Competent")
    BASIC = "basic", _("Basically competent")
    POOR = "poor", _("Not competent")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Self-assessment and peer rating")
    CLOSED = "closed", _("Committee's opinion")
    FINISHED = "finished", _("Results published")


class Review(models.Model):
    """One organisation's review for one year; its members (the subtree's, when it opened)
    take part."""

    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("stage"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("rating closed on"), null=True, blank=True)
    finished_on = models.DateField(_("results published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("member review")
        verbose_name_plural = _("member reviews")
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="review_once_a_year")
        ]

    def __str__(self):
        return f"{self.organisation.name} {self.year}"


class Participant(models.Model):
    """A member in a review: their self-assessment, the committee's opinion and final grade."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="participants", verbose_name=_("review")
    )
    member = models.ForeignKey(
        "cms.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    self_assessed_on = models.DateField(_("self-assessment submitted on"), null=True, blank=True)
    committee_opinion = models.TextField(_("committee's opinion"), blank=True)
    final_grade = models.CharField(
        _("final grade"), max_length=10, blank=True, choices=Grade.choices
    )
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "member"], name="review_participant_once")
        ]

    def __str__(self):
        return self.member.name


class RatingMark(models.Model):
    """That `rater` has rated `ratee` in a review: no grade, no time (see the module's notes)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    rater = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    ratee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "rater", "ratee"], name="review_rate_each_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(rater=models.F("ratee")), name="review_no_self_rating"
            ),
        ]


class PeerTally(models.Model):
    """How many colleagues gave `ratee` `grade`: counters, never rows per rating."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    ratee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "ratee", "grade"], name="review_tally_per_grade"
            )
        ]
