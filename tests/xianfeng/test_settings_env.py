"""The production environment: every documented variable is read into its setting, and the
README's table and the reader (xianfeng/settings/production.py through .env) agree."""

import ast
import datetime
import importlib
import re
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = REPO / "xianfeng" / "settings" / "production.py"
MODULE = "xianfeng.settings.production"

REQUIRED = {
    "SECRET_KEY": "s" * 50,
    "DATABASE_URL": "postgres://xf:pw@db.example.cn:5433/xianfeng",
}
WITH_REDIS = {"REDIS_URL": "redis://cache.example.cn:6380/2"}


def _redis_option(name):
    return lambda s: s.CACHES["default"]["OPTIONS"][name]


# variable -> (value to set, what it becomes, how to read it from the settings module, what
# else must be set for it to be read)
CASES = {
    "SECRET_KEY": ("k" * 60, "k" * 60, lambda s: s.SECRET_KEY, {}),
    "DATABASE_URL": (
        "postgres://u:p@other.example.cn:6543/xf2",
        ("other.example.cn", 6543, "xf2"),
        lambda s: tuple(s.DATABASES["default"][k] for k in ("HOST", "PORT", "NAME")),
        {},
    ),
    "ALLOWED_HOSTS": (
        "a.example.cn, b.example.cn,",
        ["a.example.cn", "b.example.cn"],
        lambda s: s.ALLOWED_HOSTS,
        {},
    ),
    "CSRF_TRUSTED_ORIGINS": (
        "https://a.example.cn",
        ["https://a.example.cn"],
        lambda s: s.CSRF_TRUSTED_ORIGINS,
        {},
    ),
    "REDIS_URL": (
        "redis://r.example.cn:6381/3",
        ("redis://r.example.cn:6381/3", "redis://r.example.cn:6381/4", True),
        lambda s: (
            s.CACHES["default"]["LOCATION"],
            s.CACHES["pages"]["LOCATION"],
            s.Q_CLUSTER.get("redis", "").startswith("redis://r.example.cn:6381/3?"),
        ),
        {},
    ),
    "PAGE_CACHE_REDIS_URL": (
        "redis://pages.example.cn:6379/7",
        "redis://pages.example.cn:6379/7",
        lambda s: s.CACHES["pages"]["LOCATION"],
        WITH_REDIS,
    ),
    "Q_WORKERS": ("7", 7, lambda s: s.Q_CLUSTER["workers"], WITH_REDIS),
    "REDIS_CONNECT_TIMEOUT": ("0.25", 0.25, _redis_option("socket_connect_timeout"), WITH_REDIS),
    "REDIS_TIMEOUT": ("3", 3.0, _redis_option("socket_timeout"), WITH_REDIS),
    "REDIS_RETRY_SECONDS": ("9", 9.0, _redis_option("circuit_breaker_seconds"), WITH_REDIS),
    "ELASTICSEARCH_URL": (
        "http://es.example.cn:9200",
        "http://es.example.cn:9200",
        lambda s: s.ELASTICSEARCH_URL,
        {},
    ),
    "SEARCH_BACKEND": ("database", "database", lambda s: s.SEARCH_BACKEND, {}),
    "CLIENT_IP_HEADER": (
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_FORWARDED_FOR",
        lambda s: s.CLIENT_IP_HEADER,
        {},
    ),
    "LOGIN_FAILURE_LIMIT": ("9", 9, lambda s: s.AXES_FAILURE_LIMIT, {}),
    "LOGIN_LOCKOUT_MINUTES": (
        "30",
        datetime.timedelta(minutes=30),
        lambda s: s.AXES_COOLOFF_TIME,
        {},
    ),
    "PAGE_CACHE": ("off", False, lambda s: s.PAGE_CACHE_ENABLED, {}),
    "CONTENT_CACHE": ("off", False, lambda s: s.CONTENT_CACHE_ENABLED, {}),
    "DB_PREPARED_STATEMENTS": ("off", False, lambda s: s.DB_PREPARED_STATEMENTS, {}),
    "DB_HEALTH_CHECKS": (
        "on",
        True,
        lambda s: s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
        {},
    ),
    "TOKEN_CACHE_SECONDS": ("7", 7, lambda s: s.TOKEN_CACHE_SECONDS, {}),
    "MEDIA_ROOT": ("/srv/xianfeng/media", "/srv/xianfeng/media", lambda s: s.MEDIA_ROOT, {}),
    "MEDIA_URL": (
        "https://cdn.example.cn/media/",
        "https://cdn.example.cn/media/",
        lambda s: s.MEDIA_URL,
        {},
    ),
    "STATIC_ROOT": ("/srv/xianfeng/static", "/srv/xianfeng/static", lambda s: s.STATIC_ROOT, {}),
    "SECURE_SSL_REDIRECT": ("off", False, lambda s: s.SECURE_SSL_REDIRECT, {}),
    "SECURE_HSTS_SECONDS": ("60", 60, lambda s: s.SECURE_HSTS_SECONDS, {}),
    "EMAIL_HOST": ("smtp.example.cn", "smtp.example.cn", lambda s: s.EMAIL_HOST, {}),
    "EMAIL_PORT": ("465", 465, lambda s: s.EMAIL_PORT, {}),
    "EMAIL_HOST_USER": ("xianfeng", "xianfeng", lambda s: s.EMAIL_HOST_USER, {}),
    "EMAIL_HOST_PASSWORD": ("pw-1", "pw-1", lambda s: s.EMAIL_HOST_PASSWORD, {}),
    "EMAIL_USE_TLS": ("on", True, lambda s: s.EMAIL_USE_TLS, {}),
    "DEFAULT_FROM_EMAIL": (
        "支部 <zhibu@example.cn>",
        "支部 <zhibu@example.cn>",
        lambda s: s.DEFAULT_FROM_EMAIL,
        {},
    ),
    "WAGTAILADMIN_BASE_URL": (
        "https://dangjian.example.cn",
        ("https://dangjian.example.cn", "https://dangjian.example.cn"),
        lambda s: (s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL),
        {},
    ),
}


