"""The scheduled reminder sweep (learning.branch.schedule.reminders_sweep) over 100,000 members
on PostgreSQL. Target (issue 14): <= 60 s.

The data is made for every cause to have hits on the sweep's day, the last day of the current
quarter: lectures due in one and two days (due soon), five and twenty days ago (overdue) and
long ago or far ahead (neither), each completed by part of the members; a year of credited
study that leaves most members behind the quota and some ahead of it; pledges due around the
day in every status. Rows are made by INSERT ... SELECT in the database, so generating takes
seconds, not minutes.

Prints the first sweep's seconds and messages per cause, then a second sweep's (nothing new:
every cause has reached its members). Measured 2026-12-02 on the shared two-core machine (load
about 5): 100,045 members, first sweep 21.1 s (272,641 messages: due_soon 120,283, overdue
59,944, quota_behind 87,536, pledge_overdue 4,878), second sweep 6.4 s (0 messages). With
the quota read from the study-time totals (StudyYear), load about 4: 100,060 members, first
sweep 21.8 s (272,632 messages), second 2.4 s.

Usage: .venv/bin/python bench/reminder_sweep.py [--members N]
Uses the embedded PostgreSQL server (xianfeng.devdb) and a throw-away database
xianfeng_reminder_bench.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = str(REPO / ".venv" / "bin" / "python")
DATABASE = "xianfeng_reminder_bench"
# Days from the sweep's day to each lecture's due date, and the share of members done.
LECTURES = [(1, 0.3), (2, 0.5), (-5, 0.6), (-20, 0.8), (-60, 0.5), (20, 0.1)]
EVENTS_PER_MEMBER = 6


def setup_django():
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def sweep_day():
    """Noon of the last day of the current quarter (the quarter's reminder goes out then)."""
    from django.utils import timezone

    today = timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    if first_month == 10:
        last = datetime.date(today.year, 12, 31)
    else:
        last = datetime.date(today.year, first_month + 3, 1) - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(last, datetime.time(12)))


def insert_select(cursor, model, columns, select, params=()):
    """INSERT INTO the model's table (fields by name) SELECT ... (in the database)."""
    names = ", ".join(f'"{model._meta.get_field(name).column}"' for name in columns)
    cursor.execute(f'INSERT INTO "{model._meta.db_table}" ({names}) {select}', params)
    return cursor.rowcount


def study_totals_from_events(cursor):
    """What learning.services.study_time would have written for the credited events the
    bench inserted directly: a StudyCredit per event and the per-member yearly and weekly
    totals, set-based in the database (its Python recount, study_time_rebuild, takes
    minutes for millions of events)."""
    from django.conf import settings

    cursor.execute(
        "INSERT INTO learning_studycredit (source, member_id, section_id, seconds, credited_at) "
        "SELECT 'event:' || id::text, member_id, section_id, credited_seconds, received_at "
        "FROM learning_progressevent WHERE credited_seconds > 0 ON CONFLICT (source) DO NOTHING"
    )
    for table, period in (
        ("learning_studyyear", "extract(year FROM credited_at AT TIME ZONE %s)::int"),
        ("learning_studyweek", "date_trunc('week', credited_at AT TIME ZONE %s)::date"),
    ):
        column = "year" if table.endswith("year") else "week"
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (member_id, {column}, seconds) "
            f"SELECT member_id, {period}, SUM(seconds) FROM learning_studycredit GROUP BY 1, 2",
            [settings.TIME_ZONE],
        )


