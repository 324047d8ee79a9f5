"""The cache policy, and the content cache it is built on.

The policy, in one place (the table of every cached thing, its owner, key and what retires it
is docs/cache-policy.md):

* Everything kept depends on the pages it shows, whole or as a card: tags "page:<id>",
  written down under "Dependencies" below.
* A change retires exactly what shows or would show it (retire): a pledge event its wall, an
  image save the pages using the image, a publish, unpublish or delete the page, its
  ancestors (the listings and home sections that would list it), the pages it links to and
  those linking to it (whose related cards would show it), and its type (the search filter
  choices). Whatever carries one of those tags, in any worker, is stale.
* Only a change everything may depend on clears everything (cms.page_cache.clear_page_cache:
  a page moved or its slug changed (URLs below it), a menu page (shown on every page), the
  organisation tree, sites, privacy settings, Redis back after an outage): a new content
  generation here, the page cache, routing and menu.
* Each fragment is cached once, by {% contentcache %}; no timed cache nested inside it.
* Process-local memories are registered in xianfeng.memory.

The content cache: listings, the home page sections, the related cards of a page, rendered
fragments and routed pages are the same for every visitor until something changes, so they
are built once and kept in the default cache under the content generation (cached_content).
This serves signed-in members, whom the page cache never serves, and anonymous first visits.
The generation and the retired pages are read once per request (cms.request_memo).
"""

import hashlib
import threading
import time
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from cms import request_memo

GENERATION_KEY = "xf:content-generation"
TIMEOUT = 600
_MISSING = object()


def generation():
    token = request_memo.cache_get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
        request_memo.remember(GENERATION_KEY, token)
    return token


def clear_content_cache():
    cache.delete(GENERATION_KEY)
    request_memo.forget()


# --- Dependencies ----------------------------------------------------------------------------
#
# The rule, in one place:
#   * Everything kept (a whole page in the page cache, a rendered fragment, a listing, the home
#     sections, related cards, a routed page) depends on every page it shows, whole or as a
#     card: on "page:<id>". Pages are found in what a build returns (page_tags_in) and in the
#     page being served (cms.page_cache.mark_cacheable); a kept fragment hands its
#     dependencies on to the page around it.
#   * A pledge event visitors may see (a post on a publish-first wall, moderation, progress,
#     outcome) changes its wall's page: the wall, its pledges' pages and cards (served by the
#     wall page), and the wall's card on the home page and the wall index (which show the count
#     of public pledges). Nothing else: not another wall, not a story, not a listing of stories.
#     A post held for review and a like change no kept page (counts are fetched fresh by the
#     wall's script).
#   * Saving an image changes the pages that use it (Wagtail's reference index: cover, photo,
#     logo, gallery and image blocks) and so every card of those pages.
#   * Publishing, unpublishing or deleting a page changes the page itself and what would
#     list it: its ancestors (a listing page and the home page show the live pages below them
#     by query, so their builders depend on their own page tag), the pages it links to and
#     those linking to it (related cards are built from those links; the reference index) and
#     "type:<app_label.model>" (the search filter choices of a type's honours). A list that
#     showed it carries its tag already. See pages_changed_by_publish.
#   * Moving a page or changing its slug (every URL below it), a menu page (the menu is on every
#     page: show_in_menus, a site root or a child of one), the organisation tree, sites and
#     privacy settings clear everything (cms.page_cache.clear_page_cache). So does Redis
#     coming back after an outage.

# When each page was last retired, in one value that comes with the other values a request
# reads first (cms.routing prefetches it); entries older than anything is kept are dropped.
RETIRED_KEY = "xf:retired-pages"
RETIRED_SECONDS = 2 * 3600  # longer than pages, content and routes are kept
# More retired pages than this (a bulk import of images?): clear everything instead.
MAX_RETIRED = 5000


def page_tag(page_id):
    return f"page:{page_id}"


def type_tag(model):
    return f"type:{model._meta.label_lower}"


def pages_changed_by_pledge(pledge):
    return [pledge.wall_id]


def pages_using_image(image):
    """Ids of the pages that show `image` (as Wagtail's reference index knows them)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(image)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return sorted({int(value) for value in ids})


# The menu is the site roots' live children with show_in_menus (cms.context_processors); the
# root of the tree is depth 1, site roots 2, the menu's pages 3.
MENU_DEPTH = 3


def publish_clears_everything(page):
    """Whether publishing, unpublishing or deleting `page` may change the menu, which every
    page shows: a page shown in it, or a site root or a child of one (which was shown in it,
    or is an index card on the home page, whatever its show_in_menus says now)."""
    return bool(page.show_in_menus) or page.depth <= MENU_DEPTH


def pages_changed_by_publish(page, *, links=True):
    """The tags a publish, unpublish or delete of `page` retires: the page, its ancestors,
    the pages it links to and those linking to it (`links`), and its type."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    steplen = Page.steplen
    ancestors = [page.path[:end] for end in range(steplen * 2, len(page.path), steplen)]
    ids = {page.pk, *Page.objects.filter(path__in=ancestors).values_list("pk", flat=True)}
    if links:
        page_type = ContentType.objects.get_for_model(Page)
        # Linking to it: their index entries are current (they were saved before).
        ids |= {
            int(value)
            for value in ReferenceIndex.get_references_to(page)
            .filter(base_content_type=page_type)
            .values_list("object_id", flat=True)
        }
        # Linked from it: read from the page as published, as the index of its own links is
        # brought up to date by a task that may not have run yet. The links it had before are
        # covered by its own tag (every card list showing it carries it).
        ids |= {
            int(object_id)
            for content_type_id, object_id, *_path in ReferenceIndex._extract_references_from_object(
                page
            )
            if content_type_id == page_type.pk
        }
    model = page.specific_class or type(page)
    return [*(page_tag(pk) for pk in sorted(ids)), type_tag(model)]


