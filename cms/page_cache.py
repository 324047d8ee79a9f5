"""A whole-page cache for anonymous visitors.

Wagtail marks the requests it serves a public page for (see wagtail_hooks); this middleware,
first in the stack, answers repeats of those requests from the "pages" cache without touching
sessions, the database or templates. Publishing, unpublishing, moving or deleting content
clears the cache (cms.signals), so visitors never see a page older than the last publish.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

CACHEABLE_FLAG = "_xf_page_cacheable"
HEADER = "X-Page-Cache"
UNCACHED_HEADERS = {"set-cookie", "x-page-cache", "date"}


def page_cache():
    return caches["pages"]


NAVIGATION_KEY = "xf:navigation"


def clear_page_cache():
    from django.core.cache import cache

    from cms.routing import clear_routing_cache

    page_cache().clear()
    cache.delete(NAVIGATION_KEY)
    clear_routing_cache()


def mark_cacheable(request):
    setattr(request, CACHEABLE_FLAG, True)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "PAGE_CACHE_ENABLED", True)
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if not self.enabled or request.method not in ("GET", "HEAD") or (
            self.session_cookie in request.COOKIES
        ):
            return self.get_response(request)

        key = self.key_for(request)
        cached = page_cache().get(key)
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
            page_cache().set(key, (response.content, headers), self.timeout)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def key_for(request):
        raw = f"{request.get_host()}{request.get_full_path()}"
        return "page:" + hashlib.sha1(raw.encode()).hexdigest()
