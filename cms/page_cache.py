"""A whole-page cache for anonymous visitors.

Wagtail marks the requests it serves a public page for (see wagtail_hooks); this middleware,
first in the stack, answers repeats of those requests without touching sessions, the database
or templates. Publishing, unpublishing, moving or deleting content clears the cache
(cms.signals).

Two tiers: the shared "pages" cache (Redis in production) and a small copy in each worker's
memory, which spares a hit the network round trip and the transfer of the page. A clear
changes a generation token in the shared cache; each worker compares its token at most once
every PAGE_CACHE_CHECK_SECONDS, so a publish reaches every worker within that time (and the
worker that published at once).
"""

import hashlib
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

CACHEABLE_FLAG = "_xf_page_cacheable"
HEADER = "X-Page-Cache"
UNCACHED_HEADERS = {"set-cookie", "x-page-cache", "date"}
NAVIGATION_KEY = "xf:navigation"
GENERATION_KEY = "page-generation"
# Query parameters the public pages understand (listing filters and pages). A request with any
# other parameter is served fresh and not stored, so made-up query strings cannot fill the cache.
DEFAULT_QUERY_PARAMS = {"region", "org", "page", "category", "status"}


def page_cache():
    return caches["pages"]


class LocalPages:
    """The worker's own copy of recently served pages, dropped when the generation changes."""

    def __init__(self, max_entries=200):
        self.max_entries = max_entries
        self.entries = OrderedDict()
        self.generation = None
        self.checked_at = float("-inf")

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
        self.checked_at = now

    def get(self, key):
        item = self.entries.get(key)
        if item is None:
            return None
        expires_at, entry = item
        if time.monotonic() >= expires_at:
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

    def clear(self):
        self.entries.clear()
        self.checked_at = float("-inf")


local_pages = LocalPages()


def clear_page_cache():
    from django.core.cache import cache

    from cms.content_cache import clear_content_cache
    from cms.routing import clear_routing_cache

    clear_content_cache()
    page_cache().clear()  # also removes the generation token: every worker drops its copy
    local_pages.clear()
    cache.delete(NAVIGATION_KEY)
    clear_routing_cache()


def mark_cacheable(request):
    setattr(request, CACHEABLE_FLAG, True)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "PAGE_CACHE_ENABLED", True)
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.check_seconds = getattr(settings, "PAGE_CACHE_CHECK_SECONDS", 1.0)
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.query_params = set(getattr(settings, "PAGE_CACHE_QUERY_PARAMS",
                                        DEFAULT_QUERY_PARAMS))

    def __call__(self, request):
        if not self.enabled or request.method not in ("GET", "HEAD") or (
            self.session_cookie in request.COOKIES
        ) or not self.query_params.issuperset(request.GET):
            return self.get_response(request)

        key = self.key_for(request)
        local_pages.sync(self.check_seconds)
        cached = local_pages.get(key)
        if cached is None:
            cached = page_cache().get(key)
            if cached is not None:
                local_pages.put(key, cached, self.timeout)
        if cached is not None:
            content, headers = cached
            # The stored headers include those the security middleware added on the way out,
            # which a hit (answered before that middleware) would otherwise lack.
            response = HttpResponse(content, headers=headers)
            response[HEADER] = "hit"
            return response

        response = self.get_response(request)
        if (
            getattr(request, CACHEABLE_FLAG, False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {k: v for k, v in response.items() if k.lower() not in UNCACHED_HEADERS}
            entry = (response.content, headers)
            page_cache().set(key, entry, self.timeout)
            local_pages.put(key, entry, self.timeout)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def key_for(request):
        raw = f"{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.sha1(raw.encode()).hexdigest()
