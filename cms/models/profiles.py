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
    # The member this profile is about, when there is one: where a selection's honour goes
    # (cms.honours). Set by that service, not in the editor (a select of every member).
    member = models.ForeignKey(
        "cms.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        verbose_name=_("member"),
    )
    deeds = StreamField(StoryBlock(), blank=True, verbose_name=_("deeds"))

    listing_image_field = "photo"
    card_fields = ("role", "photo")  # what a listing card shows (cms.selectors.live_pages)
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

    search_type = "profile"
    search_fields = RegionalPage.search_fields + [
        index.SearchField("title", boost=2, slot=("title", "names")),
        # The role is metadata: counted once (meta), not again as body text.
        index.SearchField("role", slot="meta"),
        index.SearchField("bio"),
        index.SearchField("deeds"),
        index.SearchField("honour_titles", slot=("honours", "meta")),
        # What the stories say about this person belongs to the profile's text.
        index.SearchField("linked_stories", slot=("context", "mentions")),
        index.SearchField("featuring_brands", slot="context"),
        index.AutocompleteField("title", slot="suggest"),
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

    def honour_titles(self) -> list[str]:
        """The titles of the honours, each once (五星党员, 优秀共产党员)."""
        titles = [(block.value.get("title") or "").strip() for block in self.honours]
        return [t for t in dict.fromkeys(titles) if t]

    def linked_stories(self):
        """The stories this person appears in, in any state (readers keep what they may show)."""
        from cms.models.stories import StoryPage

        return list(StoryPage.objects.filter(profile_links__profile=self).order_by("pk"))

    def featuring_brands(self):
        """The brands this person is an exemplar of, in any state."""
        from cms.models.brands import BrandPage

        return list(BrandPage.objects.filter(profile_links__profile=self))

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
