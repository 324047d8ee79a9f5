"""The production cache backend reuses one redis-py client and still behaves as Django's."""

import logging
import time

import pytest

from xianfeng.redis_cache import SharedClientRedisCache, reset_breakers


@pytest.fixture(autouse=True)
def _fresh_breakers():
    reset_breakers()
    yield
    reset_breakers()


def test_one_client_serves_every_operation():
    cache = SharedClientRedisCache("redis://127.0.0.1:6390/0", {})
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_reads_writes_and_deletes(redis_url):
    cache = SharedClientRedisCache(redis_url, {"KEY_PREFIX": "t"})
    cache.set("a", {"x": 1})
    assert cache.add("b", 2) and not cache.add("b", 3)
    assert cache.get("a") == {"x": 1}
    assert cache.get_many(["a", "b", "c"]) == {"a": {"x": 1}, "b": 2}
    cache.delete_many(["a", "b"])
    assert cache.get("a", "gone") == "gone"


def test_an_unreachable_redis_reads_as_empty_and_writes_nothing(redis_server, caplog):
    cache = SharedClientRedisCache(
        redis_server.url(), {"OPTIONS": {"circuit_breaker_seconds": 0.3}}
    )
    cache.set("kept", 1)
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="xianfeng.redis_cache"):
        assert cache.get("kept", "miss") == "miss"
        cache.set("a", 1)  # nothing happens, nothing raises
        assert cache.add("a", 1) is False
        assert cache.get_many(["a", "kept"]) == {}
        assert cache.get_or_set("b", lambda: "built") == "built"
        assert not cache.has_key("kept") and not cache.touch("kept")
        with pytest.raises(ValueError):
            cache.incr("kept")
        cache.delete("kept")
        cache.delete_many(["a"])
        # The breaker skips Redis: a thousand operations cost no connection attempts.
        started = time.monotonic()
        for _ in range(1000):
            cache.get("a")
        assert time.monotonic() - started < 0.5
    outage_logs = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_logs) == 1  # once per outage, not once per call

    redis_server.start()
    time.sleep(0.35)
    cache.set("a", 2)
    assert cache.get("a") == 2
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_deletes_skipped_during_an_outage_are_replayed(redis_server):
    cache = SharedClientRedisCache(
        redis_server.url(), {"OPTIONS": {"circuit_breaker_seconds": 0.2}}
    )
    cache.set("page", "old")
    cache.set("other", "kept")
    redis_server.stop(keep_data=True)
    cache.delete("page")  # e.g. a publish while Redis is unreachable
    redis_server.start()  # the same data is back
    time.sleep(0.25)
    assert cache.get("page") is None  # not served stale
    assert cache.get("other") == "kept"

    redis_server.stop(keep_data=True)
    cache.clear()
    redis_server.start()
    time.sleep(0.25)
    assert cache.get("other") is None
