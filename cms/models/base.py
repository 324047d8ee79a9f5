"""What every content page and every listing page has in common."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.content_cache import cached_content, depends_on, page_tag
from cms.routing import CachedViewRestrictionsMixin, restricted_paths
from cms.selectors import (
    attach_images,
    filter_options,
    listing_filters,
    listing_page,
    listing_queryset,
    page_from_window,
)
from xianfeng.parsing import parse_id, parse_page_number, query_text


class OrganisationField(models.ForeignKey):
    """The organisation a content item hangs off; deleting the node keeps the content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to", "cms.Organisation")
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("on_delete", models.SET_NULL)
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("verbose_name", _("organisation"))
        super().__init__(**kwargs)


class RegionalPage(CachedViewRestrictionsMixin, Page):
    """A content page that belongs to an organisation and a region."""

    organisation = OrganisationField()
    region = models.CharField(
        _("region"),
        max_length=80,
        blank=True,
        help_text=_("Left empty, the organisation's region is used."),
    )

    regional_panels = [FieldPanel("organisation"), FieldPanel("region")]

    # `slot=` says where a field goes in the public search's document (search/documents.py
    # reads it; Wagtail's own index ignores it); a SearchField without one is body text.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=2, slot="title"),
        index.FilterField("region", slot=("region", "meta")),
        index.FilterField("organisation", slot="organisation"),
        index.SearchField("organisation_name", slot="meta"),
    ]
    api_fields = [
        APIField("region"),
        APIField("organisation_name"),
    ]

    class Meta:
        abstract = True

    @property
    def organisation_name(self):
        return self.organisation.name if self.organisation_id else ""

    def save(self, *args, **kwargs):
        if not self.region and self.organisation_id:
            self.region = self.organisation.region
        super().save(*args, **kwargs)


class ListingPage(CachedViewRestrictionsMixin, Page):
    """An index page that lists its live children of one type, filterable and paginated."""

    listing_model = None  # the child page type listed, set by subclasses
    per_page = 12

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def get_listing_queryset(self):
        return listing_queryset(self.listing_model, self)

    def plan_key(self, chosen):
        """Every input of the listing's query (cms.query_plans): this page's place, the
        chosen filters' values (`chosen`: ListingFilters, None for none) and the restricted
        paths."""
        region = chosen.region if chosen else ""
        organisation = chosen.organisation.path if chosen and chosen.organisation else None
        where = (self.path, self.depth, region, organisation, tuple(restricted_paths()))
        return ("listing", self.listing_model._meta.label, self.per_page, *where)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number = parse_page_number(request.GET.get("page"))  # "²" passes isdigit()
        if getattr(request, "is_preview", False):
            items = self.get_listing_queryset()
            filters = listing_filters(items, request.GET)
            page_obj = Paginator(filters.queryset, self.per_page).get_page(number)
            page_obj.object_list = attach_images(list(page_obj.object_list))
            context["page_obj"] = page_obj
            context["filters"] = filters
            return context
        # The template keeps the rendered listing under the content generation, keyed by
        # listing_key (cms.templatetags.xf_cache); the filters and the page of items are
        # only worked out when it has to be rendered.
        region = query_text(request.GET.get("region"))
        org = parse_id(request.GET.get("org"))
        context["listing_key"] = urlencode({"region": region, "org": org or "", "page": number})

        def filters():
            items = self.get_listing_queryset()
            options = cached_content(
                f"filters:{self.pk}",
                # Its own tag: a page published below it retires it (cms.content_cache).
                lambda: (
                    depends_on(page_tag(self.pk))
                    or filter_options(items, plan_key=self.plan_key(None))
                ),
            )
            return listing_filters(items, request.GET, options)

        def page_obj():
            chosen = context["filters"]
            count, page_number, page_items = cached_content(
                f"listing:{self.pk}:{chosen.querystring()}:{number}",
                lambda: (
                    depends_on(page_tag(self.pk))
                    or listing_page(
                        chosen.queryset, self.per_page, number, plan_key=self.plan_key(chosen)
                    )
                ),
            )
            return page_from_window(count, page_number, page_items, self.per_page)

        context["filters"] = SimpleLazyObject(filters)
        context["page_obj"] = SimpleLazyObject(page_obj)
        return context
