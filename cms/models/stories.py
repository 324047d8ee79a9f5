"""Exemplar stories (先锋故事)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from cms.blocks import StoryBlock
from cms.models.api_fields import LinkedPagesField
from cms.models.base import ListingPage, RegionalPage


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.StoryPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class StoryPage(RegionalPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    source = models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_("The newspaper or site the story first appeared in"),
    )
    byline = models.CharField(
        _("byline"), max_length=200, blank=True, help_text=_("Reporters and correspondents")
    )
    summary = models.TextField(_("summary"), blank=True, max_length=500)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )
    body = StreamField(StoryBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))

    listing_image_field = "cover_image"
    # What a listing card shows (cms.selectors.live_pages).
    card_fields = ("date", "summary", "cover_image")
    listing_order = ("-date", "-pk")

    content_panels = (
        RegionalPage.content_panels
        + [
            MultiFieldPanel(
                [FieldPanel("date"), FieldPanel("source"), FieldPanel("byline")],
                heading=_("Publication"),
            ),
            FieldPanel("summary"),
            FieldPanel("cover_image"),
            FieldPanel("body"),
            InlinePanel("profile_links", label=_("People in this story")),
            FieldPanel("tags"),
        ]
        + RegionalPage.regional_panels
    )

    search_type = "story"
    search_fields = RegionalPage.search_fields + [
        index.SearchField("source", slot="meta"),
        index.RelatedFields("tags", [index.SearchField("name", slot="meta")]),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("byline", slot=()),
        index.FilterField("date", slot="date"),
        index.SearchField("linked_profiles", slot="context"),
        index.SearchField("featuring_brands", slot="context"),
    ]
    api_fields = RegionalPage.api_fields + [
        APIField("date"),
        APIField("source"),
        APIField("byline"),
        APIField("summary"),
        APIField("cover_image"),
        APIField(
            "cover_image_listing",
            serializer=ImageRenditionField("fill-480x320", source="cover_image"),
        ),
        APIField("body"),
        APIField("tags"),
        APIField("profiles", serializer=LinkedPagesField("profile", source="profile_links")),
    ]

    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exemplar story")
        verbose_name_plural = _("exemplar stories")

    def linked_profiles(self):
        """The people of this story in the editor's order, in any state."""
        return [link.profile for link in self.profile_links.select_related("profile")]

    def featuring_brands(self):
        """The brands that show this story, in any state."""
        from cms.models.brands import BrandPage

        return list(BrandPage.objects.filter(story_links__story=self))

    def saved_tags(self):
        """The story's tags by name, lazily, with the query compiled once (cms.query_plans);
        a preview shows the editor's unsaved tags instead (self.tags)."""
        from django.utils.functional import SimpleLazyObject
        from taggit.models import Tag

        from cms.query_plans import planned

        return SimpleLazyObject(
            lambda: planned(
                ("story tags", self.pk),
                lambda: Tag.objects.filter(cms_storytag_items__content_object_id=self.pk).order_by(
                    "name"
                ),
            )
        )

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import brands_featuring, linked_profiles, related_cards

        context = super().get_context(request, *args, **kwargs)
        context["tags"] = (
            self.tags.all() if getattr(request, "is_preview", False) else self.saved_tags()
        )
        # The cover picture with its renditions, in the cards' image query (rather than a
        # query for the image and then a cache read and write for its rendition). Lazy: a
        # page whose rendered content is kept never reads it.
        context.update(
            related_cards(
                self,
                request,
                picture=("cover_image", self.cover_image_id),
                profiles=lambda: linked_profiles(self),
                brands=lambda: brands_featuring(story=self),
            )
        )
        return context


class StoryIndexPage(ListingPage):
    listing_model = StoryPage
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("story index")
