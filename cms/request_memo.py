"""Shared-cache values read at most once per request, several in one round trip.

A page asks the default cache for the site, the private paths (twice), the menu, the
content generation and the pages retired lately: with Redis each is a round trip. cms.routing.CachedSiteMiddleware reads
them all with one get_many at the start of the request; later reads in the same request come
from here. Outside a request (commands, the worker) every read goes to the cache. Clearing
the caches in this process (cms.page_cache.clear_page_cache) forgets what was read.
"""

import threading

from django.core.cache import cache
from django.core.signals import request_finished, request_started

from xianfeng import memory

_request = threading.local()  # .values: dict inside a request, None outside


def _start(**kwargs):
    _request.values = {}


def _end(**kwargs):
    _request.values = None


request_started.connect(_start, dispatch_uid="xf_request_memo_start")
request_finished.connect(_end, dispatch_uid="xf_request_memo_end")


def _values():
    return getattr(_request, "values", None)


def prefetch(*keys):
    values = _values()
    if values is None:
        return
    wanted = [key for key in keys if key not in values]
    if wanted:
        found = cache.get_many(wanted)
        values.update({key: found.get(key) for key in wanted})


def cache_get(key):
    """cache.get(key) (None when missing), read once per request."""
    values = _values()
    if values is None:
        return cache.get(key)
    if key not in values:
        values[key] = cache.get(key)
    return values[key]


def cache_set(key, value, timeout):
    """cache.set(), and the value kept for the rest of the request."""
    cache.set(key, value, timeout)
    remember(key, value)


def remember(key, value):
    """What the caller has just stored under `key`, for the rest of the request."""
    values = _values()
    if values is not None:
        values[key] = value


def forget():
    values = _values()
    if values is not None:
        values.clear()


# Outside a request there is nothing to forget; inside one (a test calling a view's helpers
# while a request is open in this thread) forgetting makes the next read go to the cache.
memory.remember(_request, name="request memo", forget=forget)
