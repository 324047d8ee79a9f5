"""What a process remembers in its own memory, registered in one place.

Some things are kept in a worker's memory rather than in the shared cache, because reading
them from Redis would cost more than they save: API tokens (xianfeng.authentication), section
rules (learning.selectors), when a member's fold was last queued (learning.services.ingest),
the search dictionary's signature (search.dictionary), the worker's copy of whole pages
(cms.page_cache), the Redis circuit breakers (xianfeng.redis_cache). Each retires itself in
production (a short time to live, a signal, a generation check); this registry exists so that
whatever must forget everything at once (each test, since ids are reused once a test's rows
are rolled back) does so with one call, and a memory added later cannot be left out.

A module-level memory is declared where it lives::

    _remembered = memory.remember({}, name="api tokens")

and `forget_all()` empties every one. tests/xianfeng/test_process_memory.py fails on a module-level
mutable value in the project that is neither registered nor listed there as not data.
The policy for the shared caches is in docs/cache-policy.md.
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# name -> (the remembered object, how to forget it)
_registry: dict[str, tuple[object, Callable[[], None]]] = {}


def remember(holder: T, *, name: str, forget: Callable[[], None] | None = None) -> T:
    """Register `holder` (a dict, a set, an object with clear()) as a process memory and
    return it; `forget` empties it (default: its clear method)."""
    if forget is None:
        forget = holder.clear  # type: ignore[attr-defined]
    known = _registry.get(name)
    if known is not None and known[0] is not holder:
        # A module imported twice under two names would keep two memories, one never forgotten.
        raise ValueError(f"a different process memory is already registered as {name!r}")
    _registry[name] = (holder, forget)
    return holder


def forget_all() -> None:
    """Empty every registered process memory (in this process only)."""
    for _holder, forget in _registry.values():
        forget()


def registered() -> dict[str, object]:
    """{name: remembered object}, for tests and for looking around in a shell."""
    return {name: holder for name, (holder, _forget) in _registry.items()}
