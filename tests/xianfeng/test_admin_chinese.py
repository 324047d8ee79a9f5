"""The admin in Chinese: its main screens show no untranslated English and load nothing from
another host.

The walk starts at the dashboard and follows every link of the sidebar menu (so a new app's
admin screens are walked without being listed here), then the page explorer, the edit and the
create screen of every page type in the demo, and the snippet listings. On each screen the text
a reader sees (text nodes outside code, scripts and styles; placeholders and titles; the
sidebar's labels, which its script renders from JSON) is searched for English: a Latin word is
English when it is a word of the interface's own source strings (the msgids of Wagtail's,
Django's and our catalogues), so "Indented name" or "1-6 of 6" count and a username, a slug or
a file name do not. A few words are allowed, each for the reason beside it.
"""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest

# Latin words a Chinese interface may show, each for a reason.
ALLOWED_WORDS = {
    "wagtail": "the name of the content system, shown in its own logo and version line",
    "xianfeng": "the product's name in Latin letters (先锋 Xianfeng API)",
    "api": "a technical term, kept as is in Chinese writing (API 文档)",
    "token": "the API token's own name, written so in the API documentation",
    "url": "a technical term, kept as is in Chinese writing",
    "id": "a technical term, kept as is in Chinese writing",
    "email": "Chinese forms write it so beside 邮箱 in technical fields",
    "html": "a format's name",
    "pdf": "a format's name",
    "csv": "a format's name",
    "xlsx": "a format's name",
    "mb": "a unit (2 MB), written so in Chinese",
    "utf": "an encoding's name (UTF-8)",
    "admin": "the demo administrator's username, shown as who is signed in",
    "root": "Wagtail's own name for the tree's root page (data, not interface text)",
}
# Text that stays English for now, by screen, each with whose fix it waits for. Keep it short.
WAGTAIL_SITES = "Wagtail's sites listing heads columns by attribute name (Column('port'), no label)"
WAGTAIL_HEADER = 'Wagtail\'s slim header writes aria-label="Actions" untranslated (_actions.html)'
KNOWN_GAPS = {
    "/admin/sites/": ({"Port", "Site name", "Root page"}, WAGTAIL_SITES),
    # The title of Wagtail's starter page, which the demo replaced, as its log recorded it.
    "/admin/reports/site-history/": ({"Welcome to your new Wagtail site!"}, "history is kept"),
    "": ({"Actions"}, WAGTAIL_HEADER),
}
# Python's True/False/None as Wagtail prints them for screen readers, in hidden counters and
# for a page no one edited (aging pages report): no catalogue has them.
PYTHON_VALUES = {"True", "False", "None"}

SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "noscript"}
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
WORD = re.compile(r"\b[A-Za-z][A-Za-z’']*\b")
# Names that are data, not prose: a username (away_chen), a file (audio.wav), a dotted model
# name (cms.homepage), a time zone (America/New_York), an address.
IDENTIFIER = re.compile(r"\S*[A-Za-z0-9]?[/_@.:][A-Za-z0-9]\S*")


