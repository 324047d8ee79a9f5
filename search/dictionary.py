"""The segmenter's user dictionary: names of profiles, brands and organisations.

Loaded from the database once per process and refreshed when those names change (checked
at most once a minute), so a new exemplar's name is one word for indexing and for queries.
`warm_up` loads it, with jieba's own dictionary, OpenCC and pypinyin (seconds together), when
a web or worker process starts (search.apps), so no visitor's search pays for it.
"""

from __future__ import annotations

import logging
import re
import time

from search import analysis
from xianfeng import memory

logger = logging.getLogger(__name__)
CHECK_EVERY = 60.0
_state = memory.remember(
    {"signature": None, "checked": 0.0},
    name="search dictionary",
    # Only what was checked: the words the segmenter learnt stay (harmless, and reloading jieba
    # costs a second); the next search compares the names again.
    forget=lambda: _state.update(signature=None, checked=0.0),
)
_SPLIT_RE = re.compile(r"[·・\s，、“”《》()（）]+")


def _names():
    from cms.models import BrandPage, Organisation, ProfilePage

    names = list(ProfilePage.objects.values_list("title", flat=True))
    for title in BrandPage.objects.values_list("title", flat=True):
        names.append(title)
        names.extend(_SPLIT_RE.split(title))  # 韶曜先锋·五星党员 → 韶曜先锋, 五星党员
    names.extend(Organisation.objects.values_list("name", flat=True))
    return names


def _signature():
    from django.db.models import Count, Max

    from cms.models import BrandPage, Organisation, ProfilePage

    parts = []
    for model in (ProfilePage, BrandPage):  # renames show as a newer publication time
        agg = model.objects.aggregate(n=Count("pk"), m=Max("pk"), t=Max("last_published_at"))
        parts.append((agg["n"], agg["m"], agg["t"]))
    agg = Organisation.objects.aggregate(n=Count("pk"), m=Max("pk"))
    parts.append((agg["n"], agg["m"]))
    return tuple(parts)


def ensure_loaded(force=False) -> None:
    now = time.monotonic()
    if not force and now - _state["checked"] < CHECK_EVERY and _state["signature"] is not None:
        return
    _state["checked"] = now
    try:
        signature = _signature()
    except Exception:  # noqa: BLE001 - no tables yet (e.g. during migrate): plain jieba
        return
    if force or signature != _state["signature"]:
        analysis.add_user_words(_names())
        _state["signature"] = signature


def warm_up() -> float:
    """Load everything the first search would load; returns the seconds it took. Never
    raises: a process that cannot warm up still serves (its first search is slow)."""
    started = time.perf_counter()
    try:
        analysis.warm_up()
        # What a search request loads on top (the Elasticsearch client is the big one).
        from search.backends import get_backend

        get_backend()
        ensure_loaded(force=True)
    except Exception:  # e.g. no database yet: warming up is only an optimisation
        logger.warning("search warm-up failed", exc_info=True)
    return time.perf_counter() - started
