"""五星党员 selection (PRODUCT.md capability 15): an organisation opens a selection for a year;
members of its subtree assess themselves per dimension, the committee members of each
candidate's branch rate stars on their own and the branch recommends, the opening
organisation's committee decides (a reason for every change), a public notice takes
objections, and the result becomes an honour on the member's exemplar profile (cms.honours).

The stage is not stored: it follows from the timetable and the few moments the committee
acts (selection_stage in selectors), so a moved timetable moves the stage with it.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT_DIMENSIONS = ["争先创优", "为民服务", "敬业奉献", "创新突破", "业务攻坚"]
MAX_DIMENSIONS = 8
MAX_STARS = 5


def default_dimensions():
    return list(DEFAULT_DIMENSIONS)


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("Not yet open")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    RECOMMENDATION = "recommendation", _("Branch recommendation")
    REVIEW = "review", _("Committee review")
    NOTICE = "notice", _("Public notice")
    NOTICE_ENDED = "notice_ended", _("Notice ended, awaiting the result")
    DONE = "done", _("Result announced")


class Selection(models.Model):
    organisation = models.ForeignKey(
        "cms.Organisation",
        on_delete=models.PROTECT,
        related_name="selections",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=120)
    dimensions = models.JSONField(_("dimensions"), default=default_dimensions)
    quota = models.PositiveSmallIntegerField(
        _("how many may be chosen"), validators=[MinValueValidator(1)]
    )
    # The timetable: each stage runs to the end of its last day (local time).
    self_assessment_opens_on = models.DateField(_("self-assessment opens on"))
    self_assessment_closes_on = models.DateField(_("self-assessment closes on"))
    recommendation_closes_on = models.DateField(_("branch recommendation closes on"))
    review_closes_on = models.DateField(_("committee review closes on"))
    notice_days = models.PositiveSmallIntegerField(
        _("days of public notice"), default=5, validators=[MinValueValidator(1)]
    )
    conferring_body = models.CharField(
        _("conferring body"),
        max_length=120,
        blank=True,
        help_text=_("Left empty: the organisation"),
    )
    notice_published_at = models.DateTimeField(_("notice published at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("result announced at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("five-star selection")
        verbose_name_plural = _("five-star selections")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.title

    @property
    def notice_ends_at(self):
        if self.notice_published_at is None:
            return None
        return self.notice_published_at + datetime.timedelta(days=self.notice_days)

    @property
    def body(self):
        return self.conferring_body or self.organisation.name


class Candidate(models.Model):
    """A member's self-assessment, and what the branch and the committee made of it."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="+")
    # The branch whose committee rates and recommends (the member's branch when submitted).
    branch = models.ForeignKey(
        "cms.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    statements = models.JSONField(_("what they did, per dimension"), default=dict)
    pledges = models.ManyToManyField("cms.Pledge", blank=True, related_name="+")
    # Service tasks (活力先锋) the branch verified: evidence the platform itself vouches for.
    tasks = models.ManyToManyField("service_tasks.TaskClaim", blank=True, related_name="+")
    study_summary = models.JSONField(_("study record"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    recommended = models.BooleanField(_("recommended by the branch"), default=False)
    recommended_at = models.DateTimeField(null=True, blank=True)
    recommended_by = models.ForeignKey(
        "cms.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen = models.BooleanField(_("chosen by the committee"), null=True, default=None)
    decision_reason = models.TextField(_("reason for the change"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "cms.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stars = models.JSONField(_("stars per dimension"), default=dict, blank=True)
    profile = models.ForeignKey(
        "cms.ProfilePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["branch__path", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "member"], name="one_candidacy_each")
        ]

    def __str__(self):
        return self.member.name


class EvidencePhoto(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="selections/evidence/%Y/")
    caption = models.CharField(_("caption"), max_length=80, blank=True)

    class Meta:
        ordering = ["pk"]


class Rating(models.Model):
    """One committee member's stars for one candidate; editable until the stage closes."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey("cms.Member", on_delete=models.CASCADE, related_name="+")
    stars = models.JSONField(_("stars per dimension"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "rater"], name="one_rating_per_rater")
        ]


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(models.Model):
    """Raised by anyone during the notice; only the opening committee sees it."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="objections", verbose_name=_("candidate")
    )
    text = models.TextField(_("objection"), max_length=1000)
    contact = models.CharField(_("contact"), max_length=80)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        "cms.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created_at"]

    def __str__(self):
        # The admin names an objection by its candidate (who raised it stays with the committee).
        return gettext("Objection to %(candidate)s") % {"candidate": self.candidate}
