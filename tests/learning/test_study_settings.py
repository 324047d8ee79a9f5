"""The study tolerance and bank are settings read per event (not at import), so a deployment's
settings module, override_settings or pytest-django's settings fixture changes the credit."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.learning.conftest import report_events

pytestmark = pytest.mark.django_db


def first_credit(member, lecture, events):
    video = lecture.sections.get(kind="video")
    [result] = report_events(member, [events(video, 0, 60)], now=timezone.now())
    return result.credited_seconds


def test_the_default_tolerance_credits_five_seconds_ahead(member, lecture, events):
    assert first_credit(member, lecture, events) == 5


@override_settings(STUDY_TOLERANCE_SECONDS=20)
def test_override_settings_changes_the_tolerance(member, lecture, events):
    assert first_credit(member, lecture, events) == 20


def test_the_bank_is_read_per_event(member, lecture, events, settings):
    video = lecture.sections.get(kind="video")
    start = timezone.now()
    report_events(member, [events(video, 0, 0)], now=start)  # the player starts
    settings.STUDY_MAX_BANK_HOURS = 0  # nothing banked: an offline batch gets the tolerance only
    later = start + datetime.timedelta(minutes=10)
    [result] = report_events(member, [events(video, 0, 60)], now=later)
    assert result.credited_seconds == settings.STUDY_TOLERANCE_SECONDS