@cache
def interface_words():
    """Lower-cased words of the msgids the interface is written in (English source strings)."""
    import django
    import wagtail

    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent / "contrib" / "admin"]
    catalogues = [p for root in roots for p in root.rglob("locale/en/LC_MESSAGES/*.po")]
    catalogues.append(Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po")
    words = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            text = re.sub(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>", " ", entry.msgid)
            words.update(w.lower() for w in WORD.findall(text) if len(w) > 1)
    return frozenset(words - set(ALLOWED_WORDS))


class _ShownText(HTMLParser):
    """Text runs a reader sees, with the element they are in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs = []
        self._skipping = []
        self._json = []
        self._time_zones = False
        self._quiet = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            # Time zones are listed by their IANA names, which are identifiers.
            self._time_zones = "time_zone" in (attrs.get("name") or "")
        if "w-sr-only" in (attrs.get("class") or "") or "hidden" in attrs:
            self._quiet.append(tag)
        if tag in SKIPPED_ELEMENTS or (tag == "option" and self._time_zones):
            self._skipping.append(tag)
            if tag == "script" and attrs.get("id") == "wagtail-sidebar-props":
                self._json.append(tag)
        if tag == "input" and attrs.get("type") == "hidden":
            return
        for name in SHOWN_ATTRIBUTES & attrs.keys():
            if attrs[name]:
                self.runs.append((f"{tag}[{name}]", attrs[name]))

    def handle_endtag(self, tag):
        if self._quiet and self._quiet[-1] == tag:
            self._quiet.pop()
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
            if self._json and tag == "script":
                self._json.pop()

    def handle_data(self, data):
        if self._json:
            self.runs.extend(("sidebar", label) for label in _labels(json.loads(data)))
        elif not self._skipping and data.strip():
            text = " ".join(data.split())
            if not ((self._quiet or text == "None") and text in PYTHON_VALUES):
                self.runs.append(("text", text))


def _labels(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "label" and isinstance(item, str):
                yield item
            else:
                yield from _labels(item)
    elif isinstance(value, list):
        for item in value:
            yield from _labels(item)


def _parse(html):
    parser = _ShownText()
    parser.feed(html)
    return parser


def english_runs(html, path=""):
    """The shown text runs of `html` that hold an English word of the interface."""
    known = set().union(
        *(gap for prefix, (gap, _why) in KNOWN_GAPS.items() if path.startswith(prefix))
    )
    parser = _parse(html)
    words = interface_words()
    found = []
    for where, text in parser.runs:
        if any(gap in text for gap in known):
            continue
        prose = IDENTIFIER.sub(" ", text)
        hits = [w for w in WORD.findall(prose) if len(w) > 1 and w.lower() in words]
        if hits:
            found.append((where, text[:120]))
    return found


def sidebar_urls(html):
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    urls = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "url" and isinstance(item, str) and item.startswith("/admin/"):
                    urls.add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(match.group(1)))
    return urls


def external_hosts(html):
    """Hosts other than this site's that the page loads (src, href of link, srcset)."""
    hosts = set()
    for url in re.findall(r'(?:src|srcset|data-src)="([^"]+)"', html) + re.findall(
        r'<link[^>]+href="([^"]+)"', html
    ):
        host = urlsplit(url.split()[0]).netloc
        if host and host not in {"testserver", "127.0.0.1:8000"}:
            hosts.add(host)
    return hosts


def admin_screens(client, home):
    """The admin screens the walk visits: the sidebar's, the page screens, the snippet lists."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    dashboard = client.get("/admin/").content.decode()
    screens = {"/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/"}
    screens |= sidebar_urls(dashboard)
    screens |= {_list_url(m) for m in get_snippet_models()}
    seen_types = set()
    for page in Page.objects.exclude(depth=1).order_by("path"):
        if page.content_type_id in seen_types:
            continue
        seen_types.add(page.content_type_id)
        screens.add(f"/admin/pages/{page.pk}/edit/")
        screens.add(f"/admin/pages/{page.pk}/")
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        parent = page.get_parent()
        if model.can_create_at(parent):  # single pages (the home page, the indexes) cannot
            meta = model._meta
            screens.add(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/")
    return sorted(s for s in screens if s)


def _list_url(model):
    from django.urls import reverse

    return reverse(model.snippet_viewset.get_url_name("list"))


@pytest.fixture
def admin_client(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def test_main_admin_screens_show_no_untranslated_english(admin_client, demo_site):
    screens = admin_screens(admin_client, demo_site)
    assert len(screens) > 30, screens
    untranslated = {}
    for path in screens:
        response = admin_client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, (path, response.status_code)
        runs = english_runs(response.content.decode(), path)
        if runs:
            untranslated[path] = runs
    report = "\n".join(
        f"{path}\n" + "\n".join(f"    {w}: {t}" for w, t in runs)
        for path, runs in untranslated.items()
    )
    assert not untranslated, f"English in the Chinese admin:\n{report}"


def test_pages_menu_and_help_menu(admin_client, demo_site):
    html = admin_client.get("/admin/").content.decode()
    labels = [text for where, text in _parse(html).runs if where == "sidebar"]
    assert "页面" in labels and "分页" not in labels  # 分页 is pagination
    # Wagtail's release notes and editor guide (English, on wagtail.org) are not offered.
    assert "whats-new-in-wagtail" not in html and "editor-guide" not in html


def test_default_workflow_is_named_in_chinese(admin_client, demo_site):
    from wagtail.models import Task, Workflow

    assert Workflow.objects.filter(name="审核员审批").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    html = admin_client.get(f"/admin/pages/{demo_site.pk}/edit/").content.decode()
    assert "提交给审核员审批" in html


def test_assignment_deadline_is_not_the_pledge_deadline(admin_client, demo_site):
    html = admin_client.get("/admin/snippets/learning/assignment/").content.decode()
    assert "截止日期" in html and "承诺期限" not in html


def test_the_detector_finds_english_and_passes_chinese():
    assert english_runs("<p>1-6 of 6 页面</p>") == [("text", "1-6 of 6 页面")]
    assert english_runs('<input placeholder="Search all pages…">')
    assert english_runs("<th>Indented name</th>")
    assert not english_runs("<p>共 6 个页面</p><code>manage.py load_demo</code>")
    assert not english_runs("<td>dangyuan</td><td>admin</td><td>Wagtail 8.0</td>")


def test_admin_screens_load_nothing_from_another_host(admin_client, demo_site):
    for path in ("/admin/", f"/admin/pages/{demo_site.pk}/", "/admin/users/"):
        html = admin_client.get(path).content.decode()
        assert not external_hosts(html), (path, external_hosts(html))
        assert "gravatar" not in html
        assert "releases.wagtail.io" not in html and "data-w-upgrade" not in html
