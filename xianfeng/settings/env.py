"""The one reader of the environment for production settings (xianfeng.settings.production).

Every variable production reads is read here by name, with its default taken from the
setting it feeds (so the default lives once, in base.py). README's environment table lists
them all; tests/xianfeng/test_settings_env.py checks the two agree both ways.

A variable that was renamed is still read under its old name (`old_names`), so existing
deployments keep working; the new name wins when both are set.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_FLAGS = {
    "on": True,
    "true": True,
    "yes": True,
    "1": True,
    "off": False,
    "false": False,
    "no": False,
    "0": False,
}


def _raw(name: str, *, old_names: tuple[str, ...] = ()) -> str | None:
    for candidate in (name, *old_names):
        value = os.environ.get(candidate)
        if value is not None and value.strip():
            return value.strip()
    return None


def env_str(
    name: str, *, default: str | None = None, required: bool = False, old_names=()
) -> str | None:
    value = _raw(name, old_names=old_names)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_flag(name: str, *, default: bool) -> bool:
    """on/off (also true/false, yes/no, 1/0); anything else is a configuration error rather
    than silently one or the other."""
    value = _raw(name)
    if value is None:
        return default
    try:
        return _FLAGS[value.lower()]
    except KeyError:
        raise ImproperlyConfigured(f"{name} must be on or off, not {value!r}.") from None


def env_int(name: str, *, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name: str, *, default: float) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_list(name: str) -> list[str]:
    """Comma-separated values; empty entries are dropped."""
    return [item.strip() for item in (_raw(name) or "").split(",") if item.strip()]


def env_choice(name: str, *, default: str, choices: tuple[str, ...], old_names=()) -> str:
    value = env_str(name, default=default, old_names=old_names)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value