def page_tags_in(value, depth=3):
    """The page tags of the pages inside a built value (lists, tuples, dicts of pages)."""
    from wagtail.models import Page

    if isinstance(value, Page):
        return {page_tag(value.pk)}
    if depth == 0:
        return set()
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, (list, tuple, set)):
        return set()
    tags = set()
    for item in value:
        tags |= page_tags_in(item, depth - 1)
    return tags


# What the code running now depends on: one set per kept thing being built (a page, a
# fragment inside it, a listing inside that); what an inner one depends on, the outer does too.
_frames = threading.local()


def depends_on(*tags):
    for frame in getattr(_frames, "stack", ()):
        frame.update(tags)


@contextmanager
def collecting():
    """Collect what is built inside into a set (the value of the with-statement)."""
    stack = getattr(_frames, "stack", None)
    if stack is None:
        stack = _frames.stack = []
    frame = set()
    stack.append(frame)
    try:
        yield frame
    finally:
        stack.pop()


def retired_times():
    """{page tag: when it was retired} for the pages retired lately, read once per request."""
    return request_memo.cache_get(RETIRED_KEY) or {}


def is_current(started, tags, retired):
    """Whether a copy made from `started` on, showing `tags`, was retired since."""
    return all(retired.get(tag, float("-inf")) < started for tag in tags)


@contextmanager
def _retiring():
    """A short lock around the read-modify-write of the retired pages (rare: pledge events
    and image saves). Only its holder releases it. If the cache is unreachable (add fails
    and the lock reads as absent twice in a row), or the lock cannot be had in a second, go
    on anyway: retire_pages checks that its write is there."""
    lock, token = RETIRED_KEY + ":lock", uuid.uuid4().hex
    held = False
    for _attempt in range(50):
        if cache.add(lock, token, 5):
            held = True
            break
        if cache.get(lock) is None:  # released just now, or Redis is unreachable
            held = cache.add(lock, token, 5)
            if held or cache.get(lock) is None:
                break
        time.sleep(0.02)
    try:
        yield
    finally:
        if held and cache.get(lock) == token:
            cache.delete(lock)


def retire_pages(page_ids):
    """Retire every kept thing that shows one of these pages (in every worker), and nothing
    else. Call after the change commits."""
    retire([page_tag(page_id) for page_id in page_ids])


def retire(tags):
    """Retire every kept thing carrying one of these tags ("page:<id>", "type:<model>")."""
    tags = list(tags)
    if not tags:
        return
    now = time.time()
    with _retiring():
        retired = {
            tag: when
            for tag, when in (cache.get(RETIRED_KEY) or {}).items()
            if when > now - RETIRED_SECONDS
        }
        retired.update(dict.fromkeys(tags, now))
        if len(retired) > MAX_RETIRED:
            from cms.page_cache import clear_page_cache

            retired = {}
            clear_page_cache()
        cache.set(RETIRED_KEY, retired, RETIRED_SECONDS)
    if not set(tags) <= set(cache.get(RETIRED_KEY) or ()):
        # Not recorded (Redis unreachable, or a concurrent write won): clear everything
        # instead, which the Redis cache replays once Redis is back (xianfeng.redis_cache).
        from cms.page_cache import clear_page_cache

        clear_page_cache()
    request_memo.forget()
    from cms.page_cache import local_pages

    local_pages.retire(tags, now)


def cached_content(name, build, timeout=TIMEOUT, keep=None):
    """The value `build()` returns for `name` in the current content generation; a value
    for which `keep(value)` is false is returned but not stored."""
    if not settings.CONTENT_CACHE_ENABLED:
        return build()
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()
    key = f"xf:content:{generation()}:{digest}"
    entry = cache.get(key)
    if entry is not None:
        started, tags, value = entry
        if is_current(started, tags, retired_times()):
            depends_on(*tags)
            return value
    started = time.time()
    with collecting() as tags:
        value = build()
        tags |= page_tags_in(value)
    depends_on(*tags)
    if keep is None or keep(value):
        cache.set(key, (started, sorted(tags), value), timeout)
    return value
