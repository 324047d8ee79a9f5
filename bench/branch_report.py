"""The branch workspace at scale, on PostgreSQL: an organisation tree with 10,000 members,
30 lectures assigned with deadlines, realistic progress (some done, some started, most with a
year of credited study events), points and pledges.

Prints p50/p95 of the overview and of a page of the members behind (the whole tree and one
branch; a page is the count and 50 rows, as the paginator asks), and the time and peak RSS of
the full-tree .xlsx and CSV exports (each in its own process, so the peak is the export's).
Targets (issue 14): p95 <= 200 ms; export <= 5 s and <= 200 MB. The load average is printed
before and after: other work on the machine moves these figures a lot.

Measured 2026-12-02 (shared two-core machine), 10,000 members, after the study-time totals
and LectureTally: load 0.6: overview whole tree p50/p95 57/63 ms, members behind all lectures
43/46 ms, one branch 17/19 ms; .xlsx 3.7 s (147 MB peak), CSV 2.5 s. Load 4: overview 77/113
ms, .xlsx 5.4 s, CSV 3.1 s; reminder sweep over 100,060 members 21.8 s, again 2.4 s. (Before,
on a quiet machine: overview 360/392 ms, .xlsx 7.3 s.)

Members away from home (issue 15): one member in HOSTED_EVERY (2 %) is hosted by another
organisation of the tree (a quarter within their own general committee), so the figures lay
the hosted members over the per-organisation counts (learning.branch.hosted). Measured
2026-12-03, 2,000 members (40 hosted), --reuse --repeat 15 --sweep-members 0, the same
database measured by the code before the change (git archive of d48fbd2) and after, back to
back at load 1.1: overview whole tree p50/p95 39.6/40.9 ms before, 43.9/44.7 ms after; one
branch 14.5/15.2 → 15.5/16.4 ms; members behind, one lecture 15.0 → 16.1 ms, all lectures
27.6 → 29.6 ms, one branch 16.8 → 18.6 ms; .xlsx 0.68 → 0.68 s, CSV 0.61 → 0.52 s (about
144/136 MB peak both). The hosted members' own figures are three small queries per request
(hosted_in, member_counts, progress_of: about 7 ms together), growing with the hosted
members, not with the tree.

Then the reminder sweep over 100,000 members (bench/reminder_sweep.py's own database;
target <= 60 s).

Usage: .venv/bin/python bench/branch_report.py [--members N] [--repeat N] [--reuse]
       [--sweep-members N (0: skip)] [--skip-exports]
Uses the embedded PostgreSQL server (xianfeng.devdb) and a throw-away database
xianfeng_branch_bench; --reuse measures the database the last run generated again (while
iterating on the queries), without generating it anew.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import reminder_sweep  # noqa: E402 (the sweep's bench, next to this file)

PY = str(REPO / ".venv" / "bin" / "python")
DATABASE = "xianfeng_branch_bench"
LECTURES = 30
EVENTS_PER_MEMBER = 24
# One member in this many is away from home, hosted by another organisation of the tree.
HOSTED_EVERY = 50


def setup_django():
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def generate(members):
    """Runs inside the bench environment: the tree, lectures, assignments and progress."""
    import datetime
    import random
    import uuid

    setup_django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cms.models import (
        Member,
        MemberRole,
        OrganisationKind,
        Pledge,
        PledgeStatus,
        PledgeWallPage,
    )
    from cms.services import ensure_child_page, ensure_organisation
    from learning.models import (
        Assignment,
        EventOutcome,
        LecturePage,
        LectureProgress,
        LectureSection,
        LectureSeriesPage,
        Ledger,
        PointsEntry,
        PointsReason,
        ProgressEvent,
    )

    rng = random.Random(14)
    now = timezone.now()
    today = timezone.localdate()
    root = ensure_organisation("压测市委", OrganisationKind.COMMITTEE, "压测市")
    leaves = []
    for g in range(10):
        general = ensure_organisation(f"第{g}党委", OrganisationKind.COMMITTEE, "压测市", root)
        for b in range(10):
            branch = ensure_organisation(
                f"第{g}-{b}党支部", OrganisationKind.BRANCH, "压测市", general
            )
            leaves.append(branch)
            for k in range(2):
                leaves.append(
                    ensure_organisation(
                        f"第{g}-{b}-{k}党小组", OrganisationKind.GROUP, "压测市", branch
                    )
                )
    series = LectureSeriesPage.objects.get(slug="nanhu-chuxin")
    lectures = []
    for i in range(LECTURES):
        lecture, _ = ensure_child_page(
            series,
            LecturePage,
            f"bench-branch-{i}",
            title=f"压测党课{i}",
            summary="压测用。",
            points=5,
            sections=[
                LectureSection(
                    title="阅读", kind="reading", min_reading_seconds=600, body="<p>x</p>"
                )
            ],
        )
        lectures.append(lecture)
        Assignment.objects.get_or_create(
            lecture=lecture,
            organisation=root,
            defaults={"due_on": today + datetime.timedelta(days=rng.randint(-60, 60))},
        )
    sections = {lecture.pk: lecture.sections.first().pk for lecture in lectures}
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bb{i}", password="!") for i in range(members)], batch_size=2000
    )
    people = Member.objects.bulk_create(
        [
            Member(
                user=user,
                name=f"党员{i}",
                organisation=leaves[i % len(leaves)],
                role=MemberRole.SECRETARY if i % 100 == 0 else MemberRole.MEMBER,
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    progress, events, points = [], [], []
    start_of_year = timezone.make_aware(datetime.datetime(today.year, 1, 1))
    span = (now - start_of_year).total_seconds()
    for member in people:
        diligence = rng.random()
        for lecture in lectures:
            draw = rng.random()
            if draw < diligence * 0.6:
                progress.append(LectureProgress(member=member, lecture=lecture, completed_at=now))
            elif draw < diligence * 0.8:
                progress.append(LectureProgress(member=member, lecture=lecture))
        for _ in range(int(EVENTS_PER_MEMBER * diligence)):
            when = start_of_year + datetime.timedelta(seconds=rng.random() * span)
            events.append(
                ProgressEvent(
                    id=uuid.uuid4(),
                    member=member,
                    section_id=sections[lectures[0].pk],
                    from_seconds=0,
                    to_seconds=15,
                    client_time=when,
                    content_hash="bench",
                    received_at=when,
                    credited_seconds=rng.randint(300, 3600),
                    outcome=EventOutcome.CREDITED,
                )
            )
        if diligence > 0.3:
            points.append(
                PointsEntry(
                    member=member,
                    ledger=Ledger.BASE if diligence > 0.5 else Ledger.SERVICE,
                    reason=PointsReason.LECTURE_COMPLETED,
                    points=5,
                    source_key=f"bench:{member.pk}",
                )
            )
        if len(progress) > 20000:
            LectureProgress.objects.bulk_create(progress, batch_size=5000)
            progress = []
        if len(events) > 20000:
            ProgressEvent.objects.bulk_create(events, batch_size=5000)
            events = []
    LectureProgress.objects.bulk_create(progress, batch_size=5000)
    ProgressEvent.objects.bulk_create(events, batch_size=5000)
    PointsEntry.objects.bulk_create(points, batch_size=5000)
    wall = PledgeWallPage.objects.first()
    Pledge.objects.bulk_create(
        [
            Pledge(
                wall=wall,
                author=member.user,
                member_name=member.name,
                text="压测承诺",
                category="为民服务",
                due_on=today + datetime.timedelta(days=rng.randint(-30, 30)),
                status=rng.choice(list(PledgeStatus)),
            )
            for member in people[::5]
        ],
        batch_size=5000,
    )
    # Members away from home (流动党员): every HOSTED_EVERY-th member hosted by another leaf,
    # some in their own general committee (counted once there), most elsewhere in the tree.
    from cms.models import HostMembership, HostStatus

    HostMembership.objects.bulk_create(
        [
            HostMembership(
                member=member,
                organisation=leaves[(i * HOSTED_EVERY + (3 if i % 4 == 0 else 31)) % len(leaves)],
                status=HostStatus.ACCEPTED,
                workplace="压测",
                since=today,
            )
            for i, member in enumerate(people[::HOSTED_EVERY])
        ],
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        reminder_sweep.study_totals_from_events(cursor)  # the study-time totals, as credited
        cursor.execute("ANALYZE")
    print(json.dumps(bench_ids()))


def bench_ids():
    from cms.models import Organisation
    from learning.models import LecturePage

    return {
        "root": Organisation.objects.get(name="压测市委").pk,
        "branch": Organisation.objects.get(name="第0-0党支部").pk,
        "lecture": LecturePage.objects.get(slug="bench-branch-0").pk,
    }


def find_ids():
    """Runs inside the bench environment: the ids of a database generated before."""
    setup_django()
    print(json.dumps(bench_ids()))


def measure(ids, repeat):
    """Runs inside the bench environment: timings of the selectors the pages and API use."""
    setup_django()
    from cms.models import Organisation
    from learning.branch.selectors import branch_overview, member_rows

    root = Organisation.objects.get(pk=ids["root"])
    branch = Organisation.objects.get(pk=ids["branch"])

    def timed(fn):
        fn()  # warm
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        return {
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
        }

    def behind_page(organisation, lecture=None):
        rows = member_rows(organisation=organisation, lecture_id=lecture, status="behind")
        return rows.count(), list(rows[:50])

    print(
        json.dumps(
            {
                "overview (whole tree)": timed(lambda: branch_overview(organisation=root)),
                "overview (one branch)": timed(lambda: branch_overview(organisation=branch)),
                "members behind, one lecture (whole tree)": timed(
                    lambda: behind_page(root, ids["lecture"])
                ),
                "members behind, all lectures (whole tree)": timed(lambda: behind_page(root)),
                "members behind (one branch)": timed(lambda: behind_page(branch)),
            }
        )
    )


def export(ids, kind):
    """Runs inside the bench environment, alone: a full-tree export (.xlsx or CSV), its time
    and peak RSS."""
    import resource

    setup_django()
    from cms.models import Organisation
    from learning.branch.exports import members_csv_lines, workbook_file
    from learning.branch.scope import BranchView

    view = BranchView(organisation=Organisation.objects.get(pk=ids["root"]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if kind == "xlsx":
        size = workbook_file(view).seek(0, 2)
    else:
        size = sum(len(line.encode()) for line in members_csv_lines(view))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak / 1024),
                "rss_before_mb": round(before / 1024),
                "bytes": size,
            }
        )
    )


def embedded_database_url(*, fresh=True):
    sys.path.insert(0, str(REPO))
    from xianfeng.devdb import embedded_postgres_uri, fresh_embedded_database_url

    if fresh:
        return fresh_embedded_database_url(DATABASE)
    host = re.search(r"host=([^&]+)", embedded_postgres_uri()).group(1)
    return (
        f"postgres://postgres@{urllib.parse.quote(urllib.parse.unquote(host), safe='')}/{DATABASE}"
    )


def load():
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(env, *args):
    out = subprocess.run([PY, __file__, *args], env=env, cwd=REPO, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="measure the last generated data")
    parser.add_argument(
        "--sweep-members",
        type=int,
        default=100_000,
        help="members of the reminder sweep's own bench database (bench/reminder_sweep.py); 0: skip",
    )
    parser.add_argument("--skip-exports", action="store_true", help="timings of the pages only")
    parser.add_argument("--ids", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.generate:
        return generate(arguments.members)
    if arguments.measure:
        return measure(json.loads(arguments.measure), arguments.repeat)
    if arguments.ids:
        return find_ids()
    if arguments.export:
        kind, ids = arguments.export.split(":", 1)
        return export(json.loads(ids), kind)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="xianfeng.settings.production",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DATABASE_URL=embedded_database_url(fresh=not arguments.reuse),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    if arguments.reuse:
        ids = run(env, "--ids")
    else:
        for command in (["migrate", "--no-input", "-v0"], ["load_demo", "--no-seeds"]):
            subprocess.run(
                [PY, "manage.py", *command], env=env, cwd=REPO, check=True, capture_output=True
            )
        started = time.perf_counter()
        ids = run(env, "--generate", "--members", str(arguments.members))
        print(f"generated {arguments.members} members in {time.perf_counter() - started:.0f} s")
    print(load())
    for name, figures in run(
        env, "--measure", json.dumps(ids), "--repeat", str(arguments.repeat)
    ).items():
        print(f"{name:45s} p50 {figures['p50_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms")
    for kind in () if arguments.skip_exports else ("xlsx", "csv"):
        figures = run(env, "--export", f"{kind}:{json.dumps(ids)}")
        print(
            f"full-tree {kind} export: {figures['seconds']} s, peak RSS {figures['peak_rss_mb']} MB "
            f"(process before: {figures['rss_before_mb']} MB), {figures['bytes'] // 1024} KiB"
        )
    print(load())
    if arguments.sweep_members:
        sweep = reminder_sweep.sweep_figures(arguments.sweep_members)
        first, second = sweep["runs"]
        print(
            f"reminder sweep over {sweep['members']} members: {first['seconds']} s "
            f"({sum(first['created'].values())} messages), again {second['seconds']} s "
            f"({sum(second['created'].values())} messages); target 60 s"
        )
        print(load())


if __name__ == "__main__":
    main()
