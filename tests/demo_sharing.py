"""The demo site, loaded once and shared by the tests that ask for it (`demo_site`).

Loading the demo (`cms.demo.load_demo`) takes seconds and most database tests ask for it, so
it is loaded once into an outer transaction that stays open while such tests run. Each test's
own transaction (pytest-django's `db`) is then a savepoint inside it, rolled back after the
test: no test sees another's writes, and `demo_site` hands each test freshly fetched objects.

The outer transaction is rolled back before any other test starts (one that did not ask for
the demo, or that needs real commits: `transactional_db`, `live_server`), so those see the
database exactly as before. `demo_first` runs the demo tests first, so a run loads the demo
about once. Nothing else is shared: caches and process memories are still reset per test
(`_isolated_caches`), and a demo callback deferred with `transaction.on_commit` never runs,
as before (the outer transaction never commits).
"""

import random

import pytest

# Set while the session fixture `shared_demo` is up (tests/conftest.py).
_active = None

_decided = pytest.StashKey[bool]()

# Fixtures after which pytest-django runs the test as a TransactionTestCase (no outer
# transaction can wrap it: it commits, and it flushes every table afterwards).
_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def is_transactional(item):
    if _TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    from pytest_django.plugin import validate_django_db

    transaction, reset_sequences, _databases, serialized_rollback, _apps = validate_django_db(
        marker
    )
    return bool(transaction or reset_sequences or serialized_rollback)


def wants_shared_demo(item):
    return "demo_site" in getattr(item, "fixturenames", ()) and not is_transactional(item)


class SharedDemo:
    """The outer transaction holding the demo, opened and rolled back between tests."""

    def __init__(self, blocker):
        self._blocker = blocker
        self._atomic = None
        self._home = None

    @property
    def is_open(self):
        return self._atomic is not None

    def open(self):
        from django.db import connection, transaction

        if self._atomic is not None:
            if connection.atomic_blocks == [self._atomic] and not connection.closed_in_transaction:
                return
            # A test closed the connection (say a bare request_started signal: Django closes a
            # connection found inside a transaction), so the demo went with it: load it again.
            self.close()

        from cms.demo import load_demo

        with self._blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError("the shared demo must be the outermost transaction")
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                home = load_demo(log=lambda message: None)
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self._atomic = atomic
        self._home = (type(home), home.pk)

    def close(self):
        if self._atomic is None:
            return
        from django.db import connection, transaction

        atomic, self._atomic = self._atomic, None
        with self._blocker.unblock():
            left_open = [block for block in connection.atomic_blocks if block is not atomic]
            while connection.atomic_blocks:
                transaction.set_rollback(True)
                connection.atomic_blocks[-1].__exit__(None, None, None)
        if left_open:
            # Said once, so a test's unclosed transaction is not silently rolled back with it.
            raise RuntimeError("a test left a transaction open inside the shared demo")

    def home(self):
        """The home page, fetched afresh: an instance a test changes never reaches the next."""
        model, pk = self._home
        return model.objects.get(pk=pk)


def activate(shared):
    global _active
    _active = shared


def before_first_function_fixture(fixturedef, request):
    """Called by the `pytest_fixture_setup` hook: before a test's first function-scoped
    fixture (so before its own transaction and before `_isolated_caches`), open the shared
    demo if the test asks for it, or roll it back if it does not."""
    if fixturedef.scope != "function" or _active is None:
        return
    item = request.node
    if item.stash.get(_decided, False):
        return
    item.stash[_decided] = True
    if wants_shared_demo(item):
        _active.open()
    else:
        _active.close()


def demo_first(items):
    """Run the tests that share the demo before the others (a stable sort, so pytest-django's
    order of the rest, and the order within each group, are kept)."""
    items.sort(key=lambda item: not wants_shared_demo(item))


def reorder(items, order):
    """`--order reverse` or `--order random:SEED` runs the tests in another order (pytest-django
    still groups them afterwards), to show that no test depends on one run before it."""
    if order == "reverse":
        items.reverse()
    elif order.startswith("random:"):
        random.Random(order.removeprefix("random:")).shuffle(items)
    elif order:
        raise pytest.UsageError(f"--order must be reverse or random:SEED, not {order!r}")
