"""50 threads posting overlapping progress for one member credit exactly what a serial run
credits (PostgreSQL, real threads, the real HTTP views). Twin events race on the event's
primary key; folds (queued on commit, run at once here) serialise on the member's lock row."""

import datetime
import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone
from rest_framework.test import APIClient

from learning.models import PointsEntry, ProgressEvent, SectionProgress, StudyClock
from learning.services.progress import fold_pending
from tests.learning.conftest import make_lecture, make_member

pytestmark = [pytest.mark.postgres_only]
THREADS = 50


@pytest.fixture
def setup(wagtail_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    from cms.demo import load_demo
    from cms.models import Organisation

    load_demo(log=lambda message: None)
    branch = Organisation.objects.get(name="套里村党支部")
    lecture = make_lecture([("video", 100), ("reading", 30)], points=10)
    members = [make_member(f"runner{i}", branch) for i in range(2)]
    for member in members:
        # Two hours banked: every segment is creditable, so the result must not depend on
        # the order in which the requests are served, only on their being serialised.
        StudyClock.objects.create(
            member=member, credit_horizon=timezone.now() - datetime.timedelta(hours=2)
        )
    return lecture, members


def plan(member, lecture):
    """Four overlapping events per thread; each event is posted by two threads."""
    video, reading = lecture.sections.order_by("sort_order")
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"member-{member.pk}")
    now = timezone.now().isoformat()
    work = []
    for thread in range(THREADS):
        events = []
        for k in range(4):
            key = (thread // 2) * 4 + k  # threads 2n and 2n+1 send the same events
            if key % 2:
                start = (key * 7) % 90
                section, segment = video, [start, start + 12]
            else:
                start = (key * 3) % 25
                section, segment = reading, [start, start + 6]
            events.append(
                {
                    "id": str(uuid.uuid5(namespace, str(key))),
                    "section": section.pk,
                    "segment": segment,
                    "client_time": now,
                }
            )
        work.append(events)
    return work


def post_all(member, events):
    client = APIClient()
    client.force_authenticate(member.user)
    statuses = []
    for event in events:
        response = client.post("/api/learning/events/", event, format="json")
        statuses.append(response.status_code)
    return statuses


def outcome(member):
    fold_pending(member)  # what any read of the member's progress does first
    return {
        "credited": round(
            sum(
                SectionProgress.objects.filter(member=member).values_list(
                    "credited_seconds", flat=True
                )
            ),
            3,
        ),
        "segments": sorted(
            tuple(map(tuple, p.segments)) for p in SectionProgress.objects.filter(member=member)
        ),
        "completed": SectionProgress.objects.filter(
            member=member, completed_at__isnull=False
        ).count(),
        "events": ProgressEvent.objects.filter(member=member).count(),
        "event_credit": round(
            sum(
                ProgressEvent.objects.filter(member=member).values_list(
                    "credited_seconds", flat=True
                )
            ),
            3,
        ),
        "points": sorted(PointsEntry.objects.filter(member=member).values_list("reason", "points")),
    }


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_credit_exactly_what_a_serial_run_credits(setup, settings):
    lecture, (serial_member, parallel_member) = setup
    # 200 reports per member within a second: far past a player's rate, which is limited
    # (and tested) elsewhere; here only the arithmetic under concurrency is at stake.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "progress_event": None, "progress_batch": None}

    for events in plan(serial_member, lecture):
        assert set(post_all(serial_member, events)) <= {200, 202}
    expected = outcome(serial_member)

    work = plan(parallel_member, lecture)
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            statuses.extend(post_all(parallel_member, work[i]))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors[:3]
    assert statuses.count(202) == THREADS * 2  # each distinct event accepted exactly once
    assert statuses.count(200) == THREADS * 2  # and its twin answered as a duplicate
    got = outcome(parallel_member)
    assert got == expected
    assert got["credited"] == got["event_credit"] > 0
    assert got["points"] == [("lecture_completed", 10)]
