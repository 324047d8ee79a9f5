"""Settings shared by every environment. Environment-specific modules import from here."""

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "cms",
    "learning",
    # Organisation life and service, one app per domain inside the learning layer.
    "learning.meetings",
    "learning.service_tasks",
    "learning.residents",
    "learning.selections",
    "learning.reviews",
    "search",
    "wagtail.api.v2",
    # Redirects: Wagtail's automatic redirect after a page moves, and the editors' own.
    # (wagtail.contrib.forms and wagtail.contrib.settings were installed unused: no form page,
    # no settings model; docs/settings.md says what is left of them in an existing database.)
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",  # /sitemap.xml
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # sign-in throttling (xianfeng/signin.py)
]

MIDDLEWARE = [
    # First: plain HTTP is redirected (production) before anything, cached pages included.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP, Permissions-Policy and private Cache-Control, on cached pages too (xianfeng.security).
    "xianfeng.security.SiteHeadersMiddleware",
    # Then a cached anonymous page costs one cache read and nothing else.
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.routing.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a sign-in refused by the lockout into the 429 page (xianfeng.signin).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xianfeng.urls"
WSGI_APPLICATION = "xianfeng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site_navigation",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The web process and the django-q2 worker write to SQLite at once: WAL lets readers go on
# while one writes, and IMMEDIATE transactions wait for the lock instead of failing with
# "database is locked" when a read turns into a write.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}

# Embedded default: SQLite next to the code. Environment modules override this.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our Chinese formats: forms render dates as YYYY-MM-DD (date inputs refuse 2027/03/02).
FORMAT_MODULE_PATH = ["xianfeng.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/me/"
LOGOUT_REDIRECT_URL = "/"

# --- Sign-in throttling (django-axes; xianfeng/signin.py) ----------------------------------
# Every sign-in (member, Wagtail admin, Django admin) goes through authenticate(): the axes
# backend first refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 failures of one username from one address lock that pair for 15 minutes. Counting the
# pair, not the address alone, keeps a whole branch behind one NAT address from being locked
# out by one person, and an attacker elsewhere from locking a member out of their own desk.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "xianfeng.throttles.client_address"
AXES_LOCKOUT_CALLABLE = "xianfeng.signin.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "先锋"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploads are decoded in full: a damaged picture is a form error, not a broken image.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp3", "mp4", "m4a", "wav", "webm", "ogg", "txt"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
# No avatars from gravatar.com: the admin would send each editor's email hash abroad (and the
# CSP keeps the admin's images on https).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a check for new Wagtail releases from each editor's browser (upgrades come with the lock).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Caches --------------------------------------------------------------------------------
# "pages" holds rendered anonymous pages; it is cleared whenever content is published.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Whole anonymous pages (cms.page_cache): kept this long, copies in each worker checked for
# retirements at most this often; only these query parameters (listing filters and pages)
# are stored, so made-up query strings cannot fill the cache.
PAGE_CACHE_ENABLED = True
PAGE_CACHE_SECONDS = 600
PAGE_CACHE_CHECK_SECONDS = 1.0
PAGE_CACHE_QUERY_PARAMS = ["region", "org", "page", "category", "status"]
CONTENT_CACHE_ENABLED = True  # cms.content_cache
# cms.query_plans: rebuild each reused listing query and compare its SQL (tests turn it on).
QUERY_PLANS_CHECK = False

# --- Background work -----------------------------------------------------------------------
# django-q2 on the ORM broker by default; production switches to Redis.
Q_CLUSTER = {
    "name": "xianfeng",
    # One worker on the embedded default: SQLite has one writer at a time, and two workers
    # updating the same search index entry race (UNIQUE constraint). Production sets Q_WORKERS.
    "workers": 1,
    "timeout": 120,
    "retry": 180,
    "queue_limit": 50,
    "bulk": 10,
    "orm": "default",
    "catch_up": False,
    "label": _("Background tasks"),
}

# Wagtail queues its own work (search and reference index) through django_tasks;
# our backend hands those jobs to django-q2 once the transaction commits.
TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}

# Our own DRF APIs: documented in the OpenAPI schema; JSON only, so they skip the site lookup.
API_PATH_PREFIXES = (
    "/api/learning/",
    "/api/pledges/",
    "/api/search/",
    "/api/branch/",
    "/api/inbox/",
    "/api/reviews/",
    "/api/service/",
    "/api/selections/",
    "/api/meetings/",
    "/api/residents/",
)

# The demo (manage.py load_demo, make run) includes the branch secretary `shuji` and some forty
# members whose study differs (learning/branch/demo.py).
DEMO_BRANCH_WORKSPACE = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "xianfeng.authentication.CachedTokenAuthentication",
    ],
    # drf-spectacular's, with the error responses DRF gives (xianfeng/api_docs.py).
    "DEFAULT_SCHEMA_CLASS": "xianfeng.api_docs.ErrorDocumentingAutoSchema",
    # One error shape for all our JSON APIs: {"code", "detail", "errors"?} (xianfeng/api.py).
    "EXCEPTION_HANDLER": "xianfeng.api.api_exception_handler",
    # DRF's JSON parser lets a deeply nested body crash with RecursionError (a 500).
    "DEFAULT_PARSER_CLASSES": [
        "xianfeng.parsers.JSONBodyParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# How long a worker remembers an API token (xianfeng.authentication).
TOKEN_CACHE_SECONDS = 60

# The progress report INSERT is prepared on PostgreSQL (xianfeng.db).
DB_PREPARED_STATEMENTS = True

# The request header with the client address, for every per-address check: rate limits,
# liker tokens, likes and the sign-in lockout (xianfeng.throttles.client_address). Behind a
# reverse proxy, e.g. HTTP_X_FORWARDED_FOR (its last entry is used).
CLIENT_IP_HEADER = "REMOTE_ADDR"

# Rate limits (xianfeng.throttles), "<count>/<second|minute|hour|day>" per scope, or None for
# no limit. Every scope is listed: a settings module overriding one keeps the others
# (RATE_LIMITS = {**RATE_LIMITS, "like": "100/hour"}).
RATE_LIMITS = {
    # Member writes through the APIs and forms, per member (per address for visitors).
    "pledge_post": "10/hour",
    "pledge_progress": "20/hour",
    "pledge_outcome": "10/hour",
    "like": "60/hour",
    "like_token": "120/hour",  # per address: the liker tokens a page's script asks for
    "quiz_attempt": "30/hour",
    # A player reports every few seconds while a member studies, and retries a queue.
    "progress_event": "60/minute",
    "progress_batch": "30/minute",
    # Counted by the pledge services themselves: pledges a member actually posts (the
    # wall's own limit on open pledges aside), and anonymous likes from one address.
    "pledge_created": "3/hour",
    "like_per_address": "30/hour",
    # A secretary's reminder to the members behind (learning.branch): one action reaches many.
    "branch_reminder": "10/hour",
    # 评诺 and 民主评议 (learning.reviews): residents' ratings of a fulfilled pledge (per address,
    # the form and the service's own count) and members' writes in a review.
    "pledge_rating": "20/hour",
    "pledge_rating_per_address": "30/hour",
    "review_write": "120/hour",
    # Objections to a selection's public notice, from anyone (learning.selections).
    "selection_objection": "5/hour",
    # 1+10 (learning.residents): a member's roster writes; a resident's message from the
    # public contact form, per address (no account).
    "resident_write": "60/hour",
    "resident_message": "5/hour",
    # Meetings (learning.meetings): a member's replies, sign-ups and check-ins; an organiser's
    # scheduling, leave decisions, marks, minutes and photos.
    "meeting_write": "120/hour",
}

# --- Study (learning.services.progress) ----------------------------------------------------
# Credit may run this far ahead of the time that really passed; unused time is banked for
# at most this long (an offline batch sent within it is credited in full).
STUDY_TOLERANCE_SECONDS = 5
STUDY_MAX_BANK_HOURS = 6

# --- Search (search.conf) ------------------------------------------------------------------
# An ELASTICSEARCH_URL selects the Elasticsearch backend, none the database backend;
# SEARCH_BACKEND ("elasticsearch" or "database") forces one.
ELASTICSEARCH_URL = ""
SEARCH_BACKEND = ""
SEARCH_INDEX = "xf-search"  # the Elasticsearch alias (indices are <alias>-<timestamp>)
SEARCH_BATCH = 200  # outbox rows drained per bulk request
SEARCH_TIMEOUT = 5.0  # seconds, a visitor's query
SEARCH_ADMIN_TIMEOUT = 300.0  # seconds, rebuilds and index management

# --- Security headers (xianfeng.security) ---------------------------------------------------
# Scripts only from our own static files (the site has no inline script); inline styles are
# allowed for the study record's chart, an SVG that carries its own <style>. Media may come
# from an editor's https link (lecture videos, audio) or a blob a script made of it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "https:", "blob:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# The Wagtail and Django admin and the API docs bring inline scripts and styles of their own.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "https:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "serial=(), bluetooth=(), magnetometer=(), gyroscope=(), "
    "accelerometer=(), browsing-topics=(), fullscreen=(self)"
)
# The anonymous liker cookie (cms.pledges.liker_token); production sends it over HTTPS only.
LIKER_COOKIE_SECURE = False

