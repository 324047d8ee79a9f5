"""Search speed on 100,000 synthetic Chinese profiles, for both backends.

Usage: .venv/bin/python bench/search_latency.py [-n 100000] [--clients 8] [--queries 2000]
       [--db-queries 80] [--port 9432] [--backends elasticsearch,database] [--workers 2]
       [--databases sqlite,postgres] [--modes all,cut] [--scan]

The database backend: -n 10000,100000 --databases sqlite,postgres runs each size on each
database (a process each, the analysed profiles reused across them) and ends with a table
of p50/p95 and the 100,000 : 10,000 ratio, a row per --modes: "all" ranks every match (up
to 5,000; the figures before the cut), "cut" ranks the TOP_K cut (after), both on the same
database. --scan measures the plain scan without the full-text index. Each mode also runs
the queries with a single client first and prints the CPU a query costs: the client process
and, on PostgreSQL, its server process (with 8 clients on 2 cores, p95 is a multiple of it,
and the machine's other load moves p95 far more than it). The corpus and the queries:
bench/search_corpus.py.

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
import re
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: its siblings
from search_corpus import analysed_profiles, make_profiles, queries_for  # noqa: E402, F401

DEVNODE = ROOT / "search" / "devnode" / "devnode.sh"


def make_backend(spec):
    """A backend of its own for a client process: ("elasticsearch", url, alias) or
    ("database", full_text, cut)."""
    if spec[0] == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url=spec[1], alias=spec[2])
    from search.backends.database import DatabaseBackend

    return DatabaseBackend(full_text=spec[1], cut=spec[2])


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
    cpu = (time.process_time(), server_cpu(spec))
    for q in queries:
        t = time.perf_counter()
        results = backend.search(SearchQuery(q=q))
        latencies.append((time.perf_counter() - t) * 1000)
        if results.engine_ms is not None:
            engine.append(results.engine_ms)
    after = server_cpu(spec)
    server = after - cpu[1] if after is not None and cpu[1] is not None else None
    out.put((latencies, engine, (time.process_time() - cpu[0], server)))


def server_cpu(spec):
    """CPU seconds the client's own PostgreSQL backend process has used (the embedded server
    runs on this machine), or None (SQLite runs in the client; Elasticsearch)."""
    if spec[0] != "database":
        return None
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        latencies, engine, client_cpu, server = [], [], 0.0, 0.0
        for _ in procs:
            lat, eng, (client_s, server_s) = out.get(timeout=600)
            latencies += lat
            engine += eng
            client_cpu += client_s
            server = None if server is None or server_s is None else server + server_s
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
    if clients == 1 and spec[0] == "database":
        # The work a query costs (with 8 clients on 2 cores, p95 is a multiple of it).
        server_ms = "-" if server is None else f"{server / len(queries) * 1000:.1f} ms"
        print(
            f"  1 client: p50 {statistics.median(latencies):.1f} ms, p95 "
            f"{pct(latencies, 0.95):.1f} ms; CPU a query: client {client_cpu / len(queries) * 1000:.1f}"
            f" ms, database server {server_ms}"
        )
    return statistics.median(latencies), pct(latencies, 0.95), len(queries) / wall


def several(args) -> int:
    """Each size on each database in a process of its own (settings are per process), the
    analysed profiles of a size reused; then the table the issue asks for, a row per mode
    (all = every match ranked, the figures before the cut; cut = after)."""
    cache = Path(args.docs_cache or tempfile.mkdtemp(prefix="xf-latency-docs-"))
    figures, single = {}, {}
    for n in args.sizes:
        for db in args.dbs:
            command = [sys.executable, __file__, "-n", str(n), "--databases", db]
            command += ["--backends", "database", "--docs-cache", str(cache)]
            command += ["--clients", str(args.clients), "--db-queries", str(args.db_queries)]
            command += ["--workers", str(args.workers), "--modes", args.modes]
            command += ["--scan"] if args.scan else []
            print(f"== {n:,} profiles on {db}", flush=True)
            run = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            mode = None
            for line in run.stdout:
                print(line, end="", flush=True)
                found = re.search(r"database query \[(\w+)\]: p50 ([\d.]+) ms, p95 ([\d.]+)", line)
                if found:
                    figures[found[1], n, db] = (float(found[2]), float(found[3]))
                mode = re.match(r"database \[(\w+)\], single client", line) or mode
                found = re.search(
                    r"1 client: p50 ([\d.]+) ms, p95 ([\d.]+) ms; CPU a query: (.*)", line
                )
                if found and mode:
                    single[mode[1], n, db] = f"p50 {found[1]} / p95 {found[2]} ms, CPU {found[3]}"
            run.wait()
    print(f"\ndatabase backend, {args.clients} client processes:")
    for mode in ["scan"] if args.scan else args.modes.split(","):
        for db in args.dbs:
            got = {n: figures[mode, n, db] for n in args.sizes if (mode, n, db) in figures}
            row = [f"{n:,}: p50 {p50:.0f} / p95 {p95:.0f} ms" for n, (p50, p95) in got.items()]
            small, large = got.get(min(args.sizes)), got.get(max(args.sizes))
            if small and large and len(args.sizes) > 1:
                row.append(f"ratio p50 {large[0] / small[0]:.1f}x, p95 {large[1] / small[1]:.1f}x")
            print(f"  {mode:<5}{db:<9}" + "; ".join(row))
            for n in args.sizes:
                if (mode, n, db) in single:
                    print(f"    1 client, {n:,}: {single[mode, n, db]}")
    return 0


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
    ap.add_argument(
        "--modes",
        default="all,cut",
        help="database backend through its index: all = every match ranked (before the cut), "
        "cut = the TOP_K cut; both on the same database",
    )
    ap.add_argument("--docs-cache", default="", help="keep the analysed profiles here")
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

    from django.core.management import call_command

    # Both parts need the schema: the Elasticsearch clients read private pages from it too.
    call_command("migrate", verbosity=0)

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
                + (f"{count / (bulk_s + analysis_s):,.0f} docs/s" if analysis_s else "-")
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
        from django.db import connection

        from search.backends.database import entry_from_doc
        from search.models import SearchEntry

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
        for mode in ["scan"] if args.scan else args.modes.split(","):
            spec = ("database", mode != "scan", mode != "all")
            print(f"database [{mode}], single client:", flush=True)
            run_queries(spec, queries[: args.db_queries], 1, warmup[:2])
            p50, p95, qps = run_queries(
                spec, queries[: args.db_queries], args.clients, warmup[: args.clients * 2]
            )
            print(
                f"database query [{mode}]: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {qps:.1f} q/s "
                f"({args.db_queries} queries, {plural(args.clients, 'client process')}, "
                f"{connection.vendor}, load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
