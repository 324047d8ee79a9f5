"""Where a "cold" page view spends its time: every cache off, as the first visitor after a
publish gets it (the "cold" row of bench/pages.sh).

Renders each page of the pages bench through the whole middleware stack (Django's test
client) under the production settings with PAGE_CACHE=off and CONTENT_CACHE=off, on the demo
site (with the seed articles, renditions made ahead as the worker does), and prints per page:
the queries, the time in SQL, in templates (less the SQL run from inside them) and in the rest
of the Python, and the functions with the most cumulative time (cProfile).

Usage: .venv/bin/python bench/cold_profile.py [-n REQUESTS] [--top N] [--postgres] [--reuse]
           [--sql] [--save DIR] [PATH ...]
SQLite by default (a file under the temporary directory; --reuse keeps and reuses it);
--postgres uses a database on the embedded PostgreSQL server, for the query counts the
benchmark sees.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = ("/", "/stories/miyun-xianfeng/", "/brands/")
PG_DATABASE = "xianfeng_cold_profile"
WORK = Path(tempfile.gettempdir()) / "xianfeng-cold-profile"
SQLITE_PATH = WORK / "db.sqlite3"


def configure(postgres):
    """The production settings of the cold bench row, on SQLite or the embedded PostgreSQL."""
    if postgres:
        from urllib.parse import quote

        sys.path.insert(0, str(REPO))
        from xianfeng.devdb import embedded_postgres_uri

        uri = embedded_postgres_uri()
        host = uri.split("host=", 1)[1].split("&", 1)[0]
        url = f"postgres://postgres@{quote(host, safe='')}/{PG_DATABASE}"
    else:
        url = f"sqlite:///{SQLITE_PATH}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="xianfeng.settings.production",
        SECRET_KEY="cold-profile-only-secret-key-not-for-production-0123456789",
        DATABASE_URL=url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE="off",
        CONTENT_CACHE="off",
        MEDIA_ROOT=str(WORK / "media"),
        STATIC_ROOT=str(WORK / "static"),
    )
    os.environ.pop("REDIS_URL", None)  # the local-memory caches: what is measured is the rest
    sys.path.insert(0, str(REPO))
    return url


def prepare(postgres, reuse):
    """A fresh database with the demo site (and its seed articles) and every rendition."""
    from django.core.management import call_command
    from django.db import connection

    WORK.mkdir(exist_ok=True)
    if not (WORK / "static" / "staticfiles.json").exists():  # the production static storage
        call_command("collectstatic", interactive=False, verbosity=0)

    if postgres:
        import psycopg

        admin = dict(connection.settings_dict, NAME="postgres")
        with psycopg.connect(
            host=admin["HOST"], user=admin["USER"], dbname="postgres", autocommit=True
        ) as pg:
            exists = pg.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
            ).fetchone()
            if exists and reuse:
                return
            pg.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            pg.execute(f"CREATE DATABASE {PG_DATABASE}")
    else:
        if SQLITE_PATH.exists() and reuse:
            return
        connection.close()
        SQLITE_PATH.unlink(missing_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    from cms.demo import load_demo

    load_demo(log=lambda message: None, seeds=True)
    from wagtail.images import get_image_model

    from cms.selectors import RENDITION_SPECS

    for image in get_image_model().objects.all():
        image.get_renditions(*RENDITION_SPECS)


class QueryLog:
    """Every query run on the default connection, with its time (an execute wrapper: Django's
    own query log is emptied at the start of each request)."""

    def __init__(self):
        self.queries = []  # (seconds, sql)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))

    def seconds(self, start=0):
        return sum(seconds for seconds, _sql in self.queries[start:])


class TemplateTimer:
    """Time spent rendering top-level templates, and the SQL run from inside them."""

    def __init__(self, log):
        self.log = log
        self.seconds = self.sql_seconds = 0.0
        self.depth = 0

    def install(self):
        from django.template.backends.django import Template

        original = Template.render
        timer = self

        def render(template, context=None, request=None):
            if timer.depth:
                return original(template, context, request)
            timer.depth += 1
            first = len(timer.log.queries)
            started = time.perf_counter()
            try:
                return original(template, context, request)
            finally:
                timer.seconds += time.perf_counter() - started
                timer.sql_seconds += timer.log.seconds(first)
                timer.depth -= 1

        Template.render = render
        return lambda: setattr(Template, "render", original)


def cpu_of_batch(client, path, requests):
    started = time.process_time()
    for _ in range(requests):
        client.get(path)
    return (time.process_time() - started) / requests


def profile_page(client, path, requests, top, show_sql, sort):
    from django.db import connection

    for _ in range(3):  # warm: imports, template compilation, the connection
        assert client.get(path).status_code == 200, path

    one = QueryLog()
    with connection.execute_wrapper(one):
        client.get(path)

    log = QueryLog()
    timer = TemplateTimer(log)
    with connection.execute_wrapper(log):
        restore = timer.install()
        try:
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in range(requests):
                client.get(path)
            total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        finally:
            restore()
    sql = log.seconds()
    templates = timer.seconds - timer.sql_seconds
    # Other processes share the cores: the quickest of a few batches is the steadiest figure.
    best_cpu = min(cpu_of_batch(client, path, max(requests // 5, 1)) for _ in range(5))

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()

    def ms(seconds):
        return f"{seconds / requests * 1000:7.2f} ms"

    print(f"\n## {path}")
    print(f"queries per view      {len(one.queries):>7}")
    print(f"wall time per view    {ms(total)}  ({requests / total:.0f} views/s in one process)")
    print(f"CPU time per view     {ms(cpu)}  (wall minus CPU: waiting for the database or a core)")
    print(f"  best batch          {best_cpu * 1000:7.2f} ms")
    print(f"  SQL                 {ms(sql)}  (of which from templates: {ms(timer.sql_seconds)})")
    print(f"  templates (no SQL)  {ms(templates)}")
    print(f"  other Python        {ms(total - sql - templates)}")
    if show_sql:
        for seconds, query in one.queries:
            print(f"    {seconds * 1000:6.2f} ms  {query[:150]}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(top)
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=PAGES)
    parser.add_argument("-n", "--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=30, help="functions listed per page")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the database made before")
    parser.add_argument("--sql", action="store_true", help="print each query of one view")
    parser.add_argument("--sort", default="cumulative", help="pstats order (e.g. tottime)")
    parser.add_argument(
        "--save", type=Path, help="write each page's HTML under this folder (to compare output)"
    )
    args = parser.parse_args()

    url = configure(args.postgres)
    import django

    django.setup()
    prepare(args.postgres, args.reuse)
    from django.test import Client

    print(f"# cold pages (PAGE_CACHE=off CONTENT_CACHE=off, production settings) on {url}")
    client = Client(HTTP_HOST="127.0.0.1")
    for path in args.paths:
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "_") or "home"
            (args.save / f"{name}.html").write_bytes(client.get(path).content)
        profile_page(client, path, args.requests, args.top, args.sql, args.sort)


if __name__ == "__main__":
    main()