def generate(members):
    """Runs inside the bench environment: tree, lectures, members and their standing."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cms.models import Member, OrganisationKind, Pledge, PledgeStatus, PledgeWallPage
    from cms.services import ensure_child_page, ensure_organisation
    from learning.models import (
        Assignment,
        EventOutcome,
        LecturePage,
        LectureProgress,
        LectureSection,
        LectureSeriesPage,
        ProgressEvent,
    )

    now = sweep_day()
    day = now.date()
    root = ensure_organisation("提醒压测市委", OrganisationKind.COMMITTEE, "压测市")
    leaves = []
    for g in range(10):
        general = ensure_organisation(f"提醒{g}党委", OrganisationKind.COMMITTEE, "压测市", root)
        for b in range(10):
            branch = ensure_organisation(
                f"提醒{g}-{b}党支部", OrganisationKind.BRANCH, "压测市", general
            )
            leaves.append(branch.pk)
    series = LectureSeriesPage.objects.get(slug="nanhu-chuxin")
    lectures = []
    for i, (days, done) in enumerate(LECTURES):
        lecture, _created = ensure_child_page(
            series,
            LecturePage,
            f"bench-reminder-{i}",
            title=f"提醒压测党课{i}",
            summary="压测用。",
            points=5,
            sections=[
                LectureSection(
                    title="阅读", kind="reading", min_reading_seconds=600, body="<p>x</p>"
                )
            ],
        )
        Assignment.objects.get_or_create(
            lecture=lecture,
            organisation=root,
            defaults={"due_on": day + datetime.timedelta(days=days)},
        )
        lectures.append((lecture.pk, lecture.sections.first().pk, done))
    User = get_user_model()
    year_start = datetime.datetime(day.year, 1, 1, tzinfo=now.tzinfo)
    with connection.cursor() as cursor:
        insert_select(
            cursor,
            User,
            ["password", "is_superuser", "username", "first_name", "last_name", "email"]
            + ["is_staff", "is_active", "date_joined"],
            "SELECT '!', false, 'rb' || g, '', '', CASE WHEN g %% 10 = 0 THEN 'rb' || g || "
            "'@example.cn' ELSE '' END, false, true, now() FROM generate_series(1, %s) g",
            [members],
        )
        insert_select(
            cursor,
            Member,
            ["user", "name", "organisation", "role", "created_at"],
            "SELECT u.id, '党员' || u.id, (%s::bigint[])[1 + u.id %% %s], CASE WHEN u.id %% 50 = 0 "
            "THEN 'secretary' ELSE 'member' END, now() FROM auth_user u WHERE u.username LIKE 'rb%%'",
            [leaves, len(leaves)],
        )
        for lecture, _section, done in lectures:
            # Some done, some started, the rest never opened it.
            insert_select(
                cursor,
                LectureProgress,
                ["member", "lecture", "started_at", "updated_at", "completed_at"],
                "SELECT m.id, %s, now(), now(), CASE WHEN r < %s THEN now() END FROM "
                "(SELECT id, random() AS r FROM learning_member) m WHERE m.r < %s + 0.2",
                [lecture, done, done],
            )
        # A year of study: most members well behind the quota, one in eight ahead of it.
        insert_select(
            cursor,
            ProgressEvent,
            ["id", "member", "section", "from_seconds", "to_seconds", "client_time"]
            + [
                "content_hash",
                "received_at",
                "credited_seconds",
                "outcome",
                "visible",
                "rejection",
            ],
            "SELECT gen_random_uuid(), m.id, %s, 0, 15, t, 'bench', t, "
            "CASE WHEN m.id %% 8 = 0 THEN 30000 ELSE 300 + random() * 2400 END, %s, true, '' "
            "FROM learning_member m, generate_series(1, %s) k, "
            "LATERAL (SELECT %s::timestamptz + random() * (%s::timestamptz - %s) AS t) w",
            [
                lectures[0][1],
                EventOutcome.CREDITED,
                EVENTS_PER_MEMBER,
                year_start,
                now,
                year_start,
            ],
        )
        study_totals_from_events(cursor)
    wall = PledgeWallPage.objects.first()
    statuses = list(PledgeStatus)
    authors = Member.objects.filter(organisation_id__in=leaves).values_list(
        "user_id", "name", "organisation_id"
    )
    Pledge.objects.bulk_create(
        [
            Pledge(
                wall=wall,
                author_id=user_id,
                member_name=name,
                organisation_id=org,
                text="压测承诺：为群众办实事",
                category="为民服务",
                due_on=day + datetime.timedelta(days=(i % 41) - 30),
                status=statuses[i % len(statuses)],
            )
            for i, (user_id, name, org) in enumerate(authors)
            if i % 5 == 0
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(json.dumps({"now": now.isoformat(), "members": Member.objects.count()}))


def sweep(now_iso):
    """Runs inside the bench environment: the sweep twice, timed."""
    setup_django()
    from learning.branch.schedule import reminders_sweep
    from learning.models import InboxMessage

    now = datetime.datetime.fromisoformat(now_iso)
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        counts = reminders_sweep(now=now)
        runs.append(
            {
                "seconds": round(time.perf_counter() - started, 1),
                "created": {str(kind): n for kind, n in counts.items()},
            }
        )
    print(json.dumps({"runs": runs, "messages": InboxMessage.objects.count()}))


def embedded_database_url():
    sys.path.insert(0, str(REPO))
    from xianfeng.devdb import fresh_embedded_database_url

    return fresh_embedded_database_url(DATABASE)


def run(env, *args):
    out = subprocess.run([PY, __file__, *args], env=env, cwd=REPO, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def sweep_figures(members=100_000):
    """Make the bench database, then sweep it twice; returns the figures."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="xianfeng.settings.production",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        DATABASE_URL=embedded_database_url(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--no-input", "-v0"], ["load_demo", "--no-seeds"]):
        subprocess.run(
            [PY, "manage.py", *command], env=env, cwd=REPO, check=True, capture_output=True
        )
    started = time.perf_counter()
    made = run(env, "--generate", "--members", str(members))
    generated = round(time.perf_counter() - started, 1)
    figures = run(env, "--sweep", made["now"])
    return {
        "members": made["members"],
        "generate_seconds": generated,
        "day": made["now"],
        **figures,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sweep", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.generate:
        return generate(arguments.members)
    if arguments.sweep:
        return sweep(arguments.sweep)
    figures = sweep_figures(arguments.members)
    print(
        f"{figures['members']} members generated in {figures['generate_seconds']} s; "
        f"sweep as on {figures['day'][:10]}"
    )
    for label, run_figures in zip(("first sweep", "second sweep"), figures["runs"], strict=True):
        created = run_figures["created"]
        print(
            f"{label:13s} {run_figures['seconds']:6.1f} s  {sum(created.values()):8d} messages  "
            + "  ".join(f"{kind} {n}" for kind, n in created.items())
        )
    print(f"messages in the inbox table: {figures['messages']}")


if __name__ == "__main__":
    main()
