"""Resuming a section on another device: honest study always completes it.

The simulated client does what learning/static/learning/study.js does: a fresh device starts
at the resume position the server gives (the study page's data-position), reports a zero-length
segment when playing starts, then segments rounded to 0.01 s with the position, in order from a
FIFO queue (delayed, or held back offline and sent as a batch). Honest means: one person, so
sessions never overlap in real time, and nothing arrives before it was really played.
"""

import datetime
import heapq
import itertools
import math
import os
import uuid

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from learning.models import LectureProgress, SectionProgress
from learning.selectors import forget_section_rules, lecture_state
from learning.services.ingest import EventInput
from tests.learning.conftest import make_lecture, report_events

pytestmark = pytest.mark.django_db


def js_round(x):
    return math.floor(x * 100 + 0.5) / 100  # Math.round(x * 100) / 100


class Rollback(Exception):
    pass


class Study:
    """One member studying one section on several devices, in server time."""

    def __init__(self, member, lecture, section):
        self.member, self.lecture, self.section = member, lecture, section
        self.t0 = timezone.now()
        self.outbox = []  # (arrival seconds, seq, event): a heap
        self.seq = itertools.count()
        self.client_clock = itertools.count()
        self.reached_server = False  # whether any report so far is sent (not held offline)

    def deliver_until(self, seconds):
        while self.outbox and self.outbox[0][0] <= seconds:
            arrival = self.outbox[0][0]
            batch = []
            while self.outbox and self.outbox[0][0] == arrival:
                batch.append(heapq.heappop(self.outbox)[2])
            results = report_events(
                self.member, batch, now=self.t0 + datetime.timedelta(seconds=arrival)
            )
            assert {r.status for r in results} <= {"accepted", "duplicate"}, results

    def state(self):
        return next(
            s
            for s in lecture_state(self.member, self.lecture)["sections"]
            if s["section"] == self.section.pk
        )

    def event(self, start, end):
        # The client's clock is its own; it only orders a device's events.
        client_time = self.t0 + datetime.timedelta(milliseconds=next(self.client_clock))
        return EventInput(
            id=uuid.uuid4(),
            section_id=self.section.pk,
            from_seconds=js_round(start),
            to_seconds=js_round(end),
            position=js_round(end),
            client_time=client_time,
        )

    def session(self, begins, stop, chunks, delays, stranded):
        """A fresh device from `begins` (server seconds) until the timeline reaches `stop`;
        returns when it stops playing (server seconds)."""
        self.deliver_until(begins)
        length = self.state()["length_seconds"]
        position = float(self.state()["position"])
        if self.section.kind == "reading":
            start = min(position, length)
        else:  # the player seeks to the saved position unless it is within 1 s of the end
            start = position if 0 < position < length - 1 else 0.0
        stop = max(stop, start)
        planned, now, cursor = [(begins, self.event(start, start))], begins, start
        for size in itertools.cycle(chunks):
            if cursor >= stop:
                break
            end = min(stop, cursor + size)
            now += end - cursor  # playing takes the real time it plays
            planned.append((now, self.event(cursor, end)))
            cursor = end
        arrival = begins
        held = len(planned) - stranded
        for index, ((played_at, event), delay) in enumerate(zip(planned, itertools.cycle(delays))):
            # FIFO queue: an event leaves after the ones before it; the stranded tail stays
            # in an offline queue and is only sent much later.
            if index == 0 and not self.reached_server:
                # A new member's clock starts with the first report the server receives: it
                # is sent as the player starts (the page was just loaded), else nothing bounds
                # real time. When the first device's reports all stayed offline, that is the
                # next device's first report.
                delay = 0.0
            arrival = max(arrival, played_at + delay)
            when = arrival if index < held else 10**6 + index
            self.reached_server = self.reached_server or index < held
            heapq.heappush(self.outbox, (when, next(self.seq), event))
        return now


kinds = st.sampled_from(["reading", "video", "audio"])
lengths = st.integers(min_value=5, max_value=150)
# Stops anywhere on the timeline, to the microsecond, and sometimes a float as it comes.
shares = st.lists(
    st.one_of(
        st.integers(min_value=1, max_value=999_999).map(lambda k: k / 1e6),
        st.floats(min_value=0.001, max_value=0.999),
    ),
    max_size=4,
)
chunk_sizes = st.lists(
    st.one_of(
        st.integers(min_value=1_000, max_value=20_000).map(lambda k: k / 1000),
        st.floats(min_value=1.0, max_value=20.0),
    ),
    min_size=1,
    max_size=6,
)
delays = st.lists(
    st.one_of(
        st.just(0.0),
        st.floats(min_value=0.0, max_value=3.0),
        st.floats(min_value=20.0, max_value=300.0),
    ),
    min_size=1,
    max_size=6,
)
breaks = st.lists(
    st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=7200.0)), min_size=1, max_size=4
)


@pytest.fixture
def lectures(demo_site):
    return {kind: make_lecture([(kind, 7)]) for kind in ("reading", "video", "audio")}


