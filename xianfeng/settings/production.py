"""Production: every deployment-specific value comes from the environment."""

import copy
import datetime
import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import CONTENT_SECURITY_POLICY as _BASE_CSP
from .base import Q_CLUSTER
from .redis_urls import redis_db_url, redis_url_with_timeouts


def env(name, default=None, *, required=False):
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = False
SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Persistent connections. DB_HEALTH_CHECKS=on pings the database (SELECT 1) at the start of
# every request that uses it, so a request after a database restart never meets a dead
# connection; it costs a round trip per request (a quarter of a progress report's time), so
# it is off, as in Django's default: after a restart each worker's first query fails once
# and that connection is replaced at the end of the request.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", required=True),
        conn_max_age=600,
        conn_health_checks=env("DB_HEALTH_CHECKS", "off").lower() == "on",
    )
}

# The progress report INSERT is prepared (xianfeng.db). Off for a connection pooler that
# does not track prepared statements (PgBouncer before 1.21 in transaction mode).
DB_PREPARED_STATEMENTS = env("DB_PREPARED_STATEMENTS", "on").lower() == "on"

MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "media"))  # noqa: F405
MEDIA_URL = env("MEDIA_URL", "/media/")
# Media served from another origin (object storage, a CDN): pages may show its pictures,
# audio and video under the Content-Security-Policy.
CONTENT_SECURITY_POLICY = copy.deepcopy(_BASE_CSP)
_media_origin = urlsplit(MEDIA_URL)
if _media_origin.scheme and _media_origin.netloc:
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive] = [
            *CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive],
            f"{_media_origin.scheme}://{_media_origin.netloc}",
        ]
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "static_collected"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "https://xianfeng.example.cn")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Redis down does not take the site down (xianfeng/redis_cache.py): the caches then read
    # as empty and skip writes, trying Redis again every REDIS_RETRY_SECONDS; a connection
    # attempt gives up after REDIS_CONNECT_TIMEOUT seconds.
    REDIS_OPTIONS = {
        "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
        "socket_timeout": float(env("REDIS_TIMEOUT", "2")),
        "circuit_breaker_seconds": float(env("REDIS_RETRY_SECONDS", "5")),
    }
    CACHES = {
        "default": {
            "BACKEND": "xianfeng.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xf",
            "OPTIONS": REDIS_OPTIONS,
        },
        # Pages live in their own Redis database: publishing flushes it whole,
        # without touching sessions, the task broker or other cached data.
        "pages": {
            "BACKEND": "xianfeng.redis_cache.SharedClientRedisCache",
            "LOCATION": env("PAGE_CACHE_REDIS_URL", redis_db_url(REDIS_URL, 1)),
            "OPTIONS": REDIS_OPTIONS,
        },
    }
    # The broker's connections time out too (the worker blocks up to a second on the queue).
    Q_CLUSTER = {
        **Q_CLUSTER,
        "redis": redis_url_with_timeouts(
            REDIS_URL, connect=REDIS_OPTIONS["socket_connect_timeout"], read=5
        ),
        "workers": int(env("Q_WORKERS", "2")),
    }
    Q_CLUSTER.pop("orm", None)

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")

# Behind a reverse proxy, name the header that carries the client address (e.g.
# HTTP_X_FORWARDED_FOR; its last entry is used) so per-address limits see visitors, not the proxy.
PLEDGE_CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "REMOTE_ADDR")

# Sign-in throttling (django-axes, counted per username and client address as above): this
# many failures lock the pair for this many minutes (xianfeng/signin.py).
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))

# PAGE_CACHE=off serves every page fresh (benchmarks measure both ways).
PAGE_CACHE_ENABLED = env("PAGE_CACHE", "on").lower() != "off"
# CONTENT_CACHE=off builds listings, related cards and fragments on every request (benchmarks).
CONTENT_CACHE_ENABLED = env("CONTENT_CACHE", "on").lower() != "off"

# HTTPS is terminated by the front proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
LIKER_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views relax this for themselves
