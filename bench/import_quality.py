"""Import the seed articles into a fresh database and measure the result against hand labels.

Usage: .venv/bin/python bench/import_quality.py [--shared /work/shared] [-v]

Runs the real import (cms.importer.services.import_article) into a new SQLite database in a
temporary folder (settings xianfeng.settings.test with XF_WORKER_DB naming the file), then reads
the draft stories and profiles back and prints per seed and overall: precision/recall of the
linked people (by Simplified name) against shared/eval/people.json, byline names that leaked in
as people (must be none), pinyin-debris and boilerplate lines left in the stored body, and the
time each import took. A second pass re-imports everything and checks nothing changes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)

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
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0

    from django.utils.html import strip_tags
    from wagtail.models import Page

    from cms.importer.cleaning import debris_count
    from cms.importer.parse import parse_article
    from cms.importer.services import import_article
    from cms.models import ArticleImport, ProfileIndexPage, ProfilePage, StoryIndexPage
    from cms.services import ensure_child_page, ensure_home_page

    home, _ = ensure_home_page("先锋")
    stories, _ = ensure_child_page(home, StoryIndexPage, "stories", title="先锋故事")
    people, _ = ensure_child_page(home, ProfileIndexPage, "people", title="先锋人物")
    parse_article("预热。", filename="warmup")  # load jieba/OpenCC once so timings are per import

    labels = json.loads((shared / "eval" / "people.json").read_text("utf-8"))["seeds"]
    tp_all = found_all = expected_all = debris_all = 0
    leaks_all, total_ms = [], 0.0
    print(
        f"{'seed':<28} {'status':<9} {'P':>5} {'R':>5} {'found':>5} {'exp':>4} {'leak':>4} "
        f"{'debris':>6} {'ms':>6}"
    )
    for name, label in sorted(labels.items()):
        raw = (shared / "seeds" / name).read_bytes()
        t = time.perf_counter()
        result = import_article(raw, name, story_index=stories, profile_index=people)
        ms = (time.perf_counter() - t) * 1000
        total_ms += ms
        if result.story is None:
            print(f"{name:<28} {result.status:<9} {result.message}")
            expected_all += len(label["people"])
            continue
        story = result.story
        found = set(
            ProfilePage.objects.filter(story_links__page=story).values_list("title", flat=True)
        )
        expected = {p["name"] for p in label["people"]}
        tp = len(found & expected)
        leaks = sorted(found & set(label["bylines"]))
        lines = [
            strip_tags(b.value.source) if b.block_type == "paragraph" else str(b.value)
            for b in story.body
            if b.block_type in ("paragraph", "heading")
        ]
        debris = debris_count([story.title] + lines)
        p = tp / len(found) if found else 1.0
        r = tp / len(expected) if expected else 1.0
        print(
            f"{name:<28} {result.status:<9} {p:5.2f} {r:5.2f} {len(found):5d} {len(expected):4d} "
            f"{len(leaks):4d} {debris:6d} {ms:6.0f}"
        )
        if args.verbose or found != expected:
            if found - expected:
                print("    false positives:", ", ".join(sorted(found - expected)))
            if expected - found:
                print("    missed:         ", ", ".join(sorted(expected - found)))
        if args.verbose:
            print(
                f"    title: {story.title} | date: {story.date} | byline: {story.byline} | "
                f"source: {story.source} | region: {story.region} | blocks: {len(story.body)}"
            )
        tp_all, found_all, expected_all = (
            tp_all + tp,
            found_all + len(found),
            expected_all + len(expected),
        )
        debris_all += debris
        leaks_all += leaks
    p = tp_all / found_all if found_all else 1.0
    r = tp_all / expected_all if expected_all else 1.0
    print(
        f"{'OVERALL':<28} {'':<9} {p:5.2f} {r:5.2f} {found_all:5d} {expected_all:4d} "
        f"{len(leaks_all):4d} {debris_all:6d} {total_ms:6.0f}"
    )
    print("byline leaked:", "yes " + ", ".join(leaks_all) if leaks_all else "no")

    before = (Page.objects.count(), ArticleImport.objects.count())
    statuses = [
        import_article(
            (shared / "seeds" / n).read_bytes(), n, story_index=stories, profile_index=people
        ).status
        for n in sorted(labels)
    ]
    after = (Page.objects.count(), ArticleImport.objects.count())
    print("re-import:", ", ".join(statuses), "| rows changed:", "no" if before == after else "YES")
    print(f"migrate {migrate_s:.1f} s, import {total_ms / 1000:.2f} s for {len(labels)} articles")
    tmp.cleanup()
    return 0 if not leaks_all and before == after else 1


if __name__ == "__main__":
    raise SystemExit(main())