# CI runs the same 40 examples every time (a red build names a change, not a lucky draw);
# XF_HYPOTHESIS_EXPLORE=1 draws new ones. Random draws found gaps under 0.01 s that were never
# credited (test_gaps_of_a_hundredth_of_a_second_are_filled_on_resume, below).
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("XF_HYPOTHESIS_EXPLORE"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    kind="reading",
    length=60,
    splits=[0.423],
    chunks=[15.0],
    delays=[0.0],
    breaks=[10.0],
    stranded=0,
)  # the reported case: 25.38 s on the first device
@given(
    kind=kinds,
    length=lengths,
    splits=shares,
    chunks=chunk_sizes,
    delays=delays,
    breaks=breaks,
    stranded=st.integers(min_value=0, max_value=2),
)
def test_honest_study_split_between_devices_completes_the_section(
    member, lectures, kind, length, splits, chunks, delays, breaks, stranded
):
    lecture = lectures[kind]
    section = lecture.sections.get()
    try:
        with transaction.atomic():
            if kind == "reading":
                section.min_reading_seconds = length
            else:
                section.duration_seconds = length
            section.save()
            forget_section_rules()  # the rules cache would remember the old length
            study = Study(member, lecture, section)
            stops = sorted(share * length for share in splits) + [float(length)]
            now = 0.0
            for index, stop in enumerate(stops):
                now = study.session(
                    now, stop, chunks, delays, stranded if index < len(stops) - 1 else 0
                )
                now += breaks[index % len(breaks)]
            study.deliver_until(float("inf"))
            state = study.state()
            assert state["completed"], (
                state,
                SectionProgress.objects.get(member=member, section=section).segments,
            )
            assert state["percent"] == 100 or kind != "reading"
            progress = SectionProgress.objects.get(member=member, section=section)
            assert progress.credited_seconds <= length + 1e-6  # never more than was played
            assert LectureProgress.objects.get(member=member, lecture=lecture).completed_at
            raise Rollback
    except Rollback:
        pass


def test_reading_resumed_on_another_device_at_a_rounded_position_completes(member, events):
    """The reported case: 25.38 s read on one device, the rest on another."""
    lecture = make_lecture([("reading", 60)])
    section = lecture.sections.get()
    t0 = timezone.now()

    def at(seconds):
        return t0 + datetime.timedelta(seconds=seconds)

    report_events(member, [events(section, 0, 0)], now=at(0))
    report_events(member, [events(section, 0, 15)], now=at(15))
    report_events(member, [events(section, 15, 25.38)], now=at(25.38))
    resume = lecture_state(member, lecture)["sections"][0]["position"]
    assert resume <= 25.38
    report_events(member, [events(section, resume, resume)], now=at(100))
    report_events(member, [events(section, resume, resume + 15)], now=at(115))
    report_events(member, [events(section, resume + 15, 60)], now=at(160 - resume))
    state = lecture_state(member, lecture)["sections"][0]
    assert (state["completed"], state["percent"], state["covered_seconds"]) == (True, 100, 60)


def test_gaps_of_a_hundredth_of_a_second_are_filled_on_resume(member, events):
    """The random draw that failed in full runs: two gaps left by rounding and by a partly
    credited segment (0.01 s and 0.002 s) are each smaller than the comparison tolerance, so
    neither was ever credited, while together they kept the reading section short of complete
    however often the member resumed."""
    lecture = make_lecture([("reading", 36)])
    section = lecture.sections.get()
    SectionProgress.objects.create(
        member=member,
        section=section,
        lecture=lecture,
        segments=[[0.0, 5.0], [5.01, 35.058], [35.06, 36.0]],
        covered_seconds=35.988,
        credited_seconds=35.988,
        position=36,
    )
    state = lecture_state(member, lecture)["sections"][0]
    assert (state["position"], state["completed"]) == (5.0, False)
    t0 = timezone.now()
    report_events(member, [events(section, 5.0, 5.0)], now=t0)
    # Read on in two steps, each passing over one of the gaps.
    first = report_events(
        member, [events(section, 5.0, 20.0)], now=t0 + datetime.timedelta(seconds=15)
    )
    second = report_events(
        member, [events(section, 20.0, 36.0)], now=t0 + datetime.timedelta(seconds=31)
    )
    assert [first[0].credited_seconds, second[0].credited_seconds] == [0.01, 0.0]  # 0.002
    progress = SectionProgress.objects.get(member=member, section=section)
    assert progress.segments == [[0.0, 36.0]]
    assert progress.credited_seconds == pytest.approx(36.0)
    state = lecture_state(member, lecture)["sections"][0]
    assert (state["completed"], state["percent"], state["covered_seconds"]) == (True, 100, 36.0)


def test_a_gap_left_by_an_older_client_is_filled_from_the_resume_position(member, events):
    """Members stuck at 99 % before the fix resume at the gap and finish."""
    lecture = make_lecture([("reading", 60)])
    section = lecture.sections.get()
    SectionProgress.objects.create(
        member=member,
        section=section,
        lecture=lecture,
        segments=[[0, 25.38], [25.4, 60]],
        covered_seconds=59.98,
        credited_seconds=59.98,
        position=60,
    )
    state = lecture_state(member, lecture)["sections"][0]
    assert (state["position"], state["percent"], state["covered_seconds"]) == (25.38, 99, 59.9)
    t0 = timezone.now()
    report_events(member, [events(section, 25.38, 25.38)], now=t0)
    report_events(member, [events(section, 25.38, 40.38)], now=t0 + datetime.timedelta(seconds=15))
    assert lecture_state(member, lecture)["sections"][0]["completed"]


def test_a_video_resumes_at_the_end_of_what_was_played_never_past_it(member, events):
    lecture = make_lecture([("video", 100)])
    section = lecture.sections.get()
    SectionProgress.objects.create(
        member=member,
        section=section,
        lecture=lecture,
        segments=[[0, 25.38]],
        covered_seconds=25.38,
        credited_seconds=25.38,
        position=25.9,
    )
    assert lecture_state(member, lecture)["sections"][0]["position"] == 25.38
    progress = SectionProgress.objects.get()
    progress.position = 70  # a seek far ahead: that is where the member wants to go on
    progress.save()
    assert lecture_state(member, lecture)["sections"][0]["position"] == 70
