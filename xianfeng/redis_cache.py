"""Django's Redis cache backend, keeping one redis-py client per connection pool, and carrying
on without Redis when it cannot be reached.

Django builds a new `redis.Redis` for every cache operation, and redis-py's constructor fills
a table of some two hundred response callbacks each time: on a local Redis that cost more than
the GET itself (about 0.1 ms, several times per page). A client only holds its pool, which is
thread-safe and drops inherited connections after a fork, so one client per pool serves all.

Redis down must not take the site down. While the server cannot be reached, every operation
answers as if the cache were empty: a read is a miss, a write or delete does nothing, `add`
stores nothing (False) and `incr` finds no key (ValueError). A circuit breaker, shared by every
thread's cache object for the same server, then skips Redis altogether for
`CIRCUIT_BREAKER_SECONDS` (OPTIONS, default 5) before trying again, so an outage costs one
failed connection per few seconds, not a connect timeout per request. The outage is logged
once when it starts and once when it ends. Deletes and clears skipped meanwhile are replayed
when Redis answers again, and `cache_recovered` is sent, so that a publish during the outage
cannot leave stale pages behind even if the process that skipped its clear has ended.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from xianfeng import memory

logger = logging.getLogger(__name__)

# Sent in each process that saw a cache server come back after an outage (server: its name).
cache_recovered = Signal()

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_POOL_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 2.0}
MAX_PENDING_DELETES = 10_000


class CircuitBreaker:
    """Whether a Redis server is worth trying, and what to redo once it is back."""

    def __init__(self, name, seconds):
        self.name = name
        self.seconds = seconds
        self.down = False
        self.retry_at = 0.0  # monotonic clock
        self.pending_clear = False
        self.pending_deletes = set()
        self.overflowed = False
        self.lock = threading.Lock()

    def claim_retry(self):
        """True for the one caller that may try the server again now (the others carry on
        without it until that try has answered)."""
        with self.lock:
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + self.seconds
            return True

    def failed(self, error):
        with self.lock:
            self.retry_at = time.monotonic() + self.seconds
            if not self.down:
                self.down = True
                logger.warning(
                    "%s is unreachable (%s): carrying on without it, trying again every %s s.",
                    self.name,
                    error,
                    self.seconds,
                )

    def take_pending(self):
        """The deletes and clear skipped during the outage, to redo before anything else."""
        with self.lock:
            pending = self.pending_clear, tuple(self.pending_deletes)
            self.pending_clear, self.pending_deletes = False, set()
            self.overflowed = False
        return pending

    def recovered(self):
        """Mark the server as answering; True if this call ended an outage."""
        if not self.down:
            return False
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            logger.warning("%s answers again.", self.name)
        return was_down

    def remember_deletes(self, keys):
        with self.lock:
            if self.pending_clear:
                return
            if len(self.pending_deletes) + len(keys) > MAX_PENDING_DELETES:
                # Never escalated to a clear: the default database also holds the task queue.
                # The entries not deleted expire with their own timeouts.
                if not self.overflowed:
                    self.overflowed = True
                    logger.warning(
                        "%s: over %s deletes skipped during the outage; the rest "
                        "will expire by themselves.",
                        self.name,
                        MAX_PENDING_DELETES,
                    )
                return
            self.pending_deletes.update(keys)

    def remember_clear(self):
        with self.lock:
            self.pending_clear = True
            self.pending_deletes.clear()


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, seconds):
    """The breaker of the Redis service `name`, shared by every thread of the process."""
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, seconds)
        return _breakers[name]


def reset_breakers():
    """Forget every outage (tests)."""
    with _breakers_lock:
        _breakers.clear()


memory.remember(_breakers, name="redis circuit breakers", forget=reset_breakers)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, circuit_breaker_seconds=5, **options):
        super().__init__(servers, **{**DEFAULT_POOL_OPTIONS, **options})
        self._clients = {}
        self._breaker = breaker_for(
            f"Redis cache {','.join(self._servers)}", circuit_breaker_seconds
        )

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _call(self, name, fallback, *args, **kwargs):
        """Run Django's operation `name`, or answer `fallback()` while Redis is unreachable."""
        breaker = self._breaker
        if breaker.down and not (breaker.claim_retry() and self._recover()):
            return fallback()
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            breaker.failed(error)
            return fallback()

    def _recover(self):
        """Try Redis again, first redoing the deletes and clear skipped during the outage (a
        write made now must not be undone by them)."""
        breaker = self._breaker
        clear, keys = breaker.take_pending()
        try:
            if clear:
                super().clear()
            elif keys:
                super().delete_many(list(keys))
            else:
                self.get_client().ping()
        except UNREACHABLE as error:
            if clear:
                breaker.remember_clear()
            elif keys:
                breaker.remember_deletes(keys)
            breaker.failed(error)
            return False
        if breaker.recovered():
            # What this process skipped is redone above; what another process skipped is
            # lost with it if that process ended meanwhile. Receivers retire what was cached
            # before and during the outage (cms clears the page caches).
            cache_recovered.send(sender=type(self), server=breaker.name)
        return True

    def get(self, key, default):
        return self._call("get", lambda: default, key, default)

    def get_many(self, keys):
        return self._call("get_many", dict, keys)

    def has_key(self, key):
        return self._call("has_key", lambda: False, key)

    def add(self, key, value, timeout):
        return self._call("add", lambda: False, key, value, timeout)

    def set(self, key, value, timeout):
        return self._call("set", lambda: None, key, value, timeout)

    def set_many(self, data, timeout):
        return self._call("set_many", lambda: None, data, timeout)

    def touch(self, key, timeout):
        return self._call("touch", lambda: False, key, timeout)

    def incr(self, key, delta):
        def not_found():
            raise ValueError(f"Key '{key}' not found.")

        return self._call("incr", not_found, key, delta)

    def delete(self, key):
        def skipped():
            self._breaker.remember_deletes([key])
            return False

        return self._call("delete", skipped, key)

    def delete_many(self, keys):
        def skipped():
            self._breaker.remember_deletes(list(keys))

        return self._call("delete_many", skipped, keys)

    def clear(self):
        def skipped():
            self._breaker.remember_clear()
            return False

        return self._call("clear", skipped)


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
