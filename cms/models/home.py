from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.blocks import FigureBlock
from cms.routing import CachedViewRestrictionsMixin, PathRoutingMixin


class HomePage(PathRoutingMixin, CachedViewRestrictionsMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    figures = StreamField(
        blocks.StreamBlock([("figure", FigureBlock())]),
        blank=True,
        verbose_name=_("headline figures"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("figures")]
    api_fields = [APIField("intro"), APIField("figures")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StoryIndexPage",
        "cms.ProfileIndexPage",
        "cms.BrandIndexPage",
        "cms.PledgeWallIndexPage",
        "learning.LectureIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from django.utils.functional import SimpleLazyObject

        from cms.content_cache import cached_content, depends_on, page_tag
        from cms.selectors import home_section_names, home_sections

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            context.update(home_sections(self))
            return context
        # Lazy: the rendered sections are kept as a fragment (cms.templatetags.xf_cache), and
        # a request served from it never reads them.
        sections = {}

        def section(name):
            if not sections:
                sections.update(
                    cached_content(
                        f"home:{self.pk}",
                        # Its own tag: a page published below it retires it.
                        lambda: depends_on(page_tag(self.pk)) or home_sections(self),
                    )
                )
            return sections[name]

        for name in home_section_names():
            context[name] = SimpleLazyObject(lambda name=name: section(name))
        return context
