"""Production: every deployment-specific value comes from the environment.

Only the readers in .env touch the environment, each variable under its own name (README's
environment table lists them; a test checks both agree). Defaults come from base.py.
"""

import copy
import datetime
from urllib.parse import urlsplit

import dj_database_url

from . import base
from .base import *  # noqa: F403
from .env import env_choice, env_flag, env_float, env_int, env_list, env_str
from .redis_urls import redis_db_url, redis_url_with_timeouts

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Persistent connections. DB_HEALTH_CHECKS=on pings the database (SELECT 1) at the start of
# every request that uses it, so a request after a database restart never meets a dead
# connection; it costs a round trip per request (a quarter of a progress report's time), so
# it is off, as in Django's default: after a restart each worker's first query fails once
# and that connection is replaced at the end of the request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", required=True),
        conn_max_age=600,
        conn_health_checks=env_flag("DB_HEALTH_CHECKS", default=False),
    )
}

# The progress report INSERT is prepared (xianfeng.db). Off for a connection pooler that
# does not track prepared statements (PgBouncer before 1.21 in transaction mode).
DB_PREPARED_STATEMENTS = env_flag("DB_PREPARED_STATEMENTS", default=base.DB_PREPARED_STATEMENTS)

MEDIA_ROOT = env_str("MEDIA_ROOT", default=str(base.MEDIA_ROOT))
MEDIA_URL = env_str("MEDIA_URL", default=base.MEDIA_URL)
# Media served from another origin (object storage, a CDN): pages may show its pictures,
# audio and video under the Content-Security-Policy.
CONTENT_SECURITY_POLICY = copy.deepcopy(base.CONTENT_SECURITY_POLICY)
_media_origin = urlsplit(MEDIA_URL)
if _media_origin.scheme and _media_origin.netloc:
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive] = [
            *CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive],
            f"{_media_origin.scheme}://{_media_origin.netloc}",
        ]
STATIC_ROOT = env_str("STATIC_ROOT", default=str(base.STATIC_ROOT))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Reminder emails (learning.branch): Django's SMTP backend. No EMAIL_HOST: the inbox still
# gets every reminder; the email task logs that it could not send.
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="先锋 <noreply@xianfeng.example.cn>")

WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", default="https://xianfeng.example.cn")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis down does not take the site down (xianfeng/redis_cache.py): the caches then read
    # as empty and skip writes, trying Redis again every REDIS_RETRY_SECONDS; a connection
    # attempt gives up after REDIS_CONNECT_TIMEOUT seconds.
    REDIS_OPTIONS = {
        "socket_connect_timeout": env_float("REDIS_CONNECT_TIMEOUT", default=0.5),
        "socket_timeout": env_float("REDIS_TIMEOUT", default=2.0),
        "circuit_breaker_seconds": env_float("REDIS_RETRY_SECONDS", default=5.0),
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
            "LOCATION": env_str("PAGE_CACHE_REDIS_URL", default=redis_db_url(REDIS_URL, 1)),
            "OPTIONS": REDIS_OPTIONS,
        },
    }
    # The broker's connections time out too (the worker blocks up to a second on the queue).
    Q_CLUSTER = {
        **base.Q_CLUSTER,
        "redis": redis_url_with_timeouts(
            REDIS_URL, connect=REDIS_OPTIONS["socket_connect_timeout"], read=5
        ),
        "workers": env_int("Q_WORKERS", default=2),
    }
    Q_CLUSTER.pop("orm", None)

ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", default=base.ELASTICSEARCH_URL)
# Renamed from XF_SEARCH_BACKEND, still read under that name.
SEARCH_BACKEND = env_choice(
    "SEARCH_BACKEND",
    default=base.SEARCH_BACKEND,
    choices=("", "database", "elasticsearch"),
    old_names=("XF_SEARCH_BACKEND",),
)

# Behind a reverse proxy, name the header that carries the client address (e.g.
# HTTP_X_FORWARDED_FOR; its last entry is used) so per-address limits and the sign-in lockout
# see visitors, not the proxy.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", default=base.CLIENT_IP_HEADER)

# Sign-in throttling (django-axes, counted per username and client address as above): this
# many failures lock the pair for this many minutes (xianfeng/signin.py).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=base.AXES_FAILURE_LIMIT)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=base.AXES_COOLOFF_TIME.seconds // 60)
)

# PAGE_CACHE=off serves every page fresh (benchmarks measure both ways).
PAGE_CACHE_ENABLED = env_flag("PAGE_CACHE", default=base.PAGE_CACHE_ENABLED)
# CONTENT_CACHE=off builds listings, related cards and fragments on every request (benchmarks).
CONTENT_CACHE_ENABLED = env_flag("CONTENT_CACHE", default=base.CONTENT_CACHE_ENABLED)

TOKEN_CACHE_SECONDS = env_int("TOKEN_CACHE_SECONDS", default=base.TOKEN_CACHE_SECONDS)

# HTTPS is terminated by the front proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
LIKER_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views relax this for themselves
