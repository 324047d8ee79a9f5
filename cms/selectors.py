"""Read-side queries for pages and listings (the write side lives in services.py)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet

from cms.models.organisations import Organisation
from cms.query_plans import planned
from cms.regions import region_options, region_q
from cms.routing import public, restricted_paths
from xianfeng.parsing import parse_id, query_text

# Renditions the templates show; made ahead of time when an image is saved (cms.signals).
LISTING_RENDITION = "fill-480x320"
THUMBNAIL_RENDITION = "fill-160x160"
DETAIL_RENDITION = "width-960"
RENDITION_SPECS = (LISTING_RENDITION, THUMBNAIL_RENDITION, DETAIL_RENDITION)


def image_prefetch(field_name):
    """Prefetch an image foreign key together with its renditions (no query per image)."""
    from wagtail.images import get_image_model

    return Prefetch(
        field_name, queryset=get_image_model().objects.prefetch_renditions(*RENDITION_SPECS)
    )


# The columns a listing card shows (see templates/includes/*_card.html) plus what routing and
# URLs need; a page row has some seventy columns, and building the SQL and the objects for all
# of them was most of a listing's cost. Each page type adds its own in `card_fields`; types
# without them skip their StreamField bodies.
# What a link to a page needs ({% pageurl %}, its type): the home page's links to the indexes.
PAGE_LINK_FIELDS = (
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "title",
    "slug",
    "live",
    "locale_id",
    "content_type_id",
)
PAGE_CARD_FIELDS = (*PAGE_LINK_FIELDS, "first_published_at", "organisation", "region")


def live_pages(model, cards=False, paths=None):
    """Live, public pages of `model`; for `cards`, only the columns a listing card shows
    (`card_fields`, with those of a related row as "relation__column") and the relations it
    reads (`card_related`: a join costs more than the rest of a small card query, so types
    whose card shows no organisation skip it). `paths`: the restricted paths to leave out
    (default: the site's, cms.routing.restricted_paths)."""
    queryset = public(model.objects.live(), paths)
    if not cards:
        return queryset.defer_streamfields()
    related = getattr(model, "card_related", ())
    if related:
        queryset = queryset.select_related(*related)
    card_fields = getattr(model, "card_fields", None)
    if card_fields is not None:
        return queryset.only(*PAGE_CARD_FIELDS, *card_fields)
    return queryset.defer_streamfields()


def images_with_renditions(image_ids):
    """{id: image} for these images, each with its renditions of RENDITION_SPECS prefetched
    (what Wagtail's prefetch_renditions gives), in one query: the renditions with their images.
    Only images that have none of those renditions yet (the worker makes them when an image is
    saved) take a second query."""
    from wagtail.images import get_image_model

    image_ids = set(image_ids)
    if not image_ids:
        return {}
    Rendition = get_image_model().get_rendition_model()
    images = {}
    wanted = tuple(sorted(image_ids))
    renditions = planned(
        ("renditions", wanted, RENDITION_SPECS),
        lambda: Rendition.objects.filter(
            image_id__in=wanted, filter_spec__in=RENDITION_SPECS
        ).select_related("image"),
    )
    for rendition in renditions:
        # One image object per id, shared by its renditions (rendition.image is how a
        # rendition finds its alt text and focal point).
        image = images.setdefault(rendition.image_id, rendition.image)
        rendition.image = image
        image.__dict__.setdefault("prefetched_renditions", []).append(rendition)
    missing = image_ids - images.keys()
    if missing:
        for image in get_image_model().objects.filter(pk__in=missing):
            image.prefetched_renditions = []
            images[image.pk] = image
    return images


def attach_images(pages):
    """Load the listing images (and their renditions) of pages of several types in one
    query; each page type names its image field in `listing_image_field`."""
    attach_images_with_pictures(pages)
    return pages


def attach_images_with_pictures(pages, picture_ids=()):
    """attach_images(), and in the same query the pictures of `picture_ids` (a detail
    page's own): {id: image} of those."""
    fields = {}
    for page in pages:
        name = getattr(page, "listing_image_field", None)
        if name and getattr(page, f"{name}_id", None):
            fields[page] = name
    by_id = images_with_renditions(
        [*picture_ids, *(getattr(page, f"{name}_id") for page, name in fields.items())]
    )
    for page, name in fields.items():
        setattr(page, name, by_id.get(getattr(page, f"{name}_id")))
    return {image_id: by_id.get(image_id) for image_id in picture_ids}


def below(page):
    """Pages strictly below `page`: PageQuerySet.descendant_of() without its NOT (id = ...),
    which a deeper level already excludes; a quarter of a small listing query's cost went
    into building and compiling that filter."""
    return Q(path__startswith=page.path, depth__gt=page.depth)


def listing_queryset(model, parent):
    """Live pages of `model` below `parent`, ready for a listing template (the images of a
    page of them come with attach_images)."""
    queryset = live_pages(model, cards=True).filter(below(parent))
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


def filter_options(queryset, plan_key=None):
    """The regions and organisations a listing can be filtered by. `plan_key` names every
    input of `queryset`: the SQL is then compiled once per process (cms.query_plans)."""

    def pairs_query():
        # One query for both; order_by(): the pages' ordering would otherwise join the DISTINCT.
        return queryset.order_by().values_list("region", "organisation__path").distinct()

    pairs = planned(("options", *plan_key), pairs_query) if plan_key else pairs_query()
    regions, used = set(), set()
    for region, path in pairs:
        if region:
            regions.add(region)
        if path:
            used.add(path)
    # Offer each organisation in use together with its ancestors, so a committee filters
    # everything in its subtree.
    prefixes = {
        path[:end]
        for path in used
        for end in range(Organisation.steplen, len(path) + 1, Organisation.steplen)
    }
    # Regions nest (cms.regions): each in use with the levels above it.
    regions = region_options(regions)
    if not prefixes:
        return regions, []
    wanted = tuple(sorted(prefixes))
    organisations = planned(
        ("organisations", wanted),
        lambda: Organisation.objects.filter(path__in=wanted).order_by("path"),
    )
    return regions, organisations


def listing_filters(queryset, params, options=None):
    """Apply ?region= (a region and every region under it) and ?org= (an organisation and
    its whole subtree) to a listing."""
    regions, organisations = options or filter_options(queryset)
    result = ListingFilters(queryset=queryset, regions=regions, organisations=organisations)
    region = query_text(params.get("region"))  # PostgreSQL refuses NUL in a query
    if region:
        result.region = region
        queryset = queryset.filter(region_q(region))
    org_id = parse_id(params.get("org"))  # "²" passes isdigit(); int("²") fails
    if org_id:
        offered = {organisation.pk: organisation for organisation in organisations}
        result.organisation = offered.get(org_id) or Organisation.objects.filter(pk=org_id).first()
        if result.organisation:
            queryset = queryset.filter(organisation__path__startswith=result.organisation.path)
    result.queryset = queryset
    return result


class CountedWindow:
    """One page of a listing standing in for the whole list, so a Paginator can be rebuilt
    around a cached page without the count and slice queries."""

    def __init__(self, count, offset, items):
        self.total, self.offset, self.items = count, offset, items

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        start = (index.start or 0) - self.offset
        stop = (index.stop if index.stop is not None else self.total) - self.offset
        return self.items[max(start, 0) : max(stop, 0)]


def listing_page(queryset, per_page, number, plan_key=None):
    """(total count, page number, the items of that page, images attached) for a listing.
    A first page with room to spare is the whole list: its length is the count, with no
    COUNT query (most listings fit on one page). `plan_key` names every input of `queryset`:
    its first page's SQL is then compiled once per process (cms.query_plans)."""
    if number == 1:

        def first_page():
            return queryset[:per_page]

        items = attach_images(planned(plan_key, first_page) if plan_key else list(first_page()))
        return len(items) if len(items) < per_page else queryset.count(), 1, items
    page = Paginator(queryset, per_page).get_page(number)
    return page.paginator.count, page.number, attach_images(list(page.object_list))


def page_from_window(count, number, items, per_page):
    return Paginator(CountedWindow(count, (number - 1) * per_page, items), per_page).page(number)


def linked_profiles(story_or_brand):
    from cms.models import ProfilePage

    # No organisation: a person's card does not show it.
    return live_pages(ProfilePage, cards=True).filter(
        pk__in=story_or_brand.profile_links.values("profile_id")
    )


def stories_of_profile(profile):
    from cms.models import StoryPage

    return (
        live_pages(StoryPage, cards=True).filter(profile_links__profile=profile).order_by("-date")
    )


def brands_featuring(profile=None, story=None):
    """Live brands that link to a profile or a story."""
    from cms.models import BrandPage

    queryset = live_pages(BrandPage, cards=True)
    if profile is not None:
        queryset = queryset.filter(profile_links__profile=profile)
    if story is not None:
        queryset = queryset.filter(story_links__story=story)
    return queryset


def stories_of_brand(brand):
    from cms.models import StoryPage

    return live_pages(StoryPage, cards=True).filter(brand_links__page=brand).order_by("-date")


def cards_with_images(*, picture_ids=(), **querysets):
    """Evaluate each related-cards queryset and load all their images in one query (with
    the pictures of `picture_ids`: ({name: cards}, {id: image}))."""
    cards = {name: list(queryset) for name, queryset in querysets.items()}
    pictures = attach_images_with_pictures(
        [page for pages in cards.values() for page in pages], picture_ids
    )
    return cards, pictures


def related_cards(page, request, *, picture=None, **makers):
    """The cards a detail page shows, kept until content changes (never for a preview,
    whose links are the editor's unsaved ones). Each maker returns a queryset; it is only
    called when the cards are built. Outside previews each value is lazy: a page whose
    rendered content comes from the fragment cache never reads the cards at all.

    `picture` is (context name, image id) of a picture the page shows above its cards (a
    story's cover): when the cards are built it comes in their image query, one query less;
    when they come from the cache it is loaded alone. It is never kept with the cards."""
    from django.utils.functional import SimpleLazyObject

    from cms.content_cache import cached_content, depends_on, page_tag

    def build():
        # Its own tag: a page published that links to it or that it links to retires it.
        depends_on(page_tag(page.pk))
        # Each maker's query depends on this page and the restricted paths only, so its SQL
        # is compiled once per process (cms.query_plans).
        paths = tuple(restricted_paths())
        built, found = cards_with_images(
            picture_ids=picture_ids,
            **{
                name: planned(("cards", page.pk, name, paths), make)
                for name, make in makers.items()
            },
        )
        pictures.update(found)
        return built

    picture_name, picture_id = picture or (None, None)
    picture_ids = [picture_id] if picture_id else []
    pictures = {}  # the picture found while building the cards, for this request only
    if getattr(request, "is_preview", False):
        cards = build()
        if picture_name:
            cards[picture_name] = pictures.get(picture_id)
        return cards
    cards = {}

    def card_list(name):
        if not cards:
            cards.update(cached_content(f"cards:{page.pk}", build))
        return cards[name]

    def picture_image():
        card_list(next(iter(makers)))  # the cards first: their query may bring the picture
        if picture_id not in pictures:
            pictures.update(images_with_renditions([picture_id]))
        return pictures.get(picture_id)

    lazy = {name: SimpleLazyObject(lambda name=name: card_list(name)) for name in makers}
    if picture_name:
        lazy[picture_name] = picture_id and SimpleLazyObject(picture_image)
    return lazy


# What the home page shows: per section, the page type (app label), the order and how many.
# Apps built on cms add theirs from their AppConfig.ready (learning adds "lectures"), so cms
# never names their page types.
_HOME_SECTIONS = {
    "stories": ("cms.StoryPage", ("-date", "-pk"), 4),
    "brands": ("cms.BrandPage", ("title",), 6),
    "profiles": ("cms.ProfilePage", ("-first_published_at",), 8),
    "walls": ("cms.PledgeWallPage", ("-opens_on",), 2),
}


def register_home_section(name: str, *, model: str, order_by: tuple, count: int) -> None:
    """Show the newest `count` live pages of `model` ("app.Model") on the home page, in the
    template variable `name`."""
    _HOME_SECTIONS[name] = (model, tuple(order_by), count)


def home_section_names():
    """The names home_sections() returns (HomePage.get_context makes each one lazy)."""
    return (*_HOME_SECTIONS, "indexes")


def home_sections(home):
    """What the home page shows: the newest of each kind of content, with images ready."""
    from django.apps import apps

    from cms.navigation import site_sections

    # Compiled once per process (cms.query_plans): building and compiling these small
    # queries cost more than running them. The keys name every input of the queries.
    paths = tuple(restricted_paths())
    place = (home.path, home.depth, paths)
    sections = {
        name: planned(
            ("home section", model, order_by, count, *place),
            lambda model=model, order_by=order_by, count=count: (
                live_pages(apps.get_model(model), cards=True, paths=paths)
                .filter(below(home))
                .order_by(*order_by)[:count]
            ),
        )
        for name, (model, order_by, count) in _HOME_SECTIONS.items()
    }
    attach_images([page for pages in sections.values() for page in pages])
    # The index pages ("see all" links) are the site's sections, read with the menu.
    sections["indexes"] = {entry["kind"]: entry for entry in site_sections()[1:]}
    return sections
