"""How app code reads settings: at call time, by name, never with a default of its own
(defaults live once, in xianfeng/settings/base.py), and every project setting documented in
docs/settings.md. Checked by reading the code, so a new module is covered without a test."""

import ast
from pathlib import Path

from django.conf import global_settings

from xianfeng.settings import base

REPO = Path(__file__).resolve().parents[2]
APPS = ("cms", "learning", "search", "xianfeng")
# Django's own patterns, read once by Django itself: a swappable model in a field, the URLconf.
IMPORT_TIME_ALLOWED = {"AUTH_USER_MODEL"}
IMPORT_TIME_MODULES = {"urls.py"}


def app_modules():
    for app in APPS:
        for path in sorted((REPO / app).rglob("*.py")):
            relative = path.relative_to(REPO)
            if "migrations" in relative.parts or relative.parts[:2] == ("xianfeng", "settings"):
                continue
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def settings_reads(tree):
    """(line, name, inside a function) for each settings.NAME and getattr(settings, ...)."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if (
                isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Name)
                and child.value.id == "settings"
            ):
                found.append((child.lineno, child.attr, in_function))
            elif (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id == "getattr"
                and len(child.args) >= 2
                and isinstance(child.args[0], ast.Name)
                and child.args[0].id == "settings"
                and isinstance(child.args[1], ast.Constant)
            ):
                found.append((child.lineno, child.args[1].value, in_function))
            visit(child, inside)

    visit(tree, False)
    return found


def test_no_getattr_of_settings_with_a_default():
    offenders = []
    for path, tree in app_modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
                and len(node.args) > 2
            ):
                offenders.append(f"{path}:{node.lineno}")
    assert offenders == [], "define the default in xianfeng/settings/base.py and read settings.X"


def test_no_setting_is_read_at_import_time():
    offenders = [
        f"{path}:{line} settings.{name}"
        for path, tree in app_modules()
        if path.name not in IMPORT_TIME_MODULES
        for line, name, in_function in settings_reads(tree)
        if not in_function and name not in IMPORT_TIME_ALLOWED
    ]
    assert offenders == [], "read settings when the code runs, so override_settings works"


def project_settings_read():
    return {
        name
        for _, tree in app_modules()
        for _, name, _ in settings_reads(tree)
        if not hasattr(global_settings, name) and name.isupper()
    }


def test_every_setting_the_code_reads_has_its_default_in_base():
    missing = sorted(name for name in project_settings_read() if not hasattr(base, name))
    assert missing == []


def test_every_setting_the_code_reads_is_documented():
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = sorted(name for name in project_settings_read() if f"`{name}`" not in text)
    assert missing == []
