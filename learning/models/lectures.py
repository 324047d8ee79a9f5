"""Study lectures (党课, 微党课, 网上大讲堂): series, lectures and their ordered sections.

Progress tracking, quizzes and points build on these in later work; sections are rows
(not StreamField items) so that progress can refer to them by a stable key.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable
from wagtail.search import index

from cms.models.base import ListingPage, RegionalPage
from cms.routing import public


class LecturePage(RegionalPage):
    speaker = models.CharField(_("speaker"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), max_length=600)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    points = models.PositiveSmallIntegerField(_("points on completion"), default=10)
    # A lecture is closed for study when it is not live or once this moment has passed;
    # progress reported for a closed lecture is refused (the member's record is kept).
    study_closes_at = models.DateTimeField(
        _("study closes at"),
        null=True,
        blank=True,
        help_text=_("After this moment no further study progress is accepted"),
    )

    listing_image_field = "cover_image"
    # What a listing card shows (cms.selectors.live_pages).
    card_fields = ("summary", "speaker", "points", "cover_image")
    listing_order = ("-first_published_at", "-pk")

    content_panels = (
        RegionalPage.content_panels
        + [
            FieldRowPanel(
                [FieldPanel("speaker"), FieldPanel("points"), FieldPanel("study_closes_at")]
            ),
            FieldPanel("summary"),
            FieldPanel("cover_image"),
            InlinePanel("sections", label=_("Sections"), min_num=1),
        ]
        + RegionalPage.regional_panels
    )

    search_fields = RegionalPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("speaker"),
        index.RelatedFields("sections", [index.SearchField("title"), index.SearchField("body")]),
    ]
    api_fields = RegionalPage.api_fields + [
        APIField("speaker"),
        APIField("summary"),
        APIField("points"),
        APIField("cover_image"),
        APIField(
            "cover_image_listing",
            serializer=ImageRenditionField("fill-480x320", source="cover_image"),
        ),
        APIField("sections"),
        APIField("total_seconds"),
    ]

    parent_page_types = ["learning.LectureSeriesPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    def is_open_for_study(self, now=None):
        from django.utils import timezone

        if not self.live:
            return False
        return self.study_closes_at is None or (now or timezone.now()) < self.study_closes_at

    @property
    def total_seconds(self):
        return sum(section.expected_seconds for section in self.sections.all())


class SectionKind(models.TextChoices):
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    READING = "reading", _("Reading")


class LectureSection(Orderable):
    lecture = ParentalKey(LecturePage, related_name="sections", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("type"), max_length=10, choices=SectionKind.choices)
    media_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("media file"),
    )
    media_url = models.URLField(_("media URL"), blank=True)
    duration_seconds = models.PositiveIntegerField(
        _("duration (seconds)"),
        null=True,
        blank=True,
        help_text=_("Length of the video or audio"),
    )
    body = RichTextField(_("reading text"), blank=True)
    min_reading_seconds = models.PositiveIntegerField(
        _("minimum reading time (seconds)"),
        null=True,
        blank=True,
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        MultiFieldPanel(
            [FieldPanel("media_file"), FieldPanel("media_url"), FieldPanel("duration_seconds")],
            heading=_("Video or audio"),
        ),
        MultiFieldPanel(
            [FieldPanel("body"), FieldPanel("min_reading_seconds")], heading=_("Reading")
        ),
    ]
    api_fields = [
        APIField("title"),
        APIField("kind"),
        APIField("media_source"),
        APIField("duration_seconds"),
        APIField("body"),
        APIField("min_reading_seconds"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("lecture section")

    def __str__(self):
        return self.title

    @property
    def media_source(self):
        if self.media_file_id:
            return self.media_file.url
        return self.media_url

    @property
    def expected_seconds(self):
        if self.kind == SectionKind.READING:
            return self.min_reading_seconds or 0
        return self.duration_seconds or 0

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in (SectionKind.VIDEO, SectionKind.AUDIO):
            if not self.media_file_id and not self.media_url:
                errors["media_url"] = _("A video or audio section needs a media file or URL.")
            if not self.duration_seconds:
                errors["duration_seconds"] = _("Give the length of the video or audio.")
        elif self.kind == SectionKind.READING:
            if not self.body:
                errors["body"] = _("A reading section needs its text.")
            if not self.min_reading_seconds:
                errors["min_reading_seconds"] = _("Give the minimum reading time.")
        if errors:
            raise ValidationError(errors)


class LectureSeriesPage(ListingPage):
    """A series such as 南湖·初心讲堂; lists its own lectures."""

    listing_model = LecturePage
    parent_page_types = ["learning.LectureIndexPage"]
    subpage_types = ["learning.LecturePage"]
    organisation = models.ForeignKey(
        "cms.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )

    content_panels = ListingPage.content_panels + [FieldPanel("organisation")]
    search_fields = ListingPage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("lecture series")
        verbose_name_plural = _("lecture series")


class LectureIndexPage(ListingPage):
    """The online lecture hall (网上大讲堂): every lecture of every series."""

    listing_model = LecturePage
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["learning.LectureSeriesPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lecture hall")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["series"] = public(LectureSeriesPage.objects.live().child_of(self))
        return context
