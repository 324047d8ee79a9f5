"""A whole-page cache for anonymous visitors.

Wagtail marks the requests it serves a public page for (see wagtail_hooks); this middleware,
placed right after the security middleware (which redirects plain HTTP and adds its headers
to hits too), answers repeats of those requests without touching sessions, the database or
templates. The key carries scheme, host and path.

Moving a page, a slug change or a menu page clears the cache (cms.signals). Any other change (a
publish, a pledge event, an image save) retires only the pages that show what changed: each
stored page keeps the time it was rendered and the pages it shows ("page:<id>" tags collected
while it was rendered, cms.content_cache), and is served only while none of them was retired
since.

Two tiers: the shared "pages" cache (Redis in production) and a small copy in each worker's
memory, which spares a hit the network round trip and the transfer of the page. A clear
changes a generation token in the shared cache; each worker compares its token, and the
retirement times of the pages its copies show, at most once every PAGE_CACHE_CHECK_SECONDS,
so a change reaches every worker within that time (and the worker that made it at once).
"""

import hashlib
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from cms.content_cache import RETIRED_KEY, collecting, depends_on, is_current, page_tag
from cms.navigation import NAVIGATION_KEY
from xianfeng import memory

CACHEABLE_FLAG = "_xf_page_cacheable"
HEADER = "X-Page-Cache"
UNCACHED_HEADERS = {"set-cookie", "x-page-cache", "date"}
GENERATION_KEY = "page-generation"
# Query parameters the public pages understand (listing filters and pages) are listed in
# settings.PAGE_CACHE_QUERY_PARAMS. A request with any other parameter is served fresh and not
# stored, so made-up query strings cannot fill the cache.


def page_cache():
    return caches["pages"]


class LocalPages:
    """The worker's own copy of recently served pages, dropped when the generation changes,
    and what it knows of retired pages (refreshed at the same time)."""

    def __init__(self, max_entries=200):
        self.max_entries = max_entries
        self.entries = OrderedDict()
        self.generation = None
        self.checked_at = float("-inf")
        self.retired = {}  # page tag -> when it was retired (cms.content_cache.RETIRED_KEY)

    def sync(self, check_seconds):
        now = time.monotonic()
        if now - self.checked_at < check_seconds:
            return
        shared = page_cache()
        generation = shared.get(GENERATION_KEY)
        if generation is None:
            shared.add(GENERATION_KEY, uuid.uuid4().hex, None)
            generation = shared.get(GENERATION_KEY)
        if generation != self.generation:
            self.entries.clear()
            self.generation = generation
        from django.core.cache import cache

        self.retired = cache.get(RETIRED_KEY) or {}
        self.checked_at = now

    def is_current(self, entry):
        _content, _headers, started, tags = entry
        return is_current(started, tags, self.retired)

    def get(self, key):
        item = self.entries.get(key)
        if item is None:
            return None
        expires_at, entry = item
        if time.monotonic() >= expires_at or not self.is_current(entry):
            del self.entries[key]
            return None
        self.entries.move_to_end(key)
        return entry

    def put(self, key, entry, timeout):
        if self.generation is None:
            # The shared cache is unreachable (xianfeng.redis_cache): without its generation a
            # copy here could not be retired by a publish in another worker, so keep none.
            return
        self.entries[key] = (time.monotonic() + timeout, entry)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)

    def retire(self, tags, when):
        """What this worker retired itself: known at once, without waiting for a sync."""
        self.retired = {**self.retired, **dict.fromkeys(tags, when)}

    def clear(self):
        self.entries.clear()
        self.retired.clear()
        self.checked_at = float("-inf")


local_pages = memory.remember(LocalPages(), name="local pages")


def clear_page_cache():
    """The whole-site clear: every kept page, content entry, routed page, site, private path
    and the menu, in every worker. Only for changes everything may depend on (the policy:
    cms.content_cache); a change to a few pages retires them instead (retire_pages)."""
    from django.core.cache import cache

    from cms.content_cache import clear_content_cache
    from cms.routing import clear_routing_cache

    clear_content_cache()
    page_cache().clear()  # also removes the generation token: every worker drops its copy
    local_pages.clear()
    cache.delete(NAVIGATION_KEY)
    clear_routing_cache()


def mark_cacheable(request, page=None):
    """This request may be answered from the cache; it shows `page`."""
    setattr(request, CACHEABLE_FLAG, True)
    if page is not None:
        depends_on(page_tag(page.pk))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.timeout = settings.PAGE_CACHE_SECONDS
        self.check_seconds = settings.PAGE_CACHE_CHECK_SECONDS
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.query_params = set(settings.PAGE_CACHE_QUERY_PARAMS)

    def __call__(self, request):
        if (
            not self.enabled
            or request.method not in ("GET", "HEAD")
            or (self.session_cookie in request.COOKIES)
            or not self.query_params.issuperset(request.GET)
        ):
            return self.get_response(request)

        key = self.key_for(request)
        local_pages.sync(self.check_seconds)
        cached = local_pages.get(key)
        if cached is None:
            cached = page_cache().get(key)
            if cached is not None and len(cached) == 4 and local_pages.is_current(cached):
                local_pages.put(key, cached, self.timeout)
            else:
                cached = None
        if cached is not None:
            content, headers, _started, _tags = cached
            response = HttpResponse(content, headers=headers)
            response[HEADER] = "hit"
            return response

        started = time.time()
        with collecting() as tags:
            response = self.get_response(request)
        if (
            getattr(request, CACHEABLE_FLAG, False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                with collecting() as rendered_tags:
                    response.render()
                tags |= rendered_tags
            headers = {k: v for k, v in response.items() if k.lower() not in UNCACHED_HEADERS}
            entry = (response.content, headers, started, sorted(tags))
            page_cache().set(key, entry, self.timeout)
            local_pages.put(key, entry, self.timeout)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def key_for(request):
        # Scheme and host too: an http:// request must never be answered with the https://
        # page (the security middleware redirects it first), nor one site with another's.
        raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
