"""Branch brand showcases (党建品牌), following the common 五有 standard:
a name, a logo, a meaning (释义), a vehicle (载体) and an impact (成效)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable
from wagtail.search import index

from cms.blocks import ActionBlock, FigureBlock, LiveFigureBlock
from cms.models.api_fields import LinkedPagesField
from cms.models.base import ListingPage, RegionalPage


class BrandPage(RegionalPage):
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    slogan = models.CharField(_("slogan"), max_length=120, blank=True)
    launched_on = models.DateField(_("launch date"), null=True, blank=True)
    meaning = RichTextField(
        _("meaning"),
        features=["bold", "italic", "link"],
        help_text=_("What the brand name stands for (释义)"),
    )
    vehicle = StreamField(
        blocks.StreamBlock([("action", ActionBlock())]),
        verbose_name=_("vehicle"),
        help_text=_("The actions and mechanisms that carry the brand (载体)"),
    )
    impact = StreamField(
        blocks.StreamBlock([("figure", FigureBlock()), ("live_figure", LiveFigureBlock())]),
        blank=True,
        verbose_name=_("impact"),
        help_text=_("Headline figures of what it achieved (成效)"),
    )
    impact_text = RichTextField(
        _("impact in words"), blank=True, features=["bold", "italic", "link"]
    )

    listing_image_field = "logo"
    # What a listing card shows (cms.selectors.live_pages): of the organisation, its name.
    card_fields = ("slogan", "logo", "organisation__name")
    card_related = ("organisation",)
    listing_order = ("title",)

    content_panels = (
        RegionalPage.content_panels
        + [
            MultiFieldPanel(
                [FieldPanel("logo"), FieldPanel("slogan"), FieldPanel("launched_on")],
                heading=_("Identity"),
            ),
            FieldPanel("meaning"),
            FieldPanel("vehicle"),
            FieldPanel("impact"),
            FieldPanel("impact_text"),
            InlinePanel("gallery_images", label=_("Gallery")),
            InlinePanel("profile_links", label=_("Exemplars of this brand")),
            InlinePanel("story_links", label=_("Stories of this brand")),
        ]
        + RegionalPage.regional_panels
    )

    search_type = "brand"
    search_fields = RegionalPage.search_fields + [
        index.SearchField("slogan", slot=("meta", "body")),
        index.SearchField("meaning"),
        index.SearchField("vehicle"),
        index.SearchField("impact"),
        index.SearchField("impact_text"),
        index.SearchField("linked_profiles", slot="context"),
        index.SearchField("linked_stories", slot="context"),
        index.AutocompleteField("title", slot="suggest"),
    ]
    api_fields = RegionalPage.api_fields + [
        APIField("logo"),
        APIField("logo_thumbnail", serializer=ImageRenditionField("fill-160x160", source="logo")),
        APIField("slogan"),
        APIField("launched_on"),
        APIField("meaning"),
        APIField("vehicle"),
        APIField("impact"),
        APIField("impact_text"),
        APIField("gallery_images"),
        APIField("profiles", serializer=LinkedPagesField("profile", source="profile_links")),
        APIField("stories", serializer=LinkedPagesField("story", source="story_links")),
    ]

    parent_page_types = ["cms.BrandIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("brand showcase")
        verbose_name_plural = _("brand showcases")

    def linked_profiles(self):
        """The exemplars of this brand in the editor's order, in any state."""
        return [link.profile for link in self.profile_links.select_related("profile")]

    def linked_stories(self):
        """The stories of this brand in the editor's order, in any state."""
        return [link.story for link in self.story_links.select_related("story")]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import image_prefetch, linked_profiles, related_cards, stories_of_brand

        context = super().get_context(request, *args, **kwargs)
        context.update(
            related_cards(
                self,
                request,
                profiles=lambda: linked_profiles(self),
                stories=lambda: stories_of_brand(self),
            )
        )
        context["gallery"] = self.gallery_images.select_related("image").prefetch_related(
            image_prefetch("image")
        )
        return context


class BrandGalleryImage(Orderable):
    page = ParentalKey(BrandPage, related_name="gallery_images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
    api_fields = [
        APIField("image"),
        APIField("image_listing", serializer=ImageRenditionField("fill-480x320", source="image")),
        APIField("caption"),
    ]


class BrandIndexPage(ListingPage):
    listing_model = BrandPage
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.BrandPage"]
    max_count = 1

    class Meta:
        verbose_name = _("brand index")
