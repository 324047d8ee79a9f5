"""Search settings, read at call time (tests and override_settings may change them). Their
defaults and meaning are in xianfeng/settings/base.py ("Search").
"""

from django.conf import settings


def elasticsearch_url() -> str:
    return settings.ELASTICSEARCH_URL or ""


def backend_name() -> str:
    forced = settings.SEARCH_BACKEND
    if forced:
        return forced
    return "elasticsearch" if elasticsearch_url() else "database"


def index_alias() -> str:
    return settings.SEARCH_INDEX


def batch_size() -> int:
    return int(settings.SEARCH_BATCH)


def request_timeout() -> float:
    return float(settings.SEARCH_TIMEOUT)


def admin_timeout() -> float:
    return float(settings.SEARCH_ADMIN_TIMEOUT)


PER_PAGE = 10
MAX_PAGE = 50  # deep pages cost the engine and help no reader
RETRY_BASE_SECONDS = 5
RETRY_MAX_SECONDS = 600
