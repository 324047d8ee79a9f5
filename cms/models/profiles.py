"""Exemplar profiles (先锋人物)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.search import index

from cms.blocks import HonoursBlock, StoryBlock
from cms.models.base import ListingPage, RegionalPage


class ProfilePage(RegionalPage):
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    role = models.CharField(
        _("role"), max_length=200, help_text=_("Role and organisation, e.g. 套里村党支部书记")
    )
    joined_party_year = models.PositiveSmallIntegerField(
        _("year joined the party"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1921), MaxValueValidator(2100)],
    )
    bio = models.TextField(_("short biography"), max_length=600, blank=True)
    honours = StreamField(HonoursBlock(), blank=True, verbose_name=_("honours"))
    deeds = StreamField(StoryBlock(), blank=True, verbose_name=_("deeds"))

    listing_image_field = "photo"
    listing_order = ("title",)

    content_panels = (
        RegionalPage.content_panels
        + [
            FieldPanel("photo"),
            MultiFieldPanel(
                [FieldPanel("role"), FieldPanel("joined_party_year")], heading=_("Role")
            ),
            FieldPanel("bio"),
            FieldPanel("honours"),
            FieldPanel("deeds"),
        ]
        + RegionalPage.regional_panels
    )

    search_fields = RegionalPage.search_fields + [
        index.SearchField("role"),
        index.SearchField("bio"),
        index.SearchField("deeds"),
        index.AutocompleteField("title"),
    ]
    api_fields = RegionalPage.api_fields + [
        APIField("photo"),
        APIField("photo_thumbnail", serializer=ImageRenditionField("fill-160x160", source="photo")),
        APIField("role"),
        APIField("joined_party_year"),
        APIField("bio"),
        APIField("honours"),
        APIField("deeds"),
        APIField("stories"),
    ]

    parent_page_types = ["cms.ProfileIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exemplar profile")
        verbose_name_plural = _("exemplar profiles")

    @property
    def stories(self):
        from cms.selectors import stories_of_profile

        return [{"id": s.pk, "title": s.title, "url": s.url} for s in stories_of_profile(self)]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import brands_featuring, related_cards, stories_of_profile

        context = super().get_context(request, *args, **kwargs)
        context.update(
            related_cards(
                self,
                request,
                stories=lambda: stories_of_profile(self),
                brands=lambda: brands_featuring(profile=self),
            )
        )
        return context


class ProfileIndexPage(ListingPage):
    listing_model = ProfilePage
    per_page = 24
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProfilePage"]
    max_count = 1

    class Meta:
        verbose_name = _("profile index")
