"""Search relevance of our two backends against Wagtail's stock database backend.

Usage: .venv/bin/python bench/search_quality.py [--shared /work/shared] [--port 9431] [-v]
       [--backends database,elasticsearch,wagtail]

Builds the demo site with the seed articles (cms.demo.load_demo(seeds=True)) in a fresh SQLite
database in a temporary folder, indexes it with each backend (Elasticsearch on a dev node
started on a spare port with its own data folder), runs shared/eval/queries.json and prints
nDCG@10, recall@10 and the number of queries without results per backend, plus how many
queries give the same top 10 in Simplified and Traditional script (OpenCC s2t of the query).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVNODE = ROOT / "search" / "devnode" / "devnode.sh"


def setup_django(tmp: Path):
    os.environ["DJANGO_SETTINGS_MODULE"] = "xianfeng.settings.test"
    os.environ["XF_TEST_DB"] = "sqlite"
    os.environ["XF_WORKER_DB"] = str(tmp / "bench.sqlite3")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp / "media")
    call_command("migrate", verbosity=0)


def start_devnode(port: int, data: Path) -> str:
    started = subprocess.run(
        ["bash", str(DEVNODE), "start", str(port), str(data)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if started.returncode != 0:
        raise SystemExit(f"dev node did not start:\n{started.stdout}{started.stderr}")
    return f"http://127.0.0.1:{port}"


def result_key(hit_type, title, page_id, seed_of):
    if hit_type == "story":
        return ("story", seed_of.get(page_id, f"page-{page_id}"))
    return (hit_type, title)


def ndcg(keys, grades, k=10):
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(keys[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(keys, grades, k=10):
    return len(set(keys[:k]) & set(grades)) / len(grades) if grades else 0.0


def wagtail_search(q, seed_of):
    """Wagtail's stock backend (WAGTAILSEARCH_BACKENDS) over the same three page types."""
    from wagtail.search.backends import get_search_backend

    from search.documents import searchable_models

    backend = get_search_backend()
    scored = []
    for kind, model in searchable_models().items():
        try:
            found = backend.search(q, model.objects.live().public()).annotate_score("_score")
            for page in found[:10]:
                scored.append((page._score or 0.0, kind, page.title, page.pk))
        except Exception:
            continue
    scored.sort(key=lambda item: -item[0])
    return [result_key(kind, title, pk, seed_of) for _s, kind, title, pk in scored[:10]]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--port", type=int, default=9431)
    ap.add_argument("--backends", default="database,elasticsearch,wagtail")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    wanted = args.backends.split(",")

    tmp = Path(tempfile.mkdtemp(prefix="xf-search-bench-"))
    setup_django(tmp)
    from django.core.management import call_command

    from cms.demo import load_demo
    from cms.models import ArticleImport
    from search.backends.base import SearchQuery
    from search.backends.database import DatabaseBackend
    from search.services import rebuild_index
    from xianfeng.text import _opencc  # noqa: F401

    t0 = time.perf_counter()
    load_demo(log=lambda m: None, seeds=True, seeds_dir=shared / "seeds")
    call_command("update_index", verbosity=0)  # the stock backend's baseline index
    print(f"demo site built in {time.perf_counter() - t0:.1f}s")
    seed_of = {i.story_id: i.filename[:3] for i in ArticleImport.objects.exclude(story=None)}
    queries = json.loads((shared / "eval" / "queries.json").read_text("utf-8"))["queries"]
    import opencc

    s2t = opencc.OpenCC("s2t")

    runners = {}
    node_data = None
    if "database" in wanted:
        db = DatabaseBackend()
        rebuild_index(db)
        runners["database"] = db
    if "elasticsearch" in wanted:
        from search.backends.elasticsearch import ElasticsearchBackend

        node_data = tmp / "devnode"
        url = start_devnode(args.port, node_data)
        es = ElasticsearchBackend(url=url, alias="xf-bench")
        rebuild_index(es)
        runners["elasticsearch"] = es

    def run(name, q):
        if name == "wagtail":
            return wagtail_search(q, seed_of)
        results = runners[name].search(SearchQuery(q=q, per_page=10))
        return [result_key(h.type, h.title, h.page_id, seed_of) for h in results.hits]

    try:
        print(
            f"{'backend':<14} {'nDCG@10':>8} {'recall@10':>9} {'zero':>5} {'S=T top10':>9} "
            f"{'ms/q':>6}"
        )
        for name in [n for n in ("database", "elasticsearch", "wagtail") if n in wanted]:
            nd = rc = 0.0
            zero = same = 0
            t = time.perf_counter()
            for item in queries:
                grades = {
                    (r["type"], r.get("seed") or r.get("name")): r["grade"]
                    for r in item["relevant"]
                }
                keys = run(name, item["q"])
                zero += not keys
                nd += ndcg(keys, grades)
                rc += recall(keys, grades)
                traditional = s2t.convert(item["q"])
                same += run(name, traditional) == keys
                if args.verbose:
                    print(
                        f"  {name} {item['q']}: nDCG {ndcg(keys, grades):.2f} "
                        f"R {recall(keys, grades):.2f} {keys}"
                    )
            ms = (time.perf_counter() - t) * 1000 / (2 * len(queries))
            n = len(queries)
            print(f"{name:<14} {nd / n:>8.3f} {rc / n:>9.3f} {zero:>5} {same:>5}/{n:<3} {ms:>6.1f}")
    finally:
        if node_data is not None:
            subprocess.run(
                ["bash", str(DEVNODE), "stop", str(node_data)], capture_output=True, timeout=120
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
