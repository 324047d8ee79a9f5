"""learning.services.progress: idempotency, coverage, and time credit bounded by real time."""

import datetime

import pytest
from django.utils import timezone

from learning.models import (
    CreditDecision,
    LectureProgress,
    PointsEntry,
    ProgressEvent,
    SectionProgress,
    StudyClock,
)
from tests.learning.conftest import report_events

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


def progress_of(member, section):
    return SectionProgress.objects.get(member=member, section=section)


def snapshot(member):
    return (
        list(
            SectionProgress.objects.filter(member=member)
            .values(
                "section",
                "segments",
                "covered_seconds",
                "credited_seconds",
                "position",
                "completed_at",
            )
            .order_by("section")
        ),
        ProgressEvent.objects.filter(member=member).count(),
        # A lock row created on first contact is not progress; its contents are.
        list(
            StudyClock.objects.filter(member=member).values_list(
                "credit_horizon", "last_event_at", "last_section"
            )
        )
        or [(None, None, None)],
        PointsEntry.objects.filter(member=member).count(),
    )


def play(member, section, events, start, end, now, **kwargs):
    [result] = report_events(member, [events(section, start, end, **kwargs)], now=now)
    return result


@pytest.fixture
def video(lecture):
    return lecture.sections.get(kind="video")


@pytest.fixture
def reading(lecture):
    return lecture.sections.get(kind="reading")


def test_first_event_is_credited_no_more_than_the_tolerance(member, video, events):
    result = play(member, video, events, 0, 60, at(0))
    assert result.status == "accepted"
    assert result.credited_seconds == 5
    assert [d["reason"] for d in result.decisions] == ["too_fast"]
    assert result.decisions[0]["seconds"] == 55
    progress = progress_of(member, video)
    assert progress.segments == [[0, 5]]  # only credited time becomes coverage
    assert CreditDecision.objects.get(member=member).reason == "too_fast"


def test_credit_follows_the_time_that_really_passed(member, video, events):
    play(member, video, events, 0, 0, at(0))  # the player starts
    assert play(member, video, events, 0, 15, at(15)).credited_seconds == 15
    assert play(member, video, events, 15, 30, at(30)).credited_seconds == 15
    progress = progress_of(member, video)
    assert progress.segments == [[0, 30]]
    assert progress.credited_seconds == 30
    assert progress.position == 30
    assert progress.completed_at is None
    assert not CreditDecision.objects.exists()


def test_same_event_twice_is_a_no_op(member, video, events):
    play(member, video, events, 0, 0, at(0))
    event = events(video, 0, 15)
    [first] = report_events(member, [event], now=at(15))
    before = snapshot(member)
    [again] = report_events(member, [event], now=at(40))
    assert (first.status, again.status) == ("accepted", "duplicate")
    assert again.credited_seconds == first.credited_seconds == 15
    assert snapshot(member) == before


def test_same_id_with_other_content_is_a_conflict_and_changes_nothing(member, video, events):
    play(member, video, events, 0, 0, at(0))
    event = events(video, 0, 15)
    report_events(member, [event], now=at(15))
    before = snapshot(member)
    changed = events(video, 0, 30, id=event.id, client_time=event.client_time)
    [result] = report_events(member, [changed], now=at(45))
    assert (result.status, result.code) == ("conflict", "conflict")
    assert snapshot(member) == before


def test_a_replayed_batch_changes_nothing(member, video, events):
    play(member, video, events, 0, 0, at(0))
    batch = [events(video, 0, 15), events(video, 15, 30), events(video, 30, 30)]
    results = report_events(member, batch, now=at(60))
    assert [r.status for r in results] == ["accepted"] * 3
    assert progress_of(member, video).credited_seconds == 30  # banked time covers the batch
    before = snapshot(member)
    again = report_events(member, batch, now=at(61))
    assert [r.status for r in again] == ["duplicate"] * 3
    assert snapshot(member) == before


def test_events_out_of_order_merge_and_keep_the_newest_position(member, video, events):
    early, late = events(video, 0, 15), events(video, 15, 30)
    play(
        member,
        video,
        events,
        0,
        0,
        at(0),
        client_time=early.client_time - datetime.timedelta(seconds=30),
    )
    report_events(member, [late], now=at(20))
    report_events(member, [early], now=at(35))
    progress = progress_of(member, video)
    assert progress.segments == [[0, 30]]
    assert progress.position == 30  # the older event does not move the resume point back
    assert progress.credited_seconds == 30


def test_overlapping_segments_are_credited_once(member, video, events):
    play(member, video, events, 0, 0, at(0))
    play(member, video, events, 0, 20, at(20))
    result = play(member, video, events, 10, 30, at(40))
    assert result.credited_seconds == 10
    assert result.decisions == [
        {"reason": "already_covered", "seconds": 10.0, "message": "已经学过的部分不重复计时"}
    ]
    assert progress_of(member, video).segments == [[0, 30]]


