"""Pledge walls (承诺墙): the campaign page, with routes for a pledge's own page and posting.

The views themselves live in cms.pledges.views; the routes here only dispatch to them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.models.base import ListingPage, RegionalPage


class ModerationMode(models.TextChoices):
    BEFORE = "before", _("Review before publishing")
    AFTER = "after", _("Publish first, review afterwards")


class PledgeWallPage(RoutablePageMixin, RegionalPage):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"])
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    categories = models.TextField(
        _("categories"),
        help_text=_("One category per line, e.g. 为民服务"),
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.BEFORE,
    )
    max_pledges_per_member = models.PositiveSmallIntegerField(
        _("pledges per member"),
        default=3,
        help_text=_("How many open pledges one member may hold on this wall"),
    )

    listing_order = ("-opens_on", "-pk")
    card_fields = ("intro", "opens_on", "closes_on")  # what a card shows (cms.selectors)

    content_panels = (
        RegionalPage.content_panels
        + [
            FieldPanel("intro"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                    FieldPanel("categories"),
                    FieldRowPanel(
                        [FieldPanel("moderation_mode"), FieldPanel("max_pledges_per_member")]
                    ),
                ],
                heading=_("Campaign rules"),
            ),
        ]
        + RegionalPage.regional_panels
    )

    search_fields = RegionalPage.search_fields + [index.SearchField("intro")]
    api_fields = RegionalPage.api_fields + [
        APIField("intro"),
        APIField("opens_on"),
        APIField("closes_on"),
        APIField("category_list"),
        APIField("moderation_mode"),
        APIField("max_pledges_per_member"),
        APIField("is_open"),
    ]

    parent_page_types = ["cms.PledgeWallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pledge wall")
        verbose_name_plural = _("pledge walls")

    # How many pledges the wall has made public, where a listing counts them (the wall
    # index's annotation); None elsewhere, so a card finds the attribute either way (a failed
    # template lookup costs a dir() of the whole page object).
    public_pledges = None

    @property
    def category_list(self):
        return [line.strip() for line in self.categories.splitlines() if line.strip()]

    @property
    def is_open(self):
        today = timezone.localdate()
        return self.opens_on <= today and (self.closes_on is None or today <= self.closes_on)

    def accepts_pledges_on(self, day):
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)

    # --- routes (thin: the views live in cms.pledges.views) ---------------------------------

    @path("")
    def wall(self, request):
        from cms.pledges import views

        return views.wall(request, self)

    @path("post/")
    def post_pledge(self, request):
        from cms.pledges import views

        return views.post_pledge(request, self)

    @path("pledges/<int:pledge_id>/", name="pledge")
    def pledge(self, request, pledge_id):
        from cms.pledges import views

        return views.pledge_detail(request, self, pledge_id)

    @path("pledges/<int:pledge_id>/progress/", name="progress")
    def progress(self, request, pledge_id):
        from cms.pledges import views

        return views.add_progress(request, self, pledge_id)

    @path("pledges/<int:pledge_id>/outcome/", name="outcome")
    def outcome(self, request, pledge_id):
        from cms.pledges import views

        return views.report_outcome(request, self, pledge_id)

    @path("pledges/<int:pledge_id>/rate/", name="rate")
    def rate(self, request, pledge_id):
        from cms.pledges import views

        return views.rate_pledge(request, self, pledge_id)

    @path("pledges/<int:pledge_id>/card/", name="card")
    def card(self, request, pledge_id):
        from cms.pledges import views

        return views.share_card(request, self, pledge_id)

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

    def get_listing_queryset(self):
        from cms.pledges.models import PUBLIC_STATUSES

        # The cards show how many pledges each wall has made public, in the same query.
        return (
            super()
            .get_listing_queryset()
            .annotate(
                public_pledges=models.Count(
                    "pledges", filter=models.Q(pledges__status__in=PUBLIC_STATUSES)
                )
            )
        )

    class Meta:
        verbose_name = _("pledge wall index")
