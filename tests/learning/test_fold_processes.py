"""Two worker processes folding the same members at once apply each event once, in arrival
order per member, and credit exactly what one serial fold credits (never more than the time
that really passed). Real processes (forked, each with its own database connection), the
real fold entry points (the task and the sweep), small chunks so their transactions
interleave; on PostgreSQL they meet on the members' clock locks. It runs on PostgreSQL only: on
SQLite one write lock serialises whole transactions, so there is no race to show (and the three
minutes it takes would be spent proving nothing the serial tests do not).
"""

import datetime
import multiprocessing
import random
import uuid

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from learning.models import (
    CreditDecision,
    PointsEntry,
    ProgressEvent,
    SectionProgress,
    StudyClock,
    StudyCredit,
    StudyYear,
)
from learning.services import ingest, progress
from learning.services.ingest import EventInput, accept_events
from tests.learning.conftest import make_lecture, make_member

MEMBERS = 3
EVENTS = 90
BANKED = datetime.timedelta(seconds=60)  # little banked time: the result depends on order


@pytest.fixture
def setup(wagtail_tree, monkeypatch):
    from cms.demo import load_demo
    from cms.models import Organisation

    # Stored only: the fold runs below, not on commit.
    monkeypatch.setattr(ingest, "request_fold", lambda member_id: None)
    load_demo(log=lambda message: None)
    branch = Organisation.objects.get(name="套里村党支部")
    lecture = make_lecture([("video", 100), ("reading", 30)], points=10)
    serial = [make_member(f"serial{i}", branch) for i in range(MEMBERS)]
    parallel = [make_member(f"parallel{i}", branch) for i in range(MEMBERS)]
    return lecture, serial, parallel


def store_plan(member, lecture, seed, start):
    """The same events (fresh ids) for every member with this seed, arriving 0.5 s apart:
    overlapping, out of order, some hidden, two sections alternating."""
    StudyClock.objects.create(member=member, credit_horizon=start - BANKED)
    video, reading = lecture.sections.order_by("sort_order")
    rng = random.Random(seed)
    for k in range(EVENTS):
        section = video if rng.random() < 0.6 else reading
        top = 100 if section == video else 30
        begin = rng.uniform(0, top - 4)
        now = start + datetime.timedelta(seconds=k * 0.5)
        event = EventInput(
            id=uuid.uuid4(),
            section_id=section.pk,
            from_seconds=round(begin, 2),
            to_seconds=round(min(top, begin + rng.uniform(1, 12)), 2),
            client_time=now,
            position=None,
            visible=rng.random() > 0.1,
        )
        [result] = accept_events(member, [event], now=now)
        assert result.status == "accepted"


def state(member):
    events = list(
        ProgressEvent.objects.filter(member=member)
        .order_by("received_at")
        .values_list("pk", "outcome", "credited_seconds", "rejection")
    )
    decisions = {}
    for event_id, reason, seconds in CreditDecision.objects.filter(member=member).values_list(
        "event_id", "reason", "seconds"
    ):
        decisions.setdefault(event_id, []).append((reason, round(seconds, 6)))
    clock = StudyClock.objects.get(member=member)
    return {
        "events": [(o, round(c, 6), r, sorted(decisions.get(pk, []))) for pk, o, c, r in events],
        "sections": list(
            SectionProgress.objects.filter(member=member)
            .order_by("section__sort_order")
            .values_list("segments", "covered_seconds", "credited_seconds", "position")
        ),
        "completed": SectionProgress.objects.filter(
            member=member, completed_at__isnull=False
        ).count(),
        "horizon": clock.credit_horizon,
        "credits": StudyCredit.objects.filter(member=member).count(),
        "year_seconds": round(
            sum(StudyYear.objects.filter(member=member).values_list("seconds", flat=True)), 6
        ),
        "points": sorted(PointsEntry.objects.filter(member=member).values_list("reason", "points")),
    }


def fold_in_child(how, member_ids, barrier, counts):
    """One worker process: its own connection, small chunks, then the task or the sweep."""
    from learning.tasks import fold_all_pending, fold_member_events

    progress.FOLD_CHUNK = 7
    progress.MEMBERS_PER_FOLD = 2
    barrier.wait(timeout=60)
    if how == "tasks":  # the per-member task, members in reverse order
        applied = sum(fold_member_events.call(pk) for pk in reversed(member_ids))
    else:  # the minute sweep
        applied = fold_all_pending(older_than=datetime.timedelta(0))
    connections.close_all()
    counts.put(applied)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_fold_the_same_members_as_one_serial_fold(setup):
    lecture, serial, parallel = setup
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=10)
    for i, (one, other) in enumerate(zip(serial, parallel, strict=True)):
        store_plan(one, lecture, seed=i, start=start)
        store_plan(other, lecture, seed=i, start=start)

    assert progress.fold_members([m.pk for m in serial]) == MEMBERS * EVENTS

    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    barrier, counts = context.Barrier(2), context.Queue()
    ids = [m.pk for m in parallel]
    workers = [
        context.Process(target=fold_in_child, args=(how, ids, barrier, counts))
        for how in ("tasks", "sweep")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert [w.exitcode for w in workers] == [0, 0]
    applied = [counts.get(timeout=5) for _ in workers]

    assert sum(applied) == MEMBERS * EVENTS  # each event applied once, by one of the two
    assert not ProgressEvent.objects.filter(outcome="pending").exists()
    tolerance = settings.STUDY_TOLERANCE_SECONDS
    last = start + datetime.timedelta(seconds=(EVENTS - 1) * 0.5)
    real = (last - (start - BANKED)).total_seconds() + tolerance
    for one, other in zip(serial, parallel, strict=True):
        expected, got = state(one), state(other)
        assert got == expected
        credited = sum(c for _, c, _, _ in got["events"])
        assert 0 < credited <= real + 1e-6  # never ahead of real time (float sums)
        assert got["credits"] == sum(1 for _, c, _, _ in got["events"] if c > 0)
        assert got["year_seconds"] == pytest.approx(credited)
    # The plans really depend on order: time runs short (too fast) and parts repeat.
    reasons = set(
        CreditDecision.objects.filter(member__in=parallel).values_list("reason", flat=True)
    )
    assert {"too_fast", "already_covered"} <= reasons
