"""Events are stored on arrival and applied moments later: by the task queued on commit, by
the minute sweep, or by the member's next read; whichever comes first, nothing is lost or
applied twice."""

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from django_q.models import OrmQ
from rest_framework.test import APIClient

from learning.models import CreditDecision, ProgressEvent, SectionProgress, StudyClock
from learning.services.ingest import accept_events, forget_queued_folds, request_fold
from learning.services.progress import fold_pending
from learning.tasks import fold_all_pending
from tests.learning.conftest import make_lecture, make_member


def bank(member, minutes=10):
    StudyClock.objects.update_or_create(
        member=member,
        defaults={"credit_horizon": timezone.now() - datetime.timedelta(minutes=minutes)},
    )


def age(event_id, seconds):
    ProgressEvent.objects.filter(pk=event_id).update(
        received_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_the_task_queued_on_commit_applies_the_event(
    member, lecture, events, django_capture_on_commit_callbacks
):
    bank(member)
    video = lecture.sections.get(kind="video")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [result] = accept_events(member, [events(video, 0, 20)])
    assert result.status == "accepted" and len(callbacks) == 1
    # The test settings run tasks at once; production hands them to django-q2.
    event = ProgressEvent.objects.get(pk=result.id)
    assert (event.outcome, event.credited_seconds) == ("credited", 20)
    assert SectionProgress.objects.get(member=member, section=video).covered_seconds == 20


@pytest.mark.django_db
def test_a_burst_of_requests_queues_one_fold(
    member, lecture, events, django_capture_on_commit_callbacks
):
    video = lecture.sections.get(kind="video")
    bank(member)
    with django_capture_on_commit_callbacks(execute=True):
        accept_events(member, [events(video, 0, 5)])  # queues and (here) runs a fold
    with django_capture_on_commit_callbacks(execute=True):
        accept_events(member, [events(video, 5, 10)])  # within the window: no second task
    assert ProgressEvent.objects.filter(outcome="pending").count() == 1
    forget_queued_folds()  # the window has passed
    request_fold(member.pk)
    assert not ProgressEvent.objects.filter(outcome="pending").exists()


@pytest.mark.django_db
def test_the_sweep_applies_what_waits_and_leaves_fresh_events_to_their_task(
    member, lecture, events
):
    bank(member)
    video = lecture.sections.get(kind="video")
    [old] = accept_events(member, [events(video, 0, 10)])
    age(old.id, 60)
    assert fold_all_pending() == 1
    assert ProgressEvent.objects.get(pk=old.id).outcome == "credited"
    [fresh] = accept_events(member, [events(video, 10, 20)])
    assert fold_all_pending() == 0
    assert ProgressEvent.objects.get(pk=fresh.id).outcome == "pending"
    assert fold_pending(member)[fresh.id].credited_seconds == 10
    assert fold_pending(member) == {}  # applied once only


@pytest.mark.django_db
def test_an_event_stored_before_the_lecture_closed_is_still_credited(member, lecture, events):
    bank(member)
    video = lecture.sections.get(kind="video")
    [result] = accept_events(member, [events(video, 0, 10)])
    age(result.id, 30)
    lecture.study_closes_at = timezone.now() - datetime.timedelta(seconds=10)
    lecture.save_revision().publish()
    applied = fold_pending(member)[result.id]
    assert (applied.status, applied.credited_seconds) == ("accepted", 10)


@pytest.mark.django_db
def test_an_event_whose_lecture_was_unpublished_meanwhile_is_refused_and_stays_refused(
    member, lecture, events
):
    bank(member)
    video = lecture.sections.get(kind="video")
    sent = events(video, 0, 10)
    accept_events(member, [sent])
    lecture.unpublish()
    applied = fold_pending(member)[sent.id]
    assert (applied.status, applied.code) == ("rejected", "unpublished")
    assert not SectionProgress.objects.filter(member=member).exists()
    stored = ProgressEvent.objects.get(pk=sent.id)
    assert (stored.outcome, stored.rejection, stored.credited_seconds) == (
        "rejected",
        "unpublished",
        0,
    )
    [repeat] = accept_events(member, [sent])  # the client sends it again: same answer
    assert (repeat.status, repeat.code) == ("rejected", "unpublished")
    assert repeat.message == "该党课尚未发布。"


@pytest.mark.django_db
def test_the_same_id_twice_in_one_batch(member, lecture, events):
    video = lecture.sections.get(kind="video")
    sent = events(video, 0, 10)
    changed = events(video, 0, 12, id=sent.id)
    results = accept_events(member, [sent, sent, changed])
    assert [r.status for r in results] == ["accepted", "duplicate", "conflict"]
    assert ProgressEvent.objects.count() == 1


@pytest.mark.django_db
def test_decisions_reach_the_member_through_the_progress_read(member, lecture, events):
    StudyClock.objects.create(member=member, credit_horizon=timezone.now())
    video = lecture.sections.get(kind="video")
    client = APIClient()
    client.force_authenticate(member.user)
    body = {
        "id": str(uuid.uuid4()),
        "section": video.pk,
        "segment": [0, 60],
        "client_time": timezone.now().isoformat(),
    }
    assert client.post("/api/learning/events/", body, format="json").status_code == 202
    state = client.get(f"/api/learning/lectures/{lecture.pk}/progress/").json()
    assert state["sections"][0]["credited_seconds"] <= 6  # 5 s tolerance, no banked time
    [decision] = state["decisions"]
    assert decision["reason"] == "too_fast" and decision["section_title"] == video.title
    assert decision["message"] and decision["seconds"] >= 54
    assert CreditDecision.objects.count() == 1


@pytest.mark.worker
def test_a_real_worker_applies_events_posted_through_the_api(wagtail_tree, settings, run_worker):
    from cms.demo import load_demo
    from cms.models import Organisation

    settings.TASKS = {"default": {"BACKEND": "xianfeng.tasks.DjangoQ2Backend"}}
    load_demo(log=lambda message: None)
    # What the demo queued (some 200 index updates, pledge cards) is not this test's: the
    # worker would take minutes over it before reaching the fold queued below.
    OrmQ.objects.all().delete()
    member = make_member("worker1", Organisation.objects.get(name="套里村党支部"))
    bank(member)
    lecture = make_lecture([("video", 100)])
    video = lecture.sections.get()
    client = APIClient()
    client.force_authenticate(member.user)
    body = {
        "events": [
            {
                "id": str(uuid.uuid4()),
                "section": video.pk,
                "segment": [s, s + 10],
                "client_time": timezone.now().isoformat(),
            }
            for s in (0, 10, 20)
        ]
    }
    assert client.post("/api/learning/events/batch/", body, format="json").status_code == 200
    assert OrmQ.objects.exists()
    assert set(ProgressEvent.objects.values_list("outcome", flat=True)) == {"pending"}

    def applied():
        return not ProgressEvent.objects.filter(outcome="pending").exists()

    log = run_worker(applied)
    assert applied(), log
    progress = SectionProgress.objects.get(member=member, section=video)
    assert (progress.covered_seconds, progress.credited_seconds) == (30, 30)


@pytest.mark.django_db
def test_a_fold_can_be_bounded_and_takes_the_oldest_first(member, lecture, events):
    bank(member)
    video = lecture.sections.get(kind="video")
    sent = [events(video, start, start + 5) for start in (0, 5, 10)]
    for event in sent:
        accept_events(member, [event])
    assert list(fold_pending(member, limit=2)) == [sent[0].id, sent[1].id]
    assert ProgressEvent.objects.get(outcome="pending").pk == sent[2].id
    assert fold_all_pending(older_than=datetime.timedelta(0), limit=5) == 1


# On PostgreSQL the INSERT is prepared (xianfeng.db); DB_PREPARED_STATEMENTS=off for
# poolers that cannot keep prepared statements.
def prepared_inserts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [s for (s,) in cursor.fetchall() if "learning_progressevent" in s]


@pytest.mark.django_db
@pytest.mark.postgres_only
def test_one_event_and_a_batch_each_use_one_prepared_statement(member, lecture, events):
    video = lecture.sections.get(kind="video")
    accept_events(member, [events(video, 0, 5)])
    accept_events(member, [events(video, 5, 10)])
    accept_events(member, [events(video, 10, 15), events(video, 15, 20)])
    accept_events(member, [events(video, 20, 25), events(video, 25, 30), events(video, 30, 35)])
    statements = set(prepared_inserts())  # one per parameter types, so count the texts
    assert len(statements) == 2  # VALUES for one event, unnest for any batch size
    assert ProgressEvent.objects.filter(member=member).count() == 7


@pytest.mark.django_db
@pytest.mark.postgres_only
def test_switched_off_nothing_is_prepared_and_reports_still_work(settings, member, lecture, events):
    import psycopg

    from xianfeng.db import prepared_cursor

    settings.DB_PREPARED_STATEMENTS = False
    with prepared_cursor() as cursor:  # Django's own: values bound on the client
        assert isinstance(cursor.cursor, psycopg.ClientCursor)
    video = lecture.sections.get(kind="video")
    first = events(video, 0, 5)
    [result] = accept_events(member, [first])
    [again] = accept_events(member, [first])
    [batch, other] = accept_events(member, [first, events(video, 5, 10)])
    assert (result.status, again.status) == ("accepted", "duplicate")
    assert (batch.status, other.status) == ("duplicate", "accepted")
