"""Import labelled articles into a fresh database and measure every field against hand labels.

Usage: .venv/bin/python bench/import_quality.py [--shared /work/shared] [--corpus tests/corpus] [-v]

Two sets, reported separately: the shared seeds (shared/seeds, labels shared/eval/people.json:
people and bylines only) and the project's own corpus (tests/corpus/articles, labels
tests/corpus/labels.json: people, bylines, source, date, title and the clean body). Runs the real
import (cms.importer.services.import_article) into a new SQLite database in a temporary folder,
reads the draft stories and profiles back and prints per article and per set:

- people P/R: linked profiles (by Simplified name) against the labelled people;
- role / place: share of the correctly found people whose role / place equals the label
  (Simplified, whitespace ignored, roles compared as sets of '、'-separated parts);
- byline, source, date, title: share of articles where the field equals the label;
- debris: body lines that are not lines of the labelled clean body (corpus), or lines holding
  pinyin debris or a boilerplate phrase (seeds, which have no labelled body); lost: labelled
  body lines missing from the import; leak: byline names linked as people (must be none).

A second pass re-imports everything and checks nothing changes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("byline", "source", "date", "title")


@dataclass
class Tally:
    tp: int = 0
    found: int = 0
    expected: int = 0
    role_ok: int = 0
    place_ok: int = 0
    articles: int = 0
    fields: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    labelled: dict = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    debris: int = 0
    lost: int = 0
    leaks: list = field(default_factory=list)
    ms: float = 0.0

    def line(self, name: str) -> str:
        p = self.tp / self.found if self.found else 1.0
        r = self.tp / self.expected if self.expected else 1.0
        role = self.role_ok / self.tp if self.tp else 1.0
        place = self.place_ok / self.tp if self.tp else 1.0
        cells = [
            f"{self.fields[f] / self.labelled[f]:5.2f}" if self.labelled[f] else "  n/a"
            for f in FIELDS
        ]
        return (
            f"{name:<30} {p:5.2f} {r:5.2f} {role:5.2f} {place:5.2f} {' '.join(cells)} "
            f"{self.debris:6d} {self.lost:4d} {len(self.leaks):4d} {self.ms:6.0f}"
        )

    def add(self, other: Tally) -> None:
        for name in ("tp", "found", "expected", "role_ok", "place_ok", "articles", "debris"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.lost += other.lost
        self.ms += other.ms
        self.leaks += other.leaks
        for f in FIELDS:
            self.fields[f] += other.fields[f]
            self.labelled[f] += other.labelled[f]


HEADER = (
    f"{'article':<30} {'P':>5} {'R':>5} {'role':>5} {'place':>5} {'bylin':>5} {'sourc':>5} "
    f"{'date':>5} {'title':>5} {'debris':>6} {'lost':>4} {'leak':>4} {'ms':>6}"
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "corpus"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    shared, corpus = Path(args.shared), Path(args.corpus)

    tmp = tempfile.TemporaryDirectory(prefix="xf-import-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "xianfeng.settings.test"
    os.environ["XF_TEST_DB"] = "sqlite"
    os.environ["XF_WORKER_DB"] = str(Path(tmp.name) / "bench.sqlite3")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(Path(tmp.name) / "media")
    call_command("migrate", verbosity=0)

    from wagtail.models import Page

    from cms.importer.parse import parse_article
    from cms.models import ArticleImport, ProfileIndexPage, StoryIndexPage
    from cms.services import ensure_child_page, ensure_home_page

    home, _ = ensure_home_page("先锋")
    stories, _ = ensure_child_page(home, StoryIndexPage, "stories", title="先锋故事")
    people, _ = ensure_child_page(home, ProfileIndexPage, "people", title="先锋人物")
    parse_article("预热。", filename="warmup")  # load jieba/OpenCC once so timings are per import
    indexes = {"story_index": stories, "profile_index": people}

    seeds = json.loads((shared / "eval" / "people.json").read_text("utf-8"))["seeds"]
    own = json.loads((corpus / "labels.json").read_text("utf-8"))["articles"]
    sets = [
        ("shared seeds", shared / "seeds", seeds),
        ("corpus", corpus / "articles", own),
    ]
    print(HEADER)
    for set_name, folder, labels in sets:
        total = Tally()
        for name, label in sorted(labels.items()):
            tally = measure(folder / name, name, label, indexes, args.verbose)
            print(tally.line(name[:30]))
            total.add(tally)
        print(total.line(f"== {set_name} ({len(labels)})"))
        print("   byline leaked:", ", ".join(total.leaks) or "no")

    before = (Page.objects.count(), ArticleImport.objects.count())
    from cms.importer.services import import_article

    statuses = {
        import_article((folder / n).read_bytes(), n, **indexes).status
        for _, folder, labels in sets
        for n in labels
    }
    after = (Page.objects.count(), ArticleImport.objects.count())
    print(
        "re-import:",
        ", ".join(sorted(statuses)),
        "| rows changed:",
        "no" if before == after else "YES",
    )
    tmp.cleanup()
    return 0 if before == after else 1


def key(text: str) -> str:
    from cms.importer.text import to_simplified

    return re.sub(r"[\s《》]+", "", to_simplified(text or ""))


def role_key(text: str) -> frozenset:
    return frozenset(p for p in key(text).split("、") if p)


def measure(path: Path, name: str, label: dict, indexes: dict, verbose: bool) -> Tally:
    from django.utils.html import strip_tags

    from cms.importer.cleaning import debris_count
    from cms.importer.services import import_article
    from cms.models import ProfilePage

    tally = Tally(articles=1)
    expected = {p["name"]: p for p in label["people"]}
    tally.expected = len(expected)
    t = time.perf_counter()
    result = import_article(path.read_bytes(), name, **indexes)
    tally.ms = (time.perf_counter() - t) * 1000
    if result.story is None:
        print(f"{name:<30} {result.status}: {result.message}")
        return tally
    story = result.story
    found = {p.title: p for p in ProfilePage.objects.filter(story_links__page=story).order_by("pk")}
    # A profile reused from an earlier article keeps its first role; judge the parse instead.
    parsed = {key(p.name_simplified or p.name): p for p in result.parsed.people}
    tally.found = len(found)
    hits = found.keys() & expected.keys()
    tally.tp = len(hits)
    wrong = []
    for n in sorted(hits):
        person = parsed.get(n)
        role, place = (person.role, person.place) if person else ("", "")
        ok_role = role_key(role) == role_key(expected[n]["role"])
        ok_place = key(place) == key(expected[n]["place"])
        tally.role_ok += ok_role
        tally.place_ok += ok_place
        if not (ok_role and ok_place):
            wrong.append(f"{n}: role {role or '-'} | place {place or '-'}")
    tally.leaks = sorted(found.keys() & set(label.get("bylines", [])))
    got = {
        "byline": {key(b) for b in story.byline.split("、") if b},
        "source": key(story.source),
        "date": story.date.isoformat() if story.date else "",
        "title": key(story.title),
    }
    want = {
        "byline": {key(b) for b in label.get("bylines", [])},
        "source": key(label["source"]) if "source" in label else None,
        "date": label.get("date"),
        "title": key(label["title"]) if "title" in label else None,
    }
    for f in FIELDS:
        if want[f] is not None:
            tally.labelled[f] = 1
            tally.fields[f] = int(got[f] == want[f])
    lines = [
        strip_tags(b.value.source) if b.block_type == "paragraph" else str(b.value)
        for b in story.body
        if b.block_type in ("paragraph", "heading")
    ]
    if "body" in label:
        clean = {key(x) for x in label["body"]}
        debris = [x for x in lines if key(x) not in clean]
        tally.debris = len(debris)
        tally.lost = len(clean - {key(x) for x in lines})
    else:
        debris = []
        tally.debris = debris_count([story.title] + lines)
    if verbose or found.keys() != expected.keys() or wrong or debris or tally.lost:
        if found.keys() - expected.keys():
            print("    false positives:", ", ".join(sorted(found.keys() - expected.keys())))
        if expected.keys() - found.keys():
            print("    missed:         ", ", ".join(sorted(expected.keys() - found.keys())))
        for w in wrong:
            print("    differs:        ", w)
        for x in debris:
            print("    debris:         ", x[:70])
        for f in FIELDS:
            if want[f] is not None and got[f] != want[f]:
                print(f"    {f:<16} got {got[f] or '-'} | want {want[f] or '-'}")
    return tally


if __name__ == "__main__":
    raise SystemExit(main())
