"""Query results that change only when content does, kept between changes.

Listings, the home page sections and the related cards of a page are the same for every
visitor until something is published, unpublished, moved or deleted, so they are built once
and kept in the default cache under a content generation. cms.page_cache.clear_page_cache()
(called on every such change) drops the generation, which retires every entry at once. This
serves signed-in members, whom the page cache never serves, and anonymous first visits.

A request reads the generation once and keeps it until it ends (a page asks for several
entries; each read is a Redis round trip). Clearing in this process forgets it at once.
"""

import hashlib
import threading
import uuid

from django.core.cache import cache
from django.core.signals import request_finished, request_started

GENERATION_KEY = "xf:content-generation"
TIMEOUT = 600
_MISSING = object()
_request = threading.local()  # .active inside a request; .generation once read


def _start_request(**kwargs):
    _request.active, _request.generation = True, None


def _end_request(**kwargs):
    _request.active, _request.generation = False, None


request_started.connect(_start_request, dispatch_uid="xf_content_generation_start")
request_finished.connect(_end_request, dispatch_uid="xf_content_generation_end")


def generation():
    token = getattr(_request, "generation", None)
    if token is not None:
        return token
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    if getattr(_request, "active", False):
        _request.generation = token
    return token


def clear_content_cache():
    cache.delete(GENERATION_KEY)
    _request.generation = None


def cached_content(name, build, timeout=TIMEOUT, keep=None):
    """The value `build()` returns for `name` in the current content generation; a value
    for which `keep(value)` is false is returned but not stored."""
    digest = hashlib.sha1(name.encode()).hexdigest()
    key = f"xf:content:{generation()}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, timeout)
    return value
