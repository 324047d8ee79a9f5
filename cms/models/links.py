"""Ordered links between stories, profiles and brands, edited inline in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import PageChooserPanel
from wagtail.models import Orderable


class StoryProfileLink(Orderable):
    page = ParentalKey("cms.StoryPage", related_name="profile_links", on_delete=models.CASCADE)
    profile = models.ForeignKey(
        "cms.ProfilePage",
        related_name="story_links",
        on_delete=models.CASCADE,
        verbose_name=_("exemplar profile"),
    )
    panels = [PageChooserPanel("profile", "cms.ProfilePage")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "profile")]


class BrandProfileLink(Orderable):
    page = ParentalKey("cms.BrandPage", related_name="profile_links", on_delete=models.CASCADE)
    profile = models.ForeignKey(
        "cms.ProfilePage",
        related_name="brand_links",
        on_delete=models.CASCADE,
        verbose_name=_("exemplar profile"),
    )
    panels = [PageChooserPanel("profile", "cms.ProfilePage")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "profile")]


class BrandStoryLink(Orderable):
    page = ParentalKey("cms.BrandPage", related_name="story_links", on_delete=models.CASCADE)
    story = models.ForeignKey(
        "cms.StoryPage",
        related_name="brand_links",
        on_delete=models.CASCADE,
        verbose_name=_("exemplar story"),
    )
    panels = [PageChooserPanel("story", "cms.StoryPage")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "story")]
