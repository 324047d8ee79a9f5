"""Shared fixtures. Services a test needs (Chromium, PostgreSQL, a worker) are real.

Locally, a test whose service is missing skips. With XF_REQUIRE_SERVICES=1 (set by .ci/run)
every skip becomes a failure, so CI cannot go green by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests import demo_sharing
from tests.demo_sharing import SharedDemo

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_SERVICES = os.environ.get("XF_REQUIRE_SERVICES") == "1"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped:
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but XF_REQUIRE_SERVICES=1 forbids skips: {reason}"


@pytest.fixture(autouse=True)
def _isolated_caches():
    from django.core.cache import caches

    from xianfeng import memory

    for alias in ("default", "pages"):
        caches[alias].clear()
    # What workers remember in memory (every registered one, xianfeng.memory): ids are reused
    # once a test's rows are rolled back.
    memory.forget_all()
    yield


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def chromium_path():
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo loaded once and kept in an outer transaction (tests/demo_sharing.py)."""
    shared = SharedDemo(django_db_blocker)
    demo_sharing.activate(shared)
    try:
        yield shared
    finally:
        demo_sharing.activate(None)
        shared.close()


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    demo_sharing.before_first_function_fixture(fixturedef, request)


def pytest_addoption(parser):
    parser.addoption(
        "--order",
        default="",
        help="reverse, or random:SEED: run the tests in another order (tests/demo_sharing.py)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    demo_sharing.reorder(items, config.getoption("--order"))
    result = yield
    demo_sharing.demo_first(items)
    return result


@pytest.fixture
def demo_site(shared_demo, db):
    """The demo site's home page. Tests share one load of the demo; each test's writes are
    rolled back. A transactional test gets a load of its own, as it cannot share."""
    if shared_demo.is_open:
        return shared_demo.home()
    from cms.demo import load_demo

    return load_demo(log=lambda message: None)


@pytest.fixture
def wagtail_tree(transactional_db):
    """Wagtail's root page and root collection, which a transactional flush removes."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="zh-hans")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )


@pytest.fixture(scope="session")
def _live_demo_copies():
    """Copies of the committed demo, by test database (tests/db_snapshot.py)."""
    copies = {}
    yield copies
    for copy in copies.values():
        copy.drop()


@pytest.fixture
def live_demo_site(wagtail_tree, live_server, _live_demo_copies):
    """The demo site, committed, behind a live server (for browsers and workers). On SQLite
    the first such test loads the demo and keeps a copy of the database; each later one puts
    the copy back (about a second instead of a load). PostgreSQL loads each time: a copy there
    is a new database, which the live server's open connections would have to leave."""
    from django.db import connection

    from cms.demo import load_demo
    from tests.db_snapshot import Snapshot

    copy = _live_demo_copies.get(connection.settings_dict["NAME"])
    if copy is not None:
        copy.restore()
    else:
        load_demo(log=lambda message: None)
        if connection.vendor == "sqlite":
            _live_demo_copies[connection.settings_dict["NAME"]] = Snapshot()
    return live_server


REPO = Path(__file__).resolve().parent.parent
DEVNODE = REPO / "search" / "devnode" / "devnode.sh"


@pytest.fixture
def run_worker(tmp_path):
    """Run a real django-q2 worker (`manage.py qcluster`) on the test database until `done()`
    holds or `timeout` seconds pass; returns the tail of the worker's log for messages."""
    import subprocess
    import sys
    import time

    from django.db import connection

    def run(done, timeout=90):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "xianfeng.settings.test",
            "XF_WORKER_DB": str(connection.settings_dict["NAME"]),
        }
        log_path = tmp_path / "worker.log"
        with open(log_path, "w") as log:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline and not done():
                    time.sleep(0.5)
            finally:
                worker.terminate()
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        return log_path.read_text()[-3000:]

    return run


@pytest.fixture(scope="session")
def elasticsearch_url(tmp_path_factory):
    """A real single-node Elasticsearch 8.19 (search/devnode), started for this session."""
    import subprocess

    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("Elasticsearch dev node needs a JDK 17+ and Maven")
    data_dir = tmp_path_factory.mktemp("devnode")
    port = os.environ.get("XF_DEVNODE_PORT", "9401")
    started = subprocess.run(
        ["bash", str(DEVNODE), "start", port, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if started.returncode != 0:
        pytest.fail(f"Elasticsearch dev node did not start:\n{started.stdout}\n{started.stderr}")
    yield f"http://127.0.0.1:{port}"
    subprocess.run(["bash", str(DEVNODE), "stop", str(data_dir)], capture_output=True, timeout=120)
