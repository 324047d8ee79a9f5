"""Search speed on 100,000 synthetic Chinese profiles, for both backends.

Usage: .venv/bin/python bench/search_latency.py [-n 100000] [--clients 8] [--queries 2000]
       [--db-queries 80] [--port 9432] [--backends elasticsearch,database] [--workers 2]
       [--databases sqlite,postgres] [--scan]

The database backend: -n 10000,100000 --databases sqlite,postgres runs each size on each
database (a process each, the analysed profiles reused across them) and ends with a table
of p50/p95 and the 100,000 : 10,000 ratio. --scan measures the plain scan without the
full-text index (the figures before it).

Generates realistic profiles (names, roles, places, bios with deeds), analyses them with
search.analysis (in --workers processes), indexes them and prints indexing docs/s (analysis,
engine and end to end) and query latency p50/p95 with 1 and --clients concurrent clients, per
backend. Each client is a separate process, as site workers are (threads in one process would
queue on the GIL for the client-side work), timing the whole backend.search() a view makes.
Elasticsearch runs on a dev node on a spare port with its own data folder; the database
backend on a fresh SQLite file, or a fresh database on the embedded PostgreSQL server.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool, get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVNODE = ROOT / "search" / "devnode" / "devnode.sh"

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "秀玲晓辉海印连东寿雄家化祝君向阳慧敏全国付友齐营建华明强春良名芳罗那继领丽娟志勇国庆红梅文杰桂英凤兰德胜永福玉珍建国淑珍卫东爱民金凤俊峰雪红余良佳和艳斌洋"
)
PROVINCES = [
    "北京市",
    "浙江省",
    "河南省",
    "广东省",
    "山东省",
    "云南省",
    "湖南省",
    "广西壮族自治区",
    "四川省",
    "江苏省",
    "河北省",
    "湖北省",
    "福建省",
    "安徽省",
    "江西省",
    "陕西省",
]
CITIES = [
    "密云区",
    "嘉兴市",
    "许昌市",
    "茂名市",
    "寿光市",
    "瑞丽市",
    "湖州市",
    "岑溪市",
    "桐乡市",
    "海盐县",
    "嘉善县",
    "渑池县",
    "魏都区",
    "电白区",
    "成都市",
    "苏州市",
    "保定市",
    "宜昌市",
]
TOWNS = [
    "河南寨",
    "通元",
    "观珠",
    "羊口",
    "桑梓",
    "五女店",
    "灞陵",
    "溪翁庄",
    "石门",
    "梨木",
    "果园",
    "大王寨",
    "木师",
    "平田",
    "兴安",
    "旄儿港",
    "延中",
    "套里",
    "雪水港",
    "上河湾",
]
ROLES = [
    "村党支部书记",
    "村党支部副书记",
    "社区党总支书记",
    "镇党委书记",
    "党小组组长",
    "村委会主任",
    "车间党支部书记",
    "驻村第一书记",
    "社区网格员",
    "退役军人服务站站长",
    "卫生院院长",
    "小学校长",
    "合作社理事长",
    "街道党工委副书记",
    "志愿服务队队长",
    "供电所所长",
]
DEEDS = [
    "带领村民发展荔枝种植，村集体年增收{n}万元。",
    "台风来袭时连夜转移群众{n}人，无一伤亡。",
    "推动老旧小区改造，加装电梯{n}部。",
    "开展党员一对一帮扶，帮助{n}户贫困户脱贫。",
    "创办扶贫工厂，解决{n}名群众就业。",
    "组织党员先锋岗，攻克技术难题{n}项。",
    "探索“1+10”联系服务群众机制，走访群众{n}户。",
    "成立“泥腿子”服务队，为农服务{n}次。",
    "牵头修建村道{n}公里，方便群众出行。",
    "发放“胞波卡”，服务外籍人员{n}人。",
    "疫情防控中坚守一线{n}天。",
    "建设蔬菜大棚{n}个，带动群众增收。",
    "调解矛盾纠纷{n}起，被誉为金牌和事佬。",
    "开展“红色一刻钟”微党课{n}期。",
    "推行双积分管理，党员认领任务{n}项。",
    "保水护林巡查{n}次。",
    "带头作出先锋承诺，兑现承诺{n}项。",
    "建立网格工作室，服务居民{n}户。",
    "发展乡村旅游，接待游客{n}万人次。",
    "组织义诊{n}场，惠及群众上千人。",
]
HONOURS = [
    "优秀共产党员",
    "五星党员",
    "全国劳动模范",
    "优秀党务工作者",
    "三八红旗手",
    "最美基层干部",
    "",
]


def make_profiles(n, seed=7):
    from search.documents import SearchDoc

    rng = random.Random(seed)
    docs = []
    for i in range(n):
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )
        province, city, town = rng.choice(PROVINCES), rng.choice(CITIES), rng.choice(TOWNS)
        role = f"{town}{rng.choice(ROLES)}"
        honour = rng.choice(HONOURS)
        deeds = "".join(rng.choice(DEEDS).format(n=rng.randint(2, 900)) for _ in range(3))
        bio = (
            f"{name}，{rng.randint(24, 70)}岁，{rng.randint(1, 50)}年党龄，现任{province}{city}"
            f"{role}。{deeds}"
        )
        docs.append(
            SearchDoc(
                page_id=i + 1,
                type="profile",
                title=name,
                url=f"/people/p{i + 1}/",
                region=province + city,
                organisation=f"{town}党委",
                org_path=f"0001{rng.randint(1, 40):04d}",
                honours=[honour] if honour else [],
                names=[name],
                meta=f"{role}\n{province}{city}\n{honour}",
                body=bio,
            )
        )
    return docs


def analyse(doc):
    doc.analysed()
    return doc


def queries_for(docs, count, seed=11):
    from search.analysis import pinyin_forms

    rng = random.Random(seed)
    words = [
        "台风",
        "荔枝种植",
        "老旧小区改造",
        "扶贫",
        "党员先锋岗",
        "党支部书记 台风",
        "先锋承诺",
        "胞波卡",
        "红色一刻钟",
        "金牌和事佬",
        "蔬菜大棚",
        "乡村旅游",
        "疫情防控",
        "保水",
    ]
    out = []
    for i in range(count):
        doc = rng.choice(docs)
        kind = i % 4
        if kind == 0:
            out.append(doc.title)
        elif kind == 1:
            out.append(pinyin_forms(doc.title)[0])
        elif kind == 2:
            out.append(rng.choice(words))
        else:
            out.append(rng.choice(TOWNS) + " " + rng.choice(words))
    return out


def make_backend(spec):
    """A backend of its own for a client process: ("elasticsearch", url, alias) or
    ("database", full_text)."""
    if spec[0] == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url=spec[1], alias=spec[2])
    from search.backends.database import DatabaseBackend

    return DatabaseBackend(full_text=spec[1])


def client_process(spec, warmup, queries, barrier, out):
    """One client, as a site worker process would be: its own interpreter (no GIL shared with
    the other clients), its own connection; times the whole backend.search() a view makes
    (query analysis, engine round trip, result building, highlighting)."""
    import django

    django.setup()
    from search.backends.base import SearchQuery

    backend = make_backend(spec)
    for q in warmup:  # imports, segmenter dictionary, connection, engine caches
        backend.search(SearchQuery(q=q))
    latencies, engine = [], []
    barrier.wait()  # every client starts timing together
    for q in queries:
        t = time.perf_counter()
        results = backend.search(SearchQuery(q=q))
        latencies.append((time.perf_counter() - t) * 1000)
        if results.engine_ms is not None:
            engine.append(results.engine_ms)
    out.put((latencies, engine))


def plural(n, word):
    return f"{n} {word}" + ("es" if n != 1 and word.endswith("s") else "s" if n != 1 else "")


def pct(values, p):
    return values[int(p * (len(values) - 1))]


def run_queries(spec, queries, clients, warmup):
    """`queries` shared round-robin among `clients` separate processes (spawned, so each
    starts clean like a server worker); returns p50, p95 and throughput over all of them."""
    ctx = get_context("spawn")
    barrier, out = ctx.Barrier(clients + 1), ctx.Queue()
    procs = [
        ctx.Process(
            target=client_process,
            daemon=True,
            args=(spec, warmup[i::clients], queries[i::clients], barrier, out),
        )
        for i in range(clients)
    ]
    for proc in procs:
        proc.start()
    try:
        barrier.wait(timeout=600)
        t0 = time.perf_counter()
        latencies, engine = [], []
        for _ in procs:
            lat, eng = out.get(timeout=600)
            latencies += lat
            engine += eng
        wall = time.perf_counter() - t0
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.terminate()
    latencies.sort()
    engine.sort()
    if engine:
        print(
            f"  engine-reported time ('took'): p50 {statistics.median(engine):.0f} ms, "
            f"p95 {pct(engine, 0.95):.0f} ms"
        )
    return statistics.median(latencies), pct(latencies, 0.95), len(queries) / wall


def several(args) -> int:
    """Each size on each database in a process of its own (settings are per process), the
    analysed profiles of a size reused; then the table the issue asks for."""
    cache = Path(tempfile.mkdtemp(prefix="xf-latency-docs-"))
    figures = {}
    for n in args.sizes:
        for db in args.dbs:
            command = [sys.executable, __file__, "-n", str(n), "--databases", db]
            command += ["--backends", "database", "--docs-cache", str(cache)]
            command += ["--clients", str(args.clients), "--db-queries", str(args.db_queries)]
            command += ["--workers", str(args.workers)] + (["--scan"] if args.scan else [])
            print(f"== {n:,} profiles on {db}", flush=True)
            out = subprocess.run(command, capture_output=True, text=True, check=False)
            print(out.stdout + out.stderr, end="", flush=True)
            found = re.search(r"database query: p50 ([\d.]+) ms, p95 ([\d.]+) ms", out.stdout)
            if found:
                figures[n, db] = tuple(map(float, found.groups()))
    how = "plain scan" if args.scan else "full-text index"
    print(f"\ndatabase backend, {args.clients} client processes, {how}:")
    for db in args.dbs:
        row = [f"{n:,}: p50 {figures[n, db][0]:.0f} / p95 {figures[n, db][1]:.0f} ms"
               for n in args.sizes if (n, db) in figures]  # fmt: skip
        small, large = (figures.get((n, db)) for n in (min(args.sizes), max(args.sizes)))
        if small and large and len(args.sizes) > 1:
            row.append(f"ratio p50 {large[0] / small[0]:.1f}x, p95 {large[1] / small[1]:.1f}x")
        print(f"  {db:<9}" + "; ".join(row))
    return 0


def analysed_profiles(n, workers, cache):
    path = cache and Path(cache) / f"profiles-{n}.pickle"
    if path and path.exists():
        return pickle.loads(path.read_bytes()), None  # noqa: S301 - our own file
    t = time.perf_counter()
    docs = make_profiles(n)
    print(f"generated {len(docs)} profiles in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    with Pool(workers) as pool:
        docs = pool.map(analyse, docs, chunksize=500)
    analysis_s = time.perf_counter() - t
    print(
        f"analysis: {len(docs) / analysis_s:,.0f} docs/s ({workers} processes, {analysis_s:.1f}s)"
    )
    if path:
        path.write_bytes(pickle.dumps(docs))
    return docs, analysis_s


def use_database(db, tmp):
    """Settings for this process and its client processes (inherited environment)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "xianfeng.settings.test"
    os.environ["XF_TEST_DB"] = db
    if db == "postgres":
        from xianfeng.devdb import fresh_embedded_database_url

        fresh_embedded_database_url("xf_latency_bench")
        os.environ["XF_WORKER_DB"] = "xf_latency_bench"
    else:
        os.environ["XF_WORKER_DB"] = str(tmp / "bench.sqlite3")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", default="100000", help="profiles; several: 10000,100000")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--db-queries", type=int, default=80)
    ap.add_argument("--port", type=int, default=9432)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--backends", default="elasticsearch,database")
    ap.add_argument("--databases", default="sqlite", help="sqlite,postgres")
    ap.add_argument("--scan", action="store_true", help="database backend without its index")
    ap.add_argument("--docs-cache", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    wanted = args.backends.split(",")
    args.sizes = [int(n) for n in args.n.split(",")]
    args.dbs = args.databases.split(",")
    if len(args.sizes) > 1 or len(args.dbs) > 1:
        if wanted != ["database"]:
            raise SystemExit("several sizes or databases: --backends database only")
        return several(args)
    args.n = args.sizes[0]

    tmp = Path(tempfile.mkdtemp(prefix="xf-latency-"))
    sys.path.insert(0, str(ROOT))
    use_database(args.dbs[0], tmp)
    import django

    django.setup()
    from search import analysis

    analysis.add_user_words([])  # load jieba before forking
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start")
    docs, analysis_s = analysed_profiles(args.n, args.workers, args.docs_cache)
    queries = queries_for(docs, args.queries)
    # Warm-up queries are drawn apart from the timed ones (another seed).
    warmup = queries_for(docs, 50 * args.clients, seed=12)

    if "elasticsearch" in wanted:
        from search.backends.elasticsearch import (
            BULK_LOAD_SETTINGS,
            LIVE_SETTINGS,
            ElasticsearchBackend,
            source_of,
        )

        data = tmp / "devnode"
        started = subprocess.run(
            ["bash", str(DEVNODE), "start", str(args.port), str(data)],
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "DEVNODE_HEAP": os.environ.get("DEVNODE_HEAP", "1g")},
        )
        if started.returncode:
            raise SystemExit(started.stdout + started.stderr)
        try:
            es = ElasticsearchBackend(url=f"http://127.0.0.1:{args.port}", alias="xf-latency")
            name = es._new_index(extra_alias=es.alias)
            es.client.indices.put_settings(index=name, body=BULK_LOAD_SETTINGS)
            t = time.perf_counter()
            count = es.bulk_sources(name, ((d.page_id, source_of(d)) for d in docs), threads=2)
            es.client.indices.put_settings(index=name, body=LIVE_SETTINGS)
            es.refresh()
            bulk_s = time.perf_counter() - t
            print(
                f"elasticsearch indexing: {count / bulk_s:,.0f} docs/s bulk "
                f"({count} docs, {bulk_s:.1f}s); end to end with analysis "
                f"{count / (bulk_s + analysis_s):,.0f} docs/s"
            )
            spec = ("elasticsearch", es.url, es.alias)
            for clients in sorted({1, args.clients}):
                p50, p95, qps = run_queries(spec, queries, clients, warmup)
                print(
                    f"elasticsearch query: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {qps:.0f} q/s "
                    f"({len(queries)} queries, {plural(clients, 'client process')})"
                )
        finally:
            subprocess.run(
                ["bash", str(DEVNODE), "stop", str(data)], capture_output=True, timeout=120
            )

    if "database" in wanted:
        from django.core.management import call_command
        from django.db import connection

        from search.backends.database import entry_from_doc
        from search.models import SearchEntry

        call_command("migrate", verbosity=0)
        t = time.perf_counter()
        for start in range(0, len(docs), 2000):
            SearchEntry.objects.bulk_create([entry_from_doc(d) for d in docs[start : start + 2000]])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum would have by now
                cursor.execute("VACUUM ANALYZE xfsearch_searchentry")
        db_s = time.perf_counter() - t
        end_to_end = f"{len(docs) / (db_s + analysis_s):,.0f} docs/s" if analysis_s else "-"
        print(
            f"database indexing: {len(docs) / db_s:,.0f} docs/s insert; end to end with "
            f"analysis {end_to_end}"
        )
        p50, p95, qps = run_queries(
            ("database", not args.scan),
            queries[: args.db_queries],
            args.clients,
            warmup[: args.clients * 2],
        )
        how = "plain scan" if args.scan else "full-text index"
        print(
            f"database query: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {qps:.1f} q/s "
            f"({args.db_queries} queries, {plural(args.clients, 'client process')}, "
            f"{connection.vendor}, {how})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
