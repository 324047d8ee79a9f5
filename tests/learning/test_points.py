"""The points ledger: once per source, daily caps per reason, append-only."""

import pytest
from django.core.exceptions import ValidationError

from learning.models import PointsEntry, PointsRule
from learning.services.points import award_points

pytestmark = pytest.mark.django_db


def test_the_same_source_never_pays_twice(member):
    first, created = award_points(member, "lecture_completed", "lecture:1:member:1", points=10)
    again, created_again = award_points(
        member, "lecture_completed", "lecture:1:member:1", points=10
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert PointsEntry.objects.filter(member=member).count() == 1


def test_daily_cap_clips_and_says_why(member):
    PointsRule.objects.update_or_create(
        reason="service_task", defaults={"ledger": "service", "points": 8, "daily_cap": 20}
    )
    paid = [award_points(member, "service_task", f"task:{i}")[0] for i in range(4)]
    assert [e.points for e in paid] == [8, 8, 4, 0]
    assert paid[3].note == "已达到每日20分的上限"
    assert {e.ledger for e in paid} == {"service"}


def test_entries_cannot_be_changed_or_deleted(member):
    entry, _ = award_points(member, "quiz_passed", "quiz:1:member:1")
    entry.points = 100
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert PointsEntry.objects.get(member=member).points == 5


def test_the_study_record_needs_the_same_queries_for_one_lecture_or_many(
    member, events, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning.selectors import study_record
    from tests.learning.conftest import make_lecture, make_quiz, report_events

    def start(lecture):
        report_events(member, [events(lecture.sections.first(), 0, 0)])

    first = make_lecture([("video", 60)])
    make_quiz(first)
    start(first)
    with CaptureQueriesContext(connection) as one:
        assert len(study_record(member)["in_progress"]) == 1
    for _ in range(3):
        lecture = make_lecture([("video", 60), ("reading", 30)])
        make_quiz(lecture)
        start(lecture)
    with django_assert_max_num_queries(len(one.captured_queries)):
        record = study_record(member)
    assert len(record["in_progress"]) == 4
    assert all(row["quiz"]["attempts_left"] == 2 for row in record["in_progress"])
