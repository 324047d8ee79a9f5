"""Rate limits on member writes, for the APIs (a DRF throttle) and the HTML forms (a view
decorator), counted in the default cache per scope and per member (per client address for
anonymous requests).

The limits are one setting, RATE_LIMITS = {"<scope>": "<count>/<second|minute|hour|day>"}
(xianfeng/settings/base.py lists every scope); None switches a scope off. The pledge services
count their own two scopes with limit_for and count_hit. A refused write is a 429 with a
Chinese message and Retry-After. While the cache is unreachable nothing is counted
and every write goes through (the Redis cache fails soft: reads miss, writes are skipped).
"""

import functools
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_for(scope):
    """The scope's "<count>/<period>" from settings.RATE_LIMITS, or None when it is off. A
    scope missing from the setting is a mistake in the code, so it raises KeyError."""
    return settings.RATE_LIMITS[scope]


def limit_for(scope):
    """The scope's limit as (count, seconds), or None when it is off."""
    rate = rate_for(scope)
    if rate is None:
        return None
    count, period = rate.split("/")
    return int(count), PERIOD_SECONDS[period[0]]


def client_address(request):
    """The client's address, for rate limits, liker tokens, likes and sign-in lockouts
    (AXES_CLIENT_IP_CALLABLE). Behind a proxy, settings.CLIENT_IP_HEADER (e.g.
    HTTP_X_FORWARDED_FOR) names the header; its last entry is the one our own proxy appended,
    so a client cannot choose it."""
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[-1].strip() or None


def count_hit(key, seconds):
    """Count one hit under key for `seconds`; returns the hits so far, this one included.
    While the cache is unreachable nothing is stored and this is always 1 (fail open)."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr, or the cache is unreachable
        cache.set(key, 1, seconds)
        return 1


def too_often(wait):
    return _("You are doing this too often. Please try again in %(seconds)d seconds.") % {
        "seconds": max(1, math.ceil(wait or 1))
    }


class WriteThrottle(SimpleRateThrottle):
    """Counts writes (not GET, HEAD or OPTIONS, unless the view sets throttle_safe_methods)
    in the view's `throttle_scope`."""

    def __init__(self, scope=None):
        # SimpleRateThrottle reads the rate in __init__; ours is read per request, once the
        # view (and so the scope) is known.
        self.scope = scope

    def get_rate(self):
        return rate_for(self.scope)

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS and not getattr(view, "throttle_safe_methods", False):
            return True
        self.scope = self.scope or getattr(view, "throttle_scope", None)
        self.rate = self.get_rate() if self.scope else None
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        # A fixed window counted with add + incr, which Redis does atomically: DRF's own
        # history (get, then set) lets parallel requests all read the same history and pass.
        now = time.time()
        window = int(now // self.duration)
        hits = count_hit(f"{self.get_cache_key(request, view)}:{window}", self.duration + 1)
        if hits <= self.num_requests:
            return True
        wait = (window + 1) * self.duration - now
        raise Throttled(wait=wait, detail=too_often(wait))

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = (
            f"u{user.pk}"
            if user is not None and user.is_authenticated
            else f"a{client_address(request)}"
        )
        return f"xf:throttle:{self.scope}:{ident}"


def rate_limited(scope):
    """For a view function that takes form posts: the same limit as the API's scope, answered
    with a 429 page."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                WriteThrottle(scope).allow_request(request, None)
            except Throttled as refused:
                referer = request.META.get("HTTP_REFERER", "")
                back_url = (
                    referer
                    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
                    else "/"
                )
                response = render(
                    request,
                    "429.html",
                    {"message": refused.detail, "back_url": back_url},
                    status=429,
                )
                response["Retry-After"] = str(max(1, math.ceil(refused.wait or 1)))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