def documented_variables():
    """The first column of README's environment table (under "## Settings")."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def _reader_calls():
    tree = ast.parse(PRODUCTION.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
        ):
            yield node


def read_variables():
    """Every variable production.py reads, by the first argument of its env_* calls."""
    names = set()
    for call in _reader_calls():
        first = call.args[0]
        assert isinstance(first, ast.Constant), "read variables by literal name"
        names.add(first.value)
    return names


def old_variable_names():
    names = set()
    for call in _reader_calls():
        for keyword in call.keywords:
            if keyword.arg == "old_names":
                names.update(ast.literal_eval(keyword.value))
    return names


def load_production(monkeypatch, environment):
    """Import the production settings module afresh under exactly `environment` (for the
    variables it knows of); never left in sys.modules, so nothing else sees it."""
    for name in read_variables() | old_variable_names():
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop(MODULE, None)
    try:
        return importlib.import_module(MODULE)
    finally:
        sys.modules.pop(MODULE, None)


def test_every_documented_variable_is_read_and_every_read_one_documented():
    documented, read = documented_variables(), read_variables()
    assert documented - read == set(), "documented in README but never read by production"
    assert read - documented == set(), "read by production but missing from README's table"


def test_renamed_variables_are_named_in_the_readme():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert old_variable_names()  # XF_SEARCH_BACKEND at least
    for name in old_variable_names():
        assert f"`{name}`" in text


def test_every_documented_variable_has_a_case_here():
    assert set(CASES) == documented_variables()


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_variable_is_read_into_its_setting(monkeypatch, name):
    value, expected, read, needs = CASES[name]
    without = load_production(monkeypatch, {**REQUIRED, **needs})
    with_it = load_production(monkeypatch, {**REQUIRED, **needs, name: value})
    assert read(with_it) == expected
    assert read(without) != expected  # the variable, not a default, made the difference


def test_defaults_come_from_base(monkeypatch):
    from xianfeng.settings import base

    production = load_production(monkeypatch, REQUIRED)
    for setting in (
        "TOKEN_CACHE_SECONDS",
        "CLIENT_IP_HEADER",
        "SEARCH_BACKEND",
        "ELASTICSEARCH_URL",
        "PAGE_CACHE_ENABLED",
        "CONTENT_CACHE_ENABLED",
        "DB_PREPARED_STATEMENTS",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "RATE_LIMITS",
        "STUDY_TOLERANCE_SECONDS",
    ):
        assert getattr(production, setting) == getattr(base, setting), setting


def test_the_old_search_backend_name_still_works_and_the_new_one_wins(monkeypatch):
    old = load_production(monkeypatch, {**REQUIRED, "XF_SEARCH_BACKEND": "elasticsearch"})
    assert old.SEARCH_BACKEND == "elasticsearch"
    both = load_production(
        monkeypatch,
        {**REQUIRED, "XF_SEARCH_BACKEND": "elasticsearch", "SEARCH_BACKEND": "database"},
    )
    assert both.SEARCH_BACKEND == "database"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PAGE_CACHE", "maybe"),
        ("SECURE_SSL_REDIRECT", "tru"),
        ("Q_WORKERS", "two"),
        ("SEARCH_BACKEND", "solr"),
        ("REDIS_TIMEOUT", "2s"),
    ],
)
def test_a_value_production_cannot_read_stops_the_start(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load_production(monkeypatch, {**REQUIRED, **WITH_REDIS, name: value})


def test_switches_read_the_usual_spellings(monkeypatch):
    for value, expected in [("on", True), ("TRUE", True), ("1", True), ("no", False)]:
        production = load_production(monkeypatch, {**REQUIRED, "PAGE_CACHE": value})
        assert production.PAGE_CACHE_ENABLED is expected


def test_only_the_reader_touches_the_environment():
    """Production's settings come through .env's readers: no os.environ in production.py."""
    source = PRODUCTION.read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source