@pytest.mark.parametrize(
    "segment,code",
    [
        ((30, 10), "backward"),
        ((-5, 10), "negative"),
        ((0, 500), "beyond_end"),
        ((0, 10**9), "beyond_end"),
    ],
)
def test_bad_segments_are_rejected_with_a_clear_error(member, video, events, segment, code):
    play(member, video, events, 0, 10, at(10))
    before = snapshot(member)
    result = play(member, video, events, *segment, at(30))
    assert (result.status, result.code) == ("rejected", code)
    assert result.message
    assert snapshot(member) == before


def test_seeking_to_the_end_earns_no_credit_for_the_skipped_part(member, video, events):
    play(member, video, events, 0, 0, at(0))
    play(member, video, events, 0, 10, at(10))
    # The member seeks to the end and plays the last seconds.
    result = play(member, video, events, 96, 100, at(15))
    assert result.credited_seconds == 4
    # A client claiming to have played everything from 10 to the end in a few seconds.
    result = play(member, video, events, 10, 100, at(20))
    assert result.credited_seconds <= 11  # 20 s passed + 5 s tolerance - 14 s already paid
    assert "too_fast" in [d["reason"] for d in result.decisions]
    progress = progress_of(member, video)
    assert progress.covered_seconds <= 25
    assert progress.completed_at is None


def test_unknown_unpublished_and_closed_sections_are_refused(member, lecture, video, events):
    from learning.models import LectureSection

    before = snapshot(member)
    ghost = LectureSection(pk=987654)
    assert play(member, ghost, events, 0, 5, at(5)).code == "unknown_section"
    lecture.study_closes_at = at(-1)
    lecture.save()
    assert play(member, video, events, 0, 5, at(5)).code == "closed"
    lecture.study_closes_at = None
    lecture.save()
    lecture.unpublish()
    assert play(member, video, events, 0, 5, at(5)).code == "unpublished"
    assert snapshot(member) == before


def test_an_event_id_of_another_member_is_a_conflict(member, branch, video, events):
    from tests.learning.conftest import make_member

    other = make_member("dangyuan2", branch)
    event = events(video, 0, 5)
    report_events(member, [event], now=at(5))
    theirs = snapshot(member)
    [result] = report_events(other, [event], now=at(6))
    assert result.status == "conflict"
    assert snapshot(member) == theirs
    assert not SectionProgress.objects.filter(member=other).exists()


def test_two_sections_playing_at_once_share_real_time(member, video, reading, events):
    play(member, video, events, 0, 0, at(0))
    total = 0
    for step in range(1, 5):
        total += play(
            member, video, events, (step - 1) * 15, step * 15, at(step * 15)
        ).credited_seconds
        result = play(member, reading, events, (step - 1) * 5, step * 5, at(step * 15 + 0.5))
        total += result.credited_seconds
    assert total <= 60.5 + 5  # never more than the time that passed, plus the tolerance
    assert CreditDecision.objects.filter(member=member, reason="parallel").exists()


def test_reading_while_the_page_is_hidden_is_not_credited(member, reading, events):
    play(member, reading, events, 0, 0, at(0))
    result = play(member, reading, events, 0, 10, at(10), visible=False)
    assert result.credited_seconds == 0
    assert result.decisions[0]["reason"] == "tab_hidden"


def test_an_offline_batch_is_credited_from_banked_time(member, video, events):
    play(member, video, events, 0, 0, at(0))
    batch = [events(video, i * 15, (i + 1) * 15) for i in range(6)]
    results = report_events(member, batch, now=at(120))
    assert sum(r.credited_seconds for r in results) == 90
    assert progress_of(member, video).segments == [[0, 90]]


def test_completing_every_section_completes_the_lecture_and_pays_once(
    member, lecture, video, reading, events
):
    play(member, video, events, 0, 0, at(0))
    t = 0
    for start in range(0, 90, 15):
        t += 15
        play(member, video, events, start, start + 15, at(t))
    assert progress_of(member, video).completed_at is not None  # 90 % of 100 s
    assert not LectureProgress.objects.get(member=member, lecture=lecture).completed_at
    last = events(reading, 15, 30)
    play(member, reading, events, 0, 15, at(t + 15))
    report_events(member, [last], now=at(t + 30))
    assert progress_of(member, reading).completed_at is not None
    assert LectureProgress.objects.get(member=member, lecture=lecture).completed_at
    entry = PointsEntry.objects.get(member=member)
    assert (entry.reason, entry.points, entry.ledger) == ("lecture_completed", 10, "base")
    report_events(member, [last], now=at(t + 60))
    play(member, reading, events, 0, 30, at(t + 90))
    assert PointsEntry.objects.filter(member=member).count() == 1
