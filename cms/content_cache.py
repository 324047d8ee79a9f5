"""Query results that change only when content does, kept between changes.

Listings, the home page sections and the related cards of a page are the same for every
visitor until something is published, unpublished, moved or deleted, so they are built once
and kept in the default cache under a content generation. cms.page_cache.clear_page_cache()
(called on every such change) drops the generation, which retires every entry at once. This
serves signed-in members, whom the page cache never serves, and anonymous first visits.

The generation is read once per request (cms.request_memo).
"""

import hashlib
import uuid

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


def cached_content(name, build, timeout=TIMEOUT, keep=None):
    """The value `build()` returns for `name` in the current content generation; a value
    for which `keep(value)` is false is returned but not stored."""
    if not settings.CONTENT_CACHE_ENABLED:
        return build()
    digest = hashlib.sha1(name.encode()).hexdigest()
    key = f"xf:content:{generation()}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, timeout)
    return value
