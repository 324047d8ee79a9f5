"""Test settings. XF_TEST_DB=postgres runs the suite on an embedded PostgreSQL server.

XF_WORKER_DB names the test database directly; tests set it for the django-q2 worker
process they start, so the worker sees the same rows as the test.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, MIDDLEWARE, SQLITE_OPTIONS

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The tests count on the plain demo; the branch tests load the branch demo themselves.
DEMO_BRANCH_WORKSPACE = False

TEST_DB = os.environ.get("XF_TEST_DB", "sqlite")
WORKER_DB = os.environ.get("XF_WORKER_DB")

if TEST_DB == "postgres":
    from xianfeng.devdb import embedded_postgres_settings

    DATABASES = {"default": embedded_postgres_settings()}
    if WORKER_DB:
        DATABASES["default"]["NAME"] = WORKER_DB
else:
    # A file, not :memory:, so that a worker process can open the same test database.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": WORKER_DB or str(BASE_DIR / ".test-sqlite.db"),
            "OPTIONS": SQLITE_OPTIONS,
            # One file per test process, so parallel runs never share a database.
            "TEST": {"NAME": str(BASE_DIR / f".test-sqlite-{os.getpid()}.db")},
        }
    }

# Tasks run inline unless a test asks for the django-q2 backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
Q_CLUSTER = {
    "name": "xianfeng-test",
    "orm": "default",
    "workers": 1,
    "timeout": 60,
    "retry": 120,
    "poll": 0.2,
    "catch_up": False,
}
# Per database: `make test` runs the SQLite and the PostgreSQL pass at the same time.
MEDIA_ROOT = BASE_DIR / ".test-media" / TEST_DB

# Static files come from the app folders through runserver/finders, not from STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]
QUERY_PLANS_CHECK = True  # cms.query_plans: a plan key missing an input fails the test
