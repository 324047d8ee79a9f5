"""Pledge walls (承诺墙): the campaign page. Pledges themselves come with members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.models.base import ListingPage, RegionalPage


class ModerationMode(models.TextChoices):
    BEFORE = "before", _("Review before publishing")
    AFTER = "after", _("Publish first, review afterwards")


class PledgeWallPage(RegionalPage):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"])
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    categories = models.TextField(
        _("categories"), help_text=_("One category per line, e.g. 为民服务"),
    )
    moderation_mode = models.CharField(_("moderation"), max_length=10,
                                       choices=ModerationMode.choices,
                                       default=ModerationMode.BEFORE)
    max_pledges_per_member = models.PositiveSmallIntegerField(
        _("pledges per member"), default=3,
        help_text=_("How many open pledges one member may hold on this wall"),
    )

    listing_order = ("-opens_on", "-pk")

    content_panels = RegionalPage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
            FieldPanel("categories"),
            FieldRowPanel([FieldPanel("moderation_mode"), FieldPanel("max_pledges_per_member")]),
        ], heading=_("Campaign rules")),
    ] + RegionalPage.regional_panels

    search_fields = RegionalPage.search_fields + [index.SearchField("intro")]
    api_fields = RegionalPage.api_fields + [
        APIField("intro"), APIField("opens_on"), APIField("closes_on"),
        APIField("category_list"), APIField("moderation_mode"),
        APIField("max_pledges_per_member"), APIField("is_open"),
    ]

    parent_page_types = ["cms.PledgeWallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pledge wall")
        verbose_name_plural = _("pledge walls")

    @property
    def category_list(self):
        return [line.strip() for line in self.categories.splitlines() if line.strip()]

    @property
    def is_open(self):
        today = timezone.localdate()
        return self.opens_on <= today and (self.closes_on is None or today <= self.closes_on)

    def clean(self):
        super().clean()
        errors = {}
        if self.closes_on and self.opens_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The wall cannot close before it opens.")
        if not self.category_list:
            errors["categories"] = _("Give at least one category.")
        if errors:
            raise ValidationError(errors)


class PledgeWallIndexPage(ListingPage):
    listing_model = PledgeWallPage
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PledgeWallPage"]
    max_count = 1

    class Meta:
        verbose_name = _("pledge wall index")
