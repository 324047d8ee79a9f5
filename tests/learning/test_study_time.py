"""learning.services.study_time: the one writer of credited study time, and its per-year and
per-week totals, which must always equal a recount from the credited progress events."""

import datetime
import threading
import uuid
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from learning.models import ProgressEvent, StudyCredit, StudyWeek, StudyYear
from learning.services.progress import fold_pending
from learning.services.study_time import study_time_credit, study_time_rebuild, week_of
from tests.learning.conftest import make_lecture, make_member, report_events


def recount():
    """(member, year) and (member, week) -> seconds, summed from the events and credits."""
    years, weeks = defaultdict(float), defaultdict(float)
    for member_id, seconds, at in ProgressEvent.objects.filter(credited_seconds__gt=0).values_list(
        "member_id", "credited_seconds", "received_at"
    ):
        day = timezone.localdate(at)
        years[(member_id, day.year)] += seconds
        weeks[(member_id, week_of(day))] += seconds
    for member_id, seconds, at in StudyCredit.objects.exclude(
        source__startswith="event:"
    ).values_list("member_id", "seconds", "credited_at"):
        day = timezone.localdate(at)
        years[(member_id, day.year)] += seconds
        weeks[(member_id, week_of(day))] += seconds
    return years, weeks


def assert_totals_exact():
    years, weeks = recount()
    stored_years = {(r.member_id, r.year): r.seconds for r in StudyYear.objects.all()}
    stored_weeks = {(r.member_id, r.week): r.seconds for r in StudyWeek.objects.all()}
    assert stored_years.keys() == years.keys()
    assert stored_weeks.keys() == weeks.keys()
    # Floats added in another order differ in the last bits only.
    for key, seconds in years.items():
        assert stored_years[key] == pytest.approx(seconds, abs=1e-6)
    for key, seconds in weeks.items():
        assert stored_weeks[key] == pytest.approx(seconds, abs=1e-6)


@pytest.mark.django_db
def test_a_source_credits_once_and_counts_in_its_local_year_and_week(member):
    at = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30))  # local time
    assert study_time_credit(member=member, seconds=1800, at=at, source="session:1:x") is True
    assert study_time_credit(member=member, seconds=999, at=at, source="session:1:x") is False
    assert StudyYear.objects.get(member=member).year == 2026
    assert StudyWeek.objects.get(member=member).week == datetime.date(2026, 12, 28)
    study_time_credit(member=member.pk, seconds=600, at=at, source="session:2:x")
    assert StudyYear.objects.get(member=member, year=2026).seconds == 2400
    assert StudyCredit.objects.filter(member=member).count() == 2
    assert_totals_exact()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds", "at", "source"),
    [
        (-1, timezone.now(), "s"),
        (float("nan"), timezone.now(), "s"),
        (float("inf"), timezone.now(), "s"),
        (10, datetime.datetime(2026, 1, 1), "s"),
        (10, timezone.now(), ""),
        (10, timezone.now(), "x" * 101),
    ],
)
def test_bad_input_is_refused(member, seconds, at, source):
    with pytest.raises(ValueError):
        study_time_credit(member=member, seconds=seconds, at=at, source=source)
    assert not StudyCredit.objects.exists()


@pytest.mark.django_db
def test_the_fold_credits_through_it(member, lecture, events):
    video = lecture.sections.get(kind="video")
    now = timezone.now()
    report_events(member, [events(video, 0, 20)], now=now)
    report_events(member, [events(video, 20, 40)], now=now + datetime.timedelta(seconds=20))
    fold_pending(member)
    credited = sum(
        ProgressEvent.objects.filter(member=member).values_list("credited_seconds", flat=True)
    )
    assert credited > 0
    assert StudyYear.objects.get(member=member).seconds == pytest.approx(credited)
    assert StudyCredit.objects.filter(member=member, source__startswith="event:").count() == 2
    assert_totals_exact()


@pytest.mark.django_db
def test_rebuild_backfills_events_credited_before_the_tables(member, lecture, events):
    video = lecture.sections.get(kind="video")
    report_events(member, [events(video, 0, 30)])
    fold_pending(member)
    StudyCredit.objects.all().delete()
    StudyYear.objects.all().delete()
    StudyWeek.objects.all().delete()
    study_time_credit(member=member, seconds=60, at=timezone.now(), source="session:kept")
    call_command("study_time_rebuild", stdout=open("/dev/null", "w"))
    assert StudyCredit.objects.count() == 2
    assert_totals_exact()
    assert study_time_rebuild()["credits_added"] == 0  # a second run changes nothing
    assert_totals_exact()


@pytest.fixture
def pg_members(wagtail_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    from cms.demo import load_demo
    from cms.models import Organisation

    load_demo(log=lambda message: None)
    branch = Organisation.objects.get(name="套里村党支部")
    lecture = make_lecture([("video", 100), ("reading", 30)], points=10)
    return lecture, [make_member(f"timer{i}", branch) for i in range(3)]


def run_threads(target, n):
    barrier, errors = threading.Barrier(n), []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            target(i)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_racing_credits_of_one_source_count_once_and_of_many_add_up(pg_members):
    _lecture, (member, *_rest) = pg_members
    now = timezone.now()
    # 20 threads: each credits its own source and the one shared source.
    run_threads(
        lambda i: (
            study_time_credit(member=member, seconds=10, at=now, source=f"t:{i}"),
            study_time_credit(member=member, seconds=7, at=now, source="t:shared"),
        ),
        20,
    )
    assert StudyYear.objects.get(member=member).seconds == 20 * 10 + 7
    assert_totals_exact()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_folds_keep_the_totals_exact(pg_members):
    from learning.models import StudyClock

    lecture, members = pg_members
    video, reading = lecture.sections.order_by("sort_order")
    for member in members:
        StudyClock.objects.create(
            member=member, credit_horizon=timezone.now() - datetime.timedelta(hours=2)
        )
        # Pending events of three members, folded by six threads at once (two per member).
        for k in range(30):
            section = video if k % 2 else reading
            start = (k * 7) % (90 if k % 2 else 25)
            ProgressEvent.objects.create(
                id=uuid.uuid4(),
                member=member,
                section=section,
                from_seconds=start,
                to_seconds=start + 5,
                client_time=timezone.now(),
                content_hash="x" * 64,
                received_at=timezone.now(),
                outcome="pending",
            )
    run_threads(lambda i: fold_pending(members[i % 3]), 6)
    assert not ProgressEvent.objects.filter(outcome="pending").exists()
    assert (
        StudyCredit.objects.count() == ProgressEvent.objects.filter(credited_seconds__gt=0).count()
    )
    assert_totals_exact()
