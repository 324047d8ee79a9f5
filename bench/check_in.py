"""Check-in at a large meeting: 500 members scan the screen's code within one minute, through
the real endpoint (POST /api/meetings/<id>/check-in/, token auth) under gunicorn on the
embedded PostgreSQL; 50 of them scan twice. Every member must be recorded exactly once.

The scans arrive evenly over 60 s (one every 120 ms) from a pool of concurrent clients, each
carrying the code of the current 30-second window, as a phone that just read the screen.
Prints p50/p99 latency, answers by status and the check-ins counted in the database.

Usage: .venv/bin/python bench/check_in.py [-n MEMBERS] [-s SECONDS] [-c CLIENTS]
Uses a throw-away database xianfeng_checkin_bench on the embedded PostgreSQL server.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = str(REPO / ".venv" / "bin" / "python")
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")
DATABASE = "xianfeng_checkin_bench"
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"
PORT = 8131
REPEATS = 50


def prepare(members):
    """Runs inside the bench environment: a branch of `members` members with API tokens and
    a meeting under way that expects them all."""
    import datetime

    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from cms.models import Member, Organisation, OrganisationKind
    from cms.services import ensure_organisation
    from learning.meetings.models import MeetingKind
    from learning.meetings.services import meeting_schedule

    parent = Organisation.objects.get(name="套里村党支部").get_parent()
    branch = ensure_organisation("压测村党支部", OrganisationKind.BRANCH, parent.region, parent)
    User = get_user_model()
    hashed = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"checkin{i:04d}", password=hashed) for i in range(members)]
    )
    Member.objects.bulk_create(
        [Member(user=u, name=f"压测党员{i:04d}", organisation=branch) for i, u in enumerate(users)]
    )
    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users])
    now = timezone.now()
    meeting = meeting_schedule(
        organisation=branch,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        topic="压测：支部党员大会",
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(hours=2),
        place="压测会议室",
        by=None,
    )
    print(json.dumps({"meeting": meeting.pk, "tokens": [t.key for t in tokens]}))


def count(meeting_id):
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db.models import Count

    from learning.meetings.models import CheckIn

    rows = CheckIn.objects.filter(meeting_id=meeting_id)
    repeated = rows.values("member_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    print(json.dumps({"check_ins": rows.count(), "members_twice": repeated}))


def in_env(env, *args):
    out = subprocess.run(
        [PY, __file__, *args], cwd=REPO, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def serve(env, log):
    process = subprocess.Popen(
        [GUNICORN, "--workers", "2", "--worker-class", "gthread", "--threads", "4",
         "--bind", f"127.0.0.1:{PORT}", "xianfeng.wsgi:application"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"the server did not start; see {log.name}")


def scan(meeting_id, token):
    from learning.meetings.codes import check_in_token

    body = json.dumps({"token": check_in_token(meeting_id=meeting_id)}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/meetings/{meeting_id}/check-in/",
        data=body,
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our server
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def load(meeting_id, tokens, seconds, clients):
    """Scans at even arrival times over `seconds`; REPEATS members scan a second time."""
    plan = tokens + tokens[:REPEATS]
    gap = seconds / len(plan)
    results, lock = [], threading.Lock()
    begin = time.perf_counter()

    def one(index):
        delay = begin + index * gap - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        result = scan(meeting_id, plan[index])
        with lock:
            results.append(result)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(len(plan))))
    return results, time.perf_counter() - begin


def main():
    if "--prepare" in sys.argv:
        return prepare(int(sys.argv[-1]))
    if "--count" in sys.argv:
        return count(int(sys.argv[-1]))
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("-s", type=float, default=60.0)
    parser.add_argument("-c", type=int, default=32)
    arguments = parser.parse_args()

    sys.path.insert(0, str(REPO))
    from xianfeng.devdb import fresh_embedded_database_url

    work = Path(tempfile.mkdtemp(prefix="xf-checkin-bench-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=fresh_embedded_database_url(DATABASE),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
    )
    print("# preparing: migrate, demo content, members, tokens and the meeting", flush=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run(
        [PY, "manage.py", "load_demo"], cwd=REPO, env=env, check=True, capture_output=True
    )
    setup = in_env(env, "--prepare", str(arguments.n))
    meeting_id, tokens = setup["meeting"], setup["tokens"]

    # The driver signs codes with the server's key, as the screen does.
    from django.conf import settings

    settings.configure(SECRET_KEY=SECRET_KEY)

    with open(work / "app.log", "w") as log:
        server = serve(env, log)
        try:
            scan(meeting_id, "warm-up-not-a-token")
            results, took = load(meeting_id, tokens, arguments.s, arguments.c)
        finally:
            server.terminate()
            server.wait(timeout=30)
    stored = in_env(env, "--count", str(meeting_id))
    latencies = sorted(ms * 1000 for _status, ms in results)
    statuses = {}
    for status, _ms in results:
        statuses[status] = statuses.get(status, 0) + 1
    p99 = latencies[max(0, round(0.99 * len(latencies)) - 1)]
    print(
        f"# gunicorn 2 workers x 4 threads, PostgreSQL (embedded), {arguments.c} clients, "
        f"{len(results)} scans ({len(tokens)} members, {REPEATS} of them twice) in {took:.1f} s"
    )
    print(f"answers by status: {dict(sorted(statuses.items()))} (201 new, 200 already checked in)")
    print(
        f"latency p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms"
    )
    print(
        f"check-ins stored: {stored['check_ins']} of {len(tokens)} members; "
        f"members recorded twice: {stored['members_twice']}"
    )
    ok = stored["check_ins"] == len(tokens) and stored["members_twice"] == 0
    print("all recorded exactly once" if ok else "NOT all recorded exactly once")
    return None if ok else 1


if __name__ == "__main__":
    sys.exit(main())