SPECTACULAR_SETTINGS = {
    "TITLE": "先锋 Xianfeng API",
    # Read by Chinese developers and integrators, as the rest of the documentation.
    "DESCRIPTION": "先锋的接口：学习进度、承诺、搜索、支部工作台、消息等。内容页面在 /api/v2/ 下。",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["xianfeng.api_docs.schema_endpoints"],
    # <id:…> (xianfeng/converters.py) takes 1 to 2^31 - 1; anything else in the path is a 404.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
    "ENUM_NAME_OVERRIDES": {
        "PledgeStatusEnum": "cms.pledges.models.PledgeStatus",
        "MessageKindEnum": "learning.models.inbox.MessageKind",
        "MutableMessageKindEnum": "learning.branch.inbox_api.MUTABLE_KIND_CHOICES",
        "ServiceClaimStatusEnum": "learning.service_tasks.models.ClaimStatus",
        "RedemptionStatusEnum": "learning.service_tasks.models.RedemptionStatus",
        "MemberReviewStatusEnum": "learning.reviews.models.ReviewStatus",
        "ResidentKindEnum": "learning.residents.models.ResidentKind",
        "ContactKindEnum": "learning.residents.models.ContactKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"xianfeng": {"level": "INFO"}, "cms": {"level": "INFO"}},
}
