"""Search relevance of our two backends against Wagtail's stock database backend.

Usage: .venv/bin/python bench/search_quality.py [--shared /work/shared] [--port 9431] [-v]
       [--backends database,elasticsearch,wagtail] [--sets shared,corpus]

Builds the demo site with the seed articles (cms.demo.load_demo(seeds=True)) in a fresh SQLite
database in a temporary folder, imports the project's own corpus (tests/corpus/articles: 18
articles nobody tuned the search on) and publishes each story with its people, as an editor
confirming the import would. Indexes it with each backend (Elasticsearch on a dev node started
on a spare port with its own data folder) and runs two query sets, reported apart:

- shared: shared/eval/queries.json (read-only);
- corpus: CORPUS_QUERIES below, graded over the corpus (story keys are the file prefix, c01…).

Per backend and set: nDCG@10, recall@10, queries without results, how many queries give the
same top 10 in Simplified and Traditional script (OpenCC s2t and t2s of the query: both ways),
mean and slowest query time (after a warm-up query, as a started worker would have done).
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
CORPUS = ROOT / "tests" / "corpus" / "articles"


def _q(q, *relevant):
    """A graded query: ("story", "c01", 2) or ("profile", "范立群", 2)."""
    return {
        "q": q,
        "relevant": [
            {"type": kind, ("seed" if kind == "story" else "name"): key, "grade": grade}
            for kind, key, grade in relevant
        ],
    }


def S(key, grade=2):  # a grade table: S("c01"), P("范立群", 1)
    return ("story", key, grade)


def P(name, grade=2):
    return ("profile", name, grade)


# Graded over tests/corpus (18 articles in the styles editors paste): 2 = what the query is
# about, 1 = relevant. A person's name: their profile first, the story they are in next. A
# topic: the story first, the exemplars whose part of it the topic is next. Some queries in
# Traditional script, some in pinyin, some with symbols between digits or words.
CORPUS_QUERIES = [
    _q("范立群", P("范立群"), S("c01", 1)),
    _q("跑腿服务队", S("c01"), P("戴晓峰", 1), P("范立群", 1)),
    _q("便民服务点", S("c01"), P("范立群", 1)),
    _q("社区食堂", S("c02"), P("骆慧敏", 1), P("鲍国庆", 1)),
    _q("骆慧敏", P("骆慧敏"), S("c02", 1)),
    _q("背包医生", S("c03"), P("邝雨晴", 1)),
    _q("邝雨晴", P("邝雨晴"), S("c03", 1)),
    _q("家庭医生签约", S("c03"), P("邝雨晴", 1)),
    _q("侯长顺", P("侯长顺"), S("c04", 1)),
    _q("活雷锋", S("c04"), P("侯长顺", 1)),
    _q("麥志雄", P("麦志雄"), S("c05", 1)),
    _q("维修家电", S("c05"), P("麦志雄", 1)),
    _q("廖淑芬", P("廖淑芬"), S("c06", 1)),
    _q("共餐計畫", S("c06"), P("廖淑芬", 1)),
    _q("蓝振华", P("蓝振华"), S("c07", 1)),
    _q("茶叶加工厂", S("c07"), P("蓝振华", 1)),
    _q("欧阳静", P("欧阳静"), S("c08", 1)),
    _q("护士长", P("欧阳静"), S("c08")),
    _q("第一书记", S("c09"), P("邬建平")),
    _q("中药材", S("c09"), P("瞿晓东", 1), P("邬建平", 1)),
    _q("瞿晓东", P("瞿晓东"), S("c09", 1)),
    _q("蔬菜大棚", S("c10"), P("倪春燕", 1)),
    _q("党支部+合作社+农户", S("c10"), P("倪春燕", 1)),
    _q("倪春燕", P("倪春燕"), S("c10", 1)),
    _q("红马甲", S("c11"), P("聂海燕", 1)),
    _q("聂海燕", P("聂海燕"), S("c11", 1)),
    _q("陳美玲", P("陈美玲"), S("c12", 1)),
    _q("安老院", S("c12"), P("陈美玲", 1)),
    _q("红色故事巡回宣讲", S("c13")),
    _q("90后", S("c13"), P("华倩", 1)),
    _q("鲁卫东", P("鲁卫东"), S("c14", 1)),
    _q("人民调解", S("c14"), P("鲁卫东")),
    _q("8·26山火", S("c15"), P("庞志刚", 1)),
    _q("庞志刚", P("庞志刚"), S("c15", 1)),
    _q("一等功", S("c15"), P("庞志刚", 1)),
    _q("快递员", P("易浩然"), S("c16")),
    _q("易浩然", P("易浩然"), S("c16", 1)),
    _q("乡村教师", S("c17"), P("符晓兰")),
    _q("符曉蘭", P("符晓兰"), S("c17", 1)),
    _q("加装电梯", S("c18"), P("汤丽君", 1)),
    _q("汤丽君", P("汤丽君"), S("c18", 1)),
    _q("fanliqun", P("范立群")),
    _q("ouyangjing", P("欧阳静")),
    _q("pang zhi gang", P("庞志刚")),
]


def setup_django(tmp: Path, database: Path | None = None):
    os.environ["DJANGO_SETTINGS_MODULE"] = "xianfeng.settings.test"
    os.environ["XF_TEST_DB"] = "sqlite"
    os.environ["XF_WORKER_DB"] = str(database or tmp / "bench.sqlite3")
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


def load_corpus(log=print, prefixes=None) -> dict:
    """Import the corpus articles (or those whose file names start with one of `prefixes`),
    publish each story and, as the editor confirming the offer would, its people
    (cms.importer.publishing); returns {story id: 'c01', ...}."""
    from cms.demo import ensure_admin
    from cms.importer.publishing import draft_people, story_people_publish
    from cms.importer.services import FAILED, default_indexes, import_article
    from cms.models import StoryPage

    stories, profiles = default_indexes()
    user = ensure_admin()
    keys = {}
    for path in sorted(CORPUS.glob("*.txt")):
        if prefixes and not path.name.startswith(tuple(prefixes)):
            continue
        result = import_article(
            path.read_bytes(), path.name, story_index=stories, profile_index=profiles, user=user
        )
        if result.status == FAILED or result.story is None:
            log(f"corpus {path.name}: {result.status} {result.message}")
            continue
        story = result.story
        if not story.live:
            story.get_latest_revision().publish(user=user)
            story = StoryPage.objects.get(pk=story.pk)
        people = [p.pk for p in draft_people(story)]
        if people:
            story_people_publish(story=story, profile_ids=people, user=user)
        keys[story.pk] = path.name[:3]
    return keys


def evaluate(search, queries, s2t, t2s) -> dict:
    """nDCG@10, recall@10, zero-result queries and Simplified/Traditional agreement of
    `search(q) -> [result keys]` over graded `queries`; per query in 'rows'."""
    rows = []
    for item in queries:
        grades = grades_of(item)
        keys = search(item["q"])
        others = {s2t.convert(item["q"]), t2s.convert(item["q"])} - {item["q"]}
        differ = [o for o in others if search(o) != keys]
        rows.append(
            {
                "q": item["q"],
                "keys": keys,
                "ndcg": ndcg(keys, grades),
                "recall": recall(keys, grades),
                "differ": differ,
            }
        )
    n = len(rows) or 1
    return {
        "ndcg": sum(r["ndcg"] for r in rows) / n,
        "recall": sum(r["recall"] for r in rows) / n,
        "zero": sum(1 for r in rows if not r["keys"]),
        "same": sum(1 for r in rows if not r["differ"]),
        "rows": rows,
    }


def try_weights(changes: dict) -> None:
    """Patch the shared ranking constants in every module that imported them (tuning only)."""
    import importlib

    from search.backends import base

    for key, value in changes.items():
        if key in base.WEIGHTS:
            base.WEIGHTS[key] = value
            continue
        for name in (
            "search.backends.base",
            "search.backends.database",
            "search.backends.elasticsearch",
        ):
            module = importlib.import_module(name)
            if hasattr(module, key):
                setattr(module, key, value)
    print("weights:", base.WEIGHTS, {k: v for k, v in changes.items() if k not in base.WEIGHTS})


def grades_of(item) -> dict:
    return {(r["type"], r.get("seed") or r.get("name")): r["grade"] for r in item["relevant"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--port", type=int, default=9431)
    ap.add_argument("--backends", default="database,elasticsearch,wagtail")
    ap.add_argument("--sets", default="shared,corpus")
    ap.add_argument("--db", help="reuse the SQLite database a previous run built (its path)")
    ap.add_argument("--es-url", help="a running Elasticsearch instead of a new dev node")
    ap.add_argument(
        "--weights",
        help='try other ranking constants, e.g. \'{"context": 1.2, "BODY_B": 0.5}\' (keys of '
        "search.backends.base.WEIGHTS or its upper-case names)",
    )
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    wanted = args.backends.split(",")

    tmp = Path(tempfile.mkdtemp(prefix="xf-search-bench-"))
    setup_django(tmp, Path(args.db) if args.db else None)
    from django.core.management import call_command

    from cms.demo import load_demo
    from cms.models import ArticleImport
    from search.backends.base import SearchQuery
    from search.backends.database import DatabaseBackend
    from search.services import rebuild_index
    from xianfeng.text import _opencc  # noqa: F401

    if args.weights:
        try_weights(json.loads(args.weights))

    t0 = time.perf_counter()
    if not args.db:
        load_demo(log=lambda m: None, seeds=True, seeds_dir=shared / "seeds")
        load_corpus()
        call_command("update_index", verbosity=0)  # the stock backend's baseline index
        print(f"demo site and corpus built in {time.perf_counter() - t0:.1f}s in {tmp}")
    seed_of = {i.story_id: i.filename[:3] for i in ArticleImport.objects.exclude(story=None)}
    sets = {}
    if "shared" in args.sets:
        sets["shared"] = json.loads((shared / "eval" / "queries.json").read_text("utf-8"))[
            "queries"
        ]
    if "corpus" in args.sets:
        sets["corpus"] = CORPUS_QUERIES
    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")

    runners = {}
    node_data = None
    if "database" in wanted:
        db = DatabaseBackend()
        rebuild_index(db)
        runners["database"] = db
    if "elasticsearch" in wanted:
        from search.backends.elasticsearch import ElasticsearchBackend

        if args.es_url:
            url = args.es_url
        else:
            node_data = tmp / "devnode"
            url = start_devnode(args.port, node_data)
        es = ElasticsearchBackend(url=url, alias="xf-bench")
        rebuild_index(es)
        runners["elasticsearch"] = es

    timings = []

    def run(name, q):
        if name == "wagtail":
            return wagtail_search(q, seed_of)
        t = time.perf_counter()
        results = runners[name].search(SearchQuery(q=q, per_page=10))
        timings.append(((time.perf_counter() - t) * 1000, q))
        return [result_key(h.type, h.title, h.page_id, seed_of) for h in results.hits]

    try:
        print(
            f"{'backend':<14} {'set':<7} {'nDCG@10':>8} {'recall@10':>9} {'zero':>5} "
            f"{'S=T top10':>9} {'ms/q':>6} {'max ms':>7}"
        )
        for name in [n for n in ("database", "elasticsearch", "wagtail") if n in wanted]:
            if name != "wagtail":
                run(name, "先锋")  # a started worker has warmed up (search.apps)
            for set_name, queries in sets.items():
                timings.clear()
                found = evaluate(lambda q, name=name: run(name, q), queries, s2t, t2s)
                if args.verbose:
                    for row in found["rows"]:
                        if row["ndcg"] < 0.999 or row["differ"] or not row["keys"]:
                            print(
                                f"  {name} {row['q']}: nDCG {row['ndcg']:.2f} "
                                f"R {row['recall']:.2f} {row['keys'][:6]}"
                                + (f" differs in {row['differ']}" if row["differ"] else "")
                            )
                n = len(queries)
                ms = sum(t for t, _q in timings) / len(timings) if timings else 0.0
                worst = max(timings) if timings else (0.0, "")
                print(
                    f"{name:<14} {set_name:<7} {found['ndcg']:>8.3f} {found['recall']:>9.3f} "
                    f"{found['zero']:>5} {found['same']:>5}/{n:<3} {ms:>6.1f} {worst[0]:>7.1f}"
                    + (f" ({worst[1]})" if timings else "")
                )
    finally:
        if node_data is not None:
            subprocess.run(
                ["bash", str(DEVNODE), "stop", str(node_data)], capture_output=True, timeout=120
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
