"""Points for reading a story, credited on an honest clock.

The story page's script (learning/static/learning/reading.js) counts reading time only while
the tab is visible and the reader has scrolled, touched, clicked or typed in the last minute,
and reports it every 10 s. The server believes none of it beyond what real time allows:

- A report after a pause longer than SESSION_GAP (or the first of a page view) opens a new
  stretch and is credited nothing: the reader may have left the page meanwhile.
- Each report is credited at most the real time since the previous report of that story
  (plus TOLERANCE for network jitter), and at most the real time since the member's reading
  clock horizon: two stories open in two tabs share one clock, so a minute is credited once.
- Credit stops at the story's reading time (its length over READING_CHARS_PER_SECOND,
  between MIN_SECONDS and MAX_SECONDS); reaching it completes the reading and pays the
  STORY_READ rule's points, within its daily cap.

A story pays once per member, ever (source key "story:<id>:member:<id>"), as 学习强国 pays an
article once: reading it again tomorrow earns nothing. Reading time is not study time (学时):
it never enters StudyCredit, so the branch reports and quotas count lectures only.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from learning.models import PointsEntry, PointsReason, ReadingClock, StoryReading
from learning.services.points import award_points

SESSION_GAP = datetime.timedelta(seconds=45)
TOLERANCE_SECONDS = 2.0
MAX_REPORT_SECONDS = 30.0  # what one report may claim; the script reports every 10 s
READING_CHARS_PER_SECOND = 8  # about 480 characters a minute, a brisk read of Chinese text
MIN_SECONDS, MAX_SECONDS = 30, 180


def story_text_length(story) -> int:
    """Characters of text in a story's body (tags and spaces left out)."""

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("type", "id", "image", "format", "style"):
                    yield from strings(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from strings(item)

    raw = getattr(story.body, "raw_data", None) or []
    text = strip_tags(" ".join(strings(list(raw))))
    return sum(1 for char in text if not char.isspace())


def needed_seconds(story) -> int:
    seconds = round(story_text_length(story) / READING_CHARS_PER_SECOND)
    return max(MIN_SECONDS, min(MAX_SECONDS, seconds))


def source_key(member, story) -> str:
    return f"story:{story.pk}:member:{member.pk}"


@dataclass(frozen=True)
class ReadingState:
    story: int
    credited_seconds: float  # by this report
    total_seconds: float
    needed_seconds: int
    completed: bool
    points: int | None  # paid by this report (0 when the daily cap was reached), else None
    note: str = ""


def story_reading_state(*, member, story) -> ReadingState:
    """Where the member stands with a story, for the page's first render."""
    row = StoryReading.objects.filter(member=member, story=story).first()
    if row is None:
        return ReadingState(story.pk, 0.0, 0.0, needed_seconds(story), False, None)
    return ReadingState(
        story.pk, 0.0, row.credited_seconds, row.needed_seconds, bool(row.completed_at), None
    )


def story_reading_report(*, member, story, seconds: float, now=None) -> ReadingState:
    """Credit a report of `seconds` of reading `story` (see the module's rules)."""
    now = now or timezone.now()
    if not 0 <= seconds <= MAX_REPORT_SECONDS:
        raise ValueError("seconds out of range")
    with transaction.atomic():
        ReadingClock.objects.get_or_create(member=member)
        clock = ReadingClock.objects.select_for_update().get(member=member)
        row, _created = StoryReading.objects.get_or_create(
            member=member, story=story, defaults={"needed_seconds": needed_seconds(story)}
        )
        if row.completed_at is not None:
            return ReadingState(story.pk, 0.0, row.credited_seconds, row.needed_seconds, True, None)
        credit = 0.0
        opening = row.last_beat_at is None or now - row.last_beat_at > SESSION_GAP
        if opening:
            clock.horizon = max(clock.horizon or now, now)
        else:
            base = max(clock.horizon or row.last_beat_at, row.last_beat_at)
            available = (now - base).total_seconds() + TOLERANCE_SECONDS
            left = row.needed_seconds - row.credited_seconds
            credit = max(0.0, min(seconds, available, left))
            clock.horizon = base + datetime.timedelta(seconds=credit)
        row.credited_seconds += credit
        row.last_beat_at = now
        points, note = None, ""
        if row.credited_seconds >= row.needed_seconds - 0.5:
            row.completed_at = now
            entry, _new = award_points(
                member,
                PointsReason.STORY_READ,
                source_key(member, story),
                note=story.title[: PointsEntry._meta.get_field("note").max_length],
                now=now,
            )
            points = entry.points
            note = entry.note if entry.points == 0 else ""
        row.save()
        clock.save()
    return ReadingState(
        story.pk,
        round(credit, 2),
        round(row.credited_seconds, 2),
        row.needed_seconds,
        row.completed_at is not None,
        points,
        note,
    )
