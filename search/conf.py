"""Search settings with their defaults, so nothing outside this app needs editing.

ELASTICSEARCH_URL   set → the Elasticsearch backend; unset/empty → the database backend.
XF_SEARCH_BACKEND   "elasticsearch" or "database" forces a backend.
XF_SEARCH_INDEX     the Elasticsearch alias (indices are <alias>-<timestamp>).
XF_SEARCH_BATCH     outbox rows drained per bulk request.
"""

from django.conf import settings


def elasticsearch_url() -> str:
    return getattr(settings, "ELASTICSEARCH_URL", "") or ""


def backend_name() -> str:
    forced = getattr(settings, "XF_SEARCH_BACKEND", "")
    if forced:
        return forced
    return "elasticsearch" if elasticsearch_url() else "database"


def index_alias() -> str:
    return getattr(settings, "XF_SEARCH_INDEX", "xf-search")


def batch_size() -> int:
    return int(getattr(settings, "XF_SEARCH_BATCH", 200))


def request_timeout() -> float:
    return float(getattr(settings, "XF_SEARCH_TIMEOUT", 5))


def admin_timeout() -> float:
    return float(getattr(settings, "XF_SEARCH_ADMIN_TIMEOUT", 300))


PER_PAGE = 10
MAX_PAGE = 50  # deep pages cost the engine and help no reader
RETRY_BASE_SECONDS = 5
RETRY_MAX_SECONDS = 600
