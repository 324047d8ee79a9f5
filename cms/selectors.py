"""Read-side queries for pages and listings (the write side lives in services.py)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from cms.models.organisations import Organisation

# Renditions the templates show; made ahead of time when an image is saved (cms.signals).
LISTING_RENDITION = "fill-480x320"
THUMBNAIL_RENDITION = "fill-160x160"
DETAIL_RENDITION = "width-960"
RENDITION_SPECS = (LISTING_RENDITION, THUMBNAIL_RENDITION, DETAIL_RENDITION)


def image_prefetch(field_name):
    """Prefetch an image foreign key together with its renditions (no query per image)."""
    from wagtail.images import get_image_model

    return Prefetch(field_name, queryset=get_image_model().objects.prefetch_renditions(
        *RENDITION_SPECS))


def listing_queryset(model, parent):
    """Live pages of `model` below `parent`, ready for a listing template."""
    queryset = model.objects.live().public().descendant_of(parent).select_related("organisation")
    image_field = getattr(model, "listing_image_field", None)
    if image_field:
        queryset = queryset.prefetch_related(image_prefetch(image_field))
    return queryset.order_by(*getattr(model, "listing_order", ("-first_published_at",)))


@dataclass
class ListingFilters:
    queryset: QuerySet
    regions: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    region: str = ""
    organisation: Organisation | None = None

    @property
    def active(self):
        return bool(self.region or self.organisation)

    def querystring(self):
        """The active filters as a query string, for pagination links."""
        from urllib.parse import urlencode

        params = {}
        if self.region:
            params["region"] = self.region
        if self.organisation:
            params["org"] = self.organisation.pk
        return urlencode(params)


def listing_filters(queryset, params):
    """Apply ?region= and ?org= (an organisation and its whole subtree) to a listing."""
    regions = sorted(r for r in queryset.values_list("region", flat=True).distinct() if r)
    used = set(queryset.exclude(organisation=None).values_list(
        "organisation__path", flat=True).distinct())
    # Offer each organisation in use together with its ancestors, so a committee filters
    # everything in its subtree.
    prefixes = {path[:end] for path in used for end in range(Organisation.steplen,
                                                             len(path) + 1, Organisation.steplen)}
    organisations = list(Organisation.objects.filter(path__in=prefixes).order_by("path"))

    result = ListingFilters(queryset=queryset, regions=regions, organisations=organisations)
    region = (params.get("region") or "").strip()
    if region:
        result.region = region
        queryset = queryset.filter(region=region)
    org_id = params.get("org") or ""
    if org_id.isdigit():
        result.organisation = Organisation.objects.filter(pk=int(org_id)).first()
        if result.organisation:
            queryset = queryset.filter(organisation__path__startswith=result.organisation.path)
    result.queryset = queryset
    return result


def linked_profiles(story_or_brand):
    from cms.models import ProfilePage

    return (ProfilePage.objects.live().public()
            .filter(pk__in=story_or_brand.profile_links.values("profile_id"))
            .select_related("organisation").prefetch_related(image_prefetch("photo")))


def stories_of_profile(profile):
    from cms.models import StoryPage

    return (StoryPage.objects.live().public().filter(profile_links__profile=profile)
            .order_by("-date").prefetch_related(image_prefetch("cover_image")))


def brands_featuring(profile=None, story=None):
    """Live brands that link to a profile or a story."""
    from cms.models import BrandPage

    queryset = BrandPage.objects.live().public()
    if profile is not None:
        queryset = queryset.filter(profile_links__profile=profile)
    if story is not None:
        queryset = queryset.filter(story_links__story=story)
    return queryset.prefetch_related(image_prefetch("logo"))


def home_sections(home):
    """What the home page shows: the newest of each kind of content, with images ready."""
    from cms.models import BrandPage, PledgeWallPage, ProfilePage, StoryPage
    from learning.models import LecturePage

    def live(model):
        return model.objects.live().public().descendant_of(home)

    return {
        "stories": list(live(StoryPage).order_by("-date", "-pk")
                        .prefetch_related(image_prefetch("cover_image"))[:4]),
        "brands": list(live(BrandPage).order_by("title")
                       .prefetch_related(image_prefetch("logo"))[:6]),
        "profiles": list(live(ProfilePage).order_by("-first_published_at")
                         .prefetch_related(image_prefetch("photo"))[:8]),
        "lectures": list(live(LecturePage).order_by("-first_published_at")[:3]),
        "walls": list(live(PledgeWallPage).order_by("-opens_on")[:2]),
        "indexes": {
            page.specific_class.__name__: page for page in home.get_children().live()
        },
    }
