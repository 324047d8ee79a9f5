"""Local development: SQLite, database search, django-q2 on the ORM broker."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside a developer's machine
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Reminder emails are printed by the worker (`make run`), not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Static files come from the app folders through runserver/finders, not from STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]
