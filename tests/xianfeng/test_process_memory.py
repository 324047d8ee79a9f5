"""Every process memory is registered in xianfeng.memory, and forget_all() empties each one,
so the test fixture that resets them (tests/conftest.py) cannot miss one added later."""

import functools
import importlib
import pkgutil
import threading
from collections import OrderedDict

import pytest

from xianfeng import memory

PACKAGES = ("xianfeng", "cms", "learning", "search")
# Not imported by the scan: settings modules read the environment, scripts run on import.
SKIPPED = ("xianfeng.settings", "xianfeng.wsgi", "search.devnode", ".migrations")

# Module-level mutable values that are not memories of data, and why.
NOT_DATA = {
    # Derived from the code or from files of the install, never from the database.
    "xianfeng.fonts.cjk_font": "fonts loaded from the install",
    "xianfeng.fonts.emoji_font": "fonts loaded from the install",
    "xianfeng.text._invisible_table": "a table of Unicode properties",
    "xianfeng.text._opencc": "OpenCC's dictionaries",
    "cms.importer.text._converter": "OpenCC's dictionaries",
    "cms.templatetags.xf_images.shared_filter": "a parsed rendition spec",
    "cms.pledges.share_card.covered": "a font's character map",
    "cms.importer.structure._dict": "jieba's own dictionary",
    "cms.importer.cleaning._readings": "pinyin readings of a character",
    "cms.importer.people._jieba": "jieba's own dictionary",
    "search.analysis._tokenizer": "the segmenter; its learnt names only grow (search.dictionary)",
    "search.analysis._user_words": "the names the segmenter learnt (search.dictionary)",
    "search.analysis.pinyin_forms": "pinyin of a name",
    "search.backends.elasticsearch.client_for": "a client per server address",
    "search.documents.searchable_models": "the page types' declarations (code)",
    "search.documents.declared_fields": "the page types' declarations (code)",
    "search.documents.page_links": "the page types' declarations (code)",
    "xianfeng.memory._registry": "the registry itself",
    # Scoped to one block of code, not kept between requests.
    "cms.content_cache._frames": "what the code being run depends on (a with-block)",
}


def _project_modules():
    for package in PACKAGES:
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            if info.name.startswith(SKIPPED) or any(s in info.name for s in SKIPPED):
                continue
            yield importlib.import_module(info.name)


def _looks_like_memory(name, value):
    if name.startswith("__") or name.lstrip("_").isupper() or name in ("urlpatterns",):
        return False  # constants are upper case; URL patterns are code
    if isinstance(value, (dict, set, list, OrderedDict, threading.local)):
        return True
    return isinstance(value, functools._lru_cache_wrapper)


def _defined_here(module, value):
    # A function cached with lru_cache is reported by the module that defines it only.
    wrapped = getattr(value, "__wrapped__", None)
    return wrapped is None or wrapped.__module__ == module.__name__


def test_every_module_level_memory_is_registered_or_known_not_to_hold_data():
    modules = list(_project_modules())  # imported first: importing registers
    registered = {id(holder) for holder in memory.registered().values()}
    unregistered, seen = [], set()
    for module in modules:
        for name, value in vars(module).items():
            if not _looks_like_memory(name, value) or not _defined_here(module, value):
                continue
            where = f"{module.__name__}.{name}"
            seen.add(where)
            if id(value) not in registered and where not in NOT_DATA:
                unregistered.append(where)
    assert set(NOT_DATA) <= seen, f"NOT_DATA names what is gone: {set(NOT_DATA) - seen}"
    assert not unregistered, (
        "module-level memories neither registered with xianfeng.memory.remember() nor listed "
        f"in NOT_DATA: {sorted(set(unregistered))}"
    )


def test_the_known_memories_are_registered():
    from cms.page_cache import local_pages
    from learning import selectors
    from learning.services import ingest
    from search import dictionary
    from xianfeng import authentication, redis_cache

    holders = {id(holder) for holder in memory.registered().values()}
    for holder in (
        local_pages,
        selectors._rules,
        ingest._queued,
        dictionary._state,
        authentication._remembered,
        redis_cache._breakers,
    ):
        assert id(holder) in holders


def test_forget_all_empties_every_memory():
    from cms.page_cache import local_pages
    from learning import selectors
    from learning.services import ingest
    from search import dictionary
    from xianfeng import authentication, redis_cache

    local_pages.generation = "g"
    local_pages.put("page:x", ("content", {}, 0.0, []), 60)
    local_pages.retired["page:1"] = 1.0
    selectors._rules[1] = (float("inf"), None)
    ingest._queued[1] = 0.0
    dictionary._state.update(signature=("names",), checked=1.0)
    authentication._remembered["key"] = (float("inf"), None, None)
    redis_cache.breaker_for("Redis cache test", 5)

    memory.forget_all()

    assert not local_pages.entries and not local_pages.retired
    assert not selectors._rules and not ingest._queued and not authentication._remembered
    assert dictionary._state == {"signature": None, "checked": 0.0}
    assert not redis_cache._breakers


def test_a_second_memory_under_a_taken_name_is_refused():
    holder = memory.remember({}, name="test: one memory")
    assert memory.remember(holder, name="test: one memory") is holder  # the same, again: fine
    try:
        with pytest.raises(ValueError):
            memory.remember({}, name="test: one memory")
    finally:
        memory._registry.pop("test: one memory")
