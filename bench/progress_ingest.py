"""Progress ingest throughput: the real /api/learning/events/ endpoints under gunicorn on
PostgreSQL, 8 concurrent clients (one member each, token auth), next to the ceiling app of
the pages bench (bench/ceiling.py) under the same gunicorn settings and the same load tool.

Prints requests/s, events/s and p50/p99 for: the ceiling, single-event requests and batches
of 20 events; how fast the stored events are then applied (the fold the django-q2 worker
runs, learning.services.progress.fold_members): in one process, then by a real worker
(`manage.py qcluster`, default settings) draining what the runs left; then a burst: batches
at full speed for BURST seconds with the worker running, the pending backlog every 10 s
until it is empty, and how long that took. The targets:
  single-event requests/s >= 25 % of the ceiling's requests/s
  events/s with batches of 20 >= the ceiling's requests/s
  events applied/s by the worker >= the batch events/s of the same run
  the burst's backlog drains within the burst's own length

The three runs are repeated in rounds (ceiling, single, batch, then again), each ratio taken
within its round, and the median round reported with the range: on a small machine one
10 s run moves by 10 % or more (checkpoints, autovacuum, the neighbours).

Usage: .venv/bin/python bench/progress_ingest.py [-d SECONDS] [-r ROUNDS] [--burst SECONDS]
       (also BENCH_DURATION, BENCH_ROUNDS, BENCH_BURST; defaults 10 s, 3 rounds and a 120 s
       burst; --burst 0 skips the worker and the burst, --burst 30 keeps a run short)
Needs wrk (apt-get install wrk). Uses the embedded PostgreSQL server (xianfeng.devdb) and a
throw-away database xianfeng_progress_bench.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from progress_worker import (  # bench/ is the script's directory, so on the path
    burst,
    pending_counter,
    report_worker,
    start_worker,
    stop_worker,
    worker_drain,
)

REPO = Path(__file__).resolve().parent.parent
PY = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
DATABASE = "xianfeng_progress_bench"
CLIENTS = int(os.environ.get("BENCH_CONC", "8"))
BATCH = 20
GUNICORN_ARGS = ["--workers", "2", "--worker-class", "sync"]  # as bench/pages.sh
FOLD_SAMPLE = 20_000  # stored events applied in one process to time the fold; the worker the rest
WORKERS = "from django.conf import settings; print(settings.Q_CLUSTER['workers'])"
# For comparison only: threads let a worker use the CPU while another request waits for
# PostgreSQL (every progress request ends in a durable commit).
GTHREAD_ARGS = ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]

LUA = r"""
local tokens = {%(tokens)s}
local sections = {%(sections)s}
local path = "%(path)s"
local batch = %(batch)d
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
  token = tokens[((tid - 1) %% #tokens) + 1]
  section = sections[((tid - 1) %% #sections) + 1]
  cursor = math.random(0, 239)
end
local function uuid()
  return (("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"):gsub("[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%%x", v)
  end))
end
local function event()
  local start = (cursor * 5) %% 1200
  cursor = cursor + 1
  return string.format('{"id":"%%s","section":%%d,"segment":[%%d,%%d],' ..
    '"client_time":"2026-01-01T00:00:00Z"}', uuid(), section, start, start + 5)
end
function request()
  local body
  if batch == 0 then
    body = event()
  else
    local parts = {}
    for i = 1, batch do parts[i] = event() end
    body = '{"events":[' .. table.concat(parts, ",") .. ']}'
  end
  return wrk.format("POST", path, {["Content-Type"] = "application/json",
                                   ["Authorization"] = "Token " .. token}, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def prepare():
    """Runs inside the bench environment: members, tokens and a long lecture to study."""
    import datetime

    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from cms.models import Member, Organisation
    from cms.services import ensure_child_page
    from learning.models import (
        LecturePage,
        LectureSection,
        LectureSeriesPage,
        StudyClock,
    )

    series = LectureSeriesPage.objects.get(slug="nanhu-chuxin")
    lecture, _ = ensure_child_page(
        series,
        LecturePage,
        "bench-lecture",
        title="压测党课",
        summary="压测用。",
        points=5,
        sections=[
            LectureSection(
                title=f"视频{i}",
                kind="video",
                duration_seconds=1200,
                media_url="https://example.cn/v.mp4",
            )
            for i in range(2)
        ],
    )
    branch = Organisation.objects.get(name="套里村党支部")
    tokens = []
    for i in range(CLIENTS):
        user, _ = get_user_model().objects.get_or_create(username=f"bench{i}")
        member, _ = Member.objects.get_or_create(
            user=user, defaults={"name": f"压测{i}", "organisation": branch}
        )
        StudyClock.objects.update_or_create(
            member=member, defaults={"credit_horizon": timezone.now() - datetime.timedelta(hours=6)}
        )
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    sections = list(lecture.sections.values_list("pk", flat=True))
    print(json.dumps({"tokens": tokens, "sections": sections}))


def fold_backlog():
    """Runs inside the bench environment: applies every stored event, as the worker would."""
    import datetime

    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from learning.models import ProgressEvent
    from learning.tasks import fold_all_pending

    waiting = ProgressEvent.objects.filter(outcome="pending").count()
    started = time.perf_counter()
    applied = fold_all_pending(older_than=datetime.timedelta(0), limit=FOLD_SAMPLE)
    seconds = time.perf_counter() - started
    print(json.dumps({"waiting": waiting, "applied": applied, "seconds": seconds}))


def start_redis(work):
    """A private Redis for cache and task broker, as in production (skipped if absent)."""
    if not shutil.which("redis-server"):
        return None, None
    port = 6392
    with open(work / "redis.log", "w") as log:
        process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    time.sleep(0.5)
    if process.poll() is not None:  # a Redis left on the port would carry old queued tasks
        raise SystemExit(f"redis-server did not start on port {port}; see {work / 'redis.log'}")
    return process, f"redis://127.0.0.1:{port}/0"


def embedded_database_url():
    sys.path.insert(0, str(REPO))
    from xianfeng.devdb import fresh_embedded_database_url

    return fresh_embedded_database_url(DATABASE)


def serve(app, port, env, log, args=GUNICORN_ARGS):
    process = subprocess.Popen(
        [
            GUNICORN,
            *args,
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(log),
            app,
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # answering (the ceiling answers 200 anyway)
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"{app} did not start; see {log}")


def lua_script(script, path, batch, tokens, sections):
    script.write_text(
        LUA
        % {
            "tokens": ",".join(f'"{t}"' for t in tokens),
            "sections": ",".join(map(str, sections)),
            "path": path,
            "batch": batch,
        }
    )
    return script


def wrk(port, path, batch, tokens, sections, duration, work):
    script = lua_script(work / f"load-{port}-{batch}.lua", path, batch, tokens, sections)
    base = [
        "wrk",
        "-t",
        str(CLIENTS),
        "-c",
        str(CLIENTS),
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{path}",
    ]
    subprocess.run(base[:1] + ["-d", "3s"] + base[1:], capture_output=True, check=True)  # warm
    out = subprocess.run(
        base[:1] + ["-d", f"{duration}s"] + base[1:], capture_output=True, text=True, check=True
    ).stdout
    requests, micros, p50, p99, non2xx, sock = map(
        int, re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out).groups()
    )
    rate = requests / (micros / 1e6)
    return {
        "req_s": rate,
        "events_s": rate * max(batch, 1),
        "p50_ms": p50 / 1000,
        "p99_ms": p99 / 1000,
        "non2xx": non2xx,
        "sock_err": sock,
        "requests": requests,
    }


def main():
    if "--prepare" in sys.argv:
        return prepare()
    if "--fold" in sys.argv:
        return fold_backlog()
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", type=int, default=int(os.environ.get("BENCH_DURATION", "10")))
    parser.add_argument("-r", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument(
        "--burst", type=int, default=int(os.environ.get("BENCH_BURST", "120")), metavar="SECONDS"
    )
    arguments = parser.parse_args()
    duration, rounds, burst_seconds = arguments.d, max(1, arguments.r), max(0, arguments.burst)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="xf-progress-bench-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DATABASE_URL=embedded_database_url(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
    )
    # Prepared without Redis: the demo's own background tasks (search and reference index)
    # go to the database queue, which the worker below (Redis broker) does not read, so it
    # starts on the progress folds the requests queue.
    print("# preparing: migrate, demo content, members and tokens", flush=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run(
        [PY, "manage.py", "load_demo"], cwd=REPO, env=env, check=True, capture_output=True
    )
    setup = json.loads(
        subprocess.run(
            [PY, __file__, "--prepare"],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    redis, redis_url = start_redis(work)
    if redis_url:
        env["REDIS_URL"] = redis_url
    setup["workers"] = subprocess.run(
        [PY, "manage.py", "shell", "-c", WORKERS],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    tokens, sections = setup["tokens"], setup["sections"]
    processes, runs, worker, drained, bursted = [], [], None, None, None
    try:
        processes.append(serve("bench.ceiling:application", 8123, env, work / "ceiling.log"))
        processes.append(serve("xianfeng.wsgi:application", 8122, env, work / "app.log"))
        for number in range(1, rounds + 1):
            print(f"# round {number} of {rounds}", flush=True)
            runs.append(
                {
                    "ceiling": wrk(8123, "/", 0, tokens, sections, duration, work),
                    "single": wrk(
                        8122, "/api/learning/events/", 0, tokens, sections, duration, work
                    ),
                    "batch": wrk(
                        8122, "/api/learning/events/batch/", BATCH, tokens, sections, duration, work
                    ),
                }
            )
        processes.pop().terminate()
        processes.append(
            serve("xianfeng.wsgi:application", 8124, env, work / "gthread.log", GTHREAD_ARGS)
        )
        single_threads = wrk(8124, "/api/learning/events/", 0, tokens, sections, duration, work)
        batch_threads = wrk(
            8124, "/api/learning/events/batch/", BATCH, tokens, sections, duration, work
        )
        fold = json.loads(
            subprocess.run(
                [PY, __file__, "--fold"],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        if burst_seconds:
            pending = pending_counter(DATABASE)
            print(f"# the worker applies what the runs left ({pending()} pending)", flush=True)
            worker = start_worker(PY, REPO, env, work)
            drained = worker_drain(pending, limit_seconds=max(60, burst_seconds))
            deadline = time.perf_counter() + 600
            while pending() and time.perf_counter() < deadline:
                time.sleep(1)  # the burst starts from an empty backlog
            processes.pop().terminate()
            processes.append(serve("xianfeng.wsgi:application", 8125, env, work / "burst.log"))
            print(f"# burst: batches of {BATCH} for {burst_seconds} s, worker running", flush=True)
            path = "/api/learning/events/batch/"
            script = lua_script(work / "burst.lua", path, BATCH, tokens, sections)
            bursted = burst(8125, path, script, burst_seconds, BATCH, CLIENTS, pending)
    finally:
        if worker:
            stop_worker(worker)
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        if redis:
            redis.terminate()
    report(runs, single_threads, batch_threads, fold, duration, redis_url)
    report_worker(runs, drained, bursted, setup.get("workers"), BATCH)
    return None

    report(runs, single_threads, batch_threads, fold, duration, redis_url)
    return None


def report(runs, single_threads, batch_threads, fold, duration, redis_url):
    for run in runs:
        run["single_ratio"] = run["single"]["req_s"] / run["ceiling"]["req_s"]
        run["batch_ratio"] = run["batch"]["events_s"] / run["ceiling"]["req_s"]
    print(
        f"# gunicorn {' '.join(GUNICORN_ARGS)}, {CLIENTS} concurrent clients, "
        f"{duration} s per run, {len(runs)} rounds, PostgreSQL (embedded), "
        f"{'Redis cache and broker' if redis_url else 'no Redis (local cache, ORM broker)'}"
    )
    print(
        f"{'run':<22}{'req/s':>9}{'events/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'non2xx':>8}{'sockerr':>8}"
    )
    rows = []
    for number, run in enumerate(runs, 1):
        rows += [
            (f"{number}: ceiling", run["ceiling"]),
            (f"{number}: single event", run["single"]),
            (f"{number}: batch of {BATCH}", run["batch"]),
        ]
    rows += [
        ("single, gthread 2x4", single_threads),
        (f"batch {BATCH}, gthread 2x4", batch_threads),
    ]
    for name, row in rows:
        events = "-" if name.endswith("ceiling") else f"{row['events_s']:.0f}"
        print(
            f"{name:<22}{row['req_s']:>9.0f}{events:>10}{row['p50_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['non2xx']:>8}{row['sock_err']:>8}"
        )
    print(
        f"applying the stored events afterwards, in one process (fold_all_pending): "
        f"{fold['applied']} of the {fold['waiting']} stored events in {fold['seconds']:.1f} s = "
        f"{fold['applied'] / max(fold['seconds'], 1e-9):.0f} events/s"
    )
    refused = sum(row["non2xx"] for name, row in rows if not name.endswith("ceiling"))
    if refused:
        # A refused report (429, 4xx, 5xx) does no work: the figures below are not the API's.
        print(f"WARNING: {refused} answers were not 2xx; these figures do not measure the API")
    for key, label, target in (
        ("single_ratio", "single-event req/s / ceiling req/s", 0.25),
        ("batch_ratio", f"batch-of-{BATCH} events/s / ceiling req/s", 1.0),
    ):
        ratios = [run[key] for run in runs]
        median = statistics.median(ratios)
        print(
            f"{label} = {median:.0%} median of {len(ratios)} rounds "
            f"({', '.join(f'{r:.0%}' for r in ratios)}; target >= {target:.0%}): "
            f"{'met' if median >= target else 'NOT met'}"
        )
    return None


if __name__ == "__main__":
    main()
