"""Pledge wall with 1,000 approved pledges vs. the home page, under gunicorn on PostgreSQL.

Same setup as bench/pages.sh (2 sync gunicorn workers, production settings, embedded
PostgreSQL, Redis, wrk through ../shared/bench/http_bench.sh), measured with the anonymous page
cache off (every request renders) and on. Also prints the SQL queries each page needs.

Usage: .venv/bin/python bench/pledge_wall.py [-d SECONDS] [-c CONNECTIONS] [-n PLEDGES]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
HTTP_BENCH = os.environ.get("HTTP_BENCH", str(REPO.parent / "shared" / "bench" / "http_bench.sh"))
DB_NAME = "xianfeng_bench_pledges"
WALL = "/pledges/qijiang-qibi/"

SEED_PLEDGES = """
import datetime, random, django
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from cms.models import Organisation, Pledge, PledgeWallPage
from cms.pledges.demo import load_demo_pledges
load_demo_pledges(log=lambda m: None)
wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
author = get_user_model().objects.get(username="han-zhujun")
orgs = list(Organisation.objects.filter(region__startswith="浙江省嘉兴市"))
random.seed(5)
today = timezone.localdate()
statuses = ["approved"] * 5 + ["in_progress"] * 3 + ["fulfilled"] * 2 + ["not_fulfilled"]
Pledge.objects.bulk_create([Pledge(
    wall=wall, author=author, member_name=f"党员{i:04d}", organisation=org,
    organisation_name=org.name, category=random.choice(wall.category_list),
    text=f"我承诺第{i}项：每月走访联系群众，帮助解决急难愁盼问题，立足岗位作贡献。" * 2,
    due_on=today + datetime.timedelta(days=random.randint(-30, 300)),
    status=random.choice(statuses), like_count=random.randint(0, 200))
    for i in range(__N__) for org in [random.choice(orgs)]], batch_size=500)
print(f"# {Pledge.objects.public().filter(wall=wall).count()} public pledges on the wall")
"""

COUNT_QUERIES = """
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
for path in __PATHS__:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    print(f"# queries {path:<44} {len(queries):>3}  (HTTP {status})")
"""


def run(*args, **kwargs):
    return subprocess.run(args, cwd=REPO, check=True, **kwargs)


def serve(name, port, work, env, pids):
    log = open(work / f"{name}.log", "w")
    process = subprocess.Popen(
        [
            GUNICORN,
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "xianfeng.wsgi:application",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    pids.append(process)
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{name} did not start: {(work / f'{name}.log').read_text()[-2000:]}")


def bench(label, port, paths, args):
    print(f"## {label}", flush=True)
    result = subprocess.run(
        [
            "bash",
            HTTP_BENCH,
            "-c",
            str(args.c),
            "-d",
            str(args.d),
            "-w",
            "3",
            f"http://127.0.0.1:{port}",
            *paths,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print(result.stdout, end="")
    rows = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if parts and parts[0].startswith("/"):
            rows[parts[0]] = (float(parts[2]), float(parts[3]), float(parts[4]))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", type=int, default=int(os.environ.get("BENCH_DURATION", 10)))
    parser.add_argument("-c", type=int, default=int(os.environ.get("BENCH_CONC", 8)))
    parser.add_argument("-n", type=int, default=1000, help="approved pledges to create")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    import psycopg

    from xianfeng.devdb import embedded_postgres_uri

    with psycopg.connect(embedded_postgres_uri(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    host = urllib.parse.parse_qs(urllib.parse.urlparse(embedded_postgres_uri()).query)["host"][0]
    work = Path(tempfile.mkdtemp(prefix="pledge-bench-"))
    pids = []
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "6393",
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pids.append(redis)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xianfeng.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "DATABASE_URL": f"postgres://postgres@{urllib.parse.quote(host, safe='')}/{DB_NAME}",
        "REDIS_URL": "redis://127.0.0.1:6393/0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
    }
    try:
        print("# preparing: migrate, demo content, pledges, static files", flush=True)
        run(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
        run(PY, "manage.py", "load_demo", env=env, stdout=subprocess.DEVNULL)
        run(PY, "-c", SEED_PLEDGES.replace("__N__", str(args.n)), env=env)
        run(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
        last_page = (args.n + 3 + 23) // 24
        paths = ["/", WALL, f"{WALL}?page={last_page // 2}", f"{WALL}?category=为民服务"]
        paths = [urllib.parse.quote(p, safe="/?=&") for p in paths]
        run(
            PY,
            "-c",
            COUNT_QUERIES.replace("__PATHS__", repr(paths)),
            env={**env, "PAGE_CACHE": "off"},
        )

        serve("uncached", 8112, work, {**env, "PAGE_CACHE": "off"}, pids)
        uncached = bench("uncached (every request renders)", 8112, paths, args)
        serve("cached", 8111, work, {**env, "PAGE_CACHE": "on"}, pids)
        cached = bench("cached (anonymous page cache)", 8111, paths, args)

        print("## wall vs home (requests/s; ratio = page / home page)")
        print(f"{'path':<44}{'uncached':>10}{'ratio':>8}{'p50 ms':>8}{'cached':>10}{'ratio':>8}")
        for path in paths:
            u, c = uncached[path], cached[path]
            print(
                f"{urllib.parse.unquote(path):<40}{u[0]:>10.0f}{u[0] / uncached['/'][0]:>8.0%}"
                f"{u[1]:>8.1f}{c[0]:>10.0f}{c[0] / cached['/'][0]:>8.0%}"
            )
    finally:
        for process in reversed(pids):
            process.terminate()
        for process in pids:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
