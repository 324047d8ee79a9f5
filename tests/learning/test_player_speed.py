"""The study page's player at double speed in headless Chromium: 25 s of listening at 2×
plays 50 s of audio but is credited at most 25 s (plus the server's tolerance),
even for a member whose clock has hours of unused time banked (the server alone would
credit up to the bank). Also: the speed control is there and the lock-screen controls
(Media Session) name the section."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.learning.conftest import make_audio_lecture, make_member

# Long enough for a timed report (every 15 s) and the one sent on pause.
LISTEN_SECONDS = 25


@pytest.mark.browser
def test_double_speed_credits_wall_clock_time_only(study_page, artifacts_dir):
    from cms.models import Organisation
    from learning.models import SectionProgress, StudyClock, StudyCredit
    from learning.services.progress import fold_pending

    member = make_member("speedy", Organisation.objects.get(name="套里村党支部"))
    lecture = make_audio_lecture(
        "speed-test", title="倍速测试课", section_title="三分钟音频", seconds=180
    )
    section = lecture.sections.get()
    # A member back after two hours away: their clock has that much time banked.
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(hours=2)
    )

    page = study_page(lecture, "speedy", viewport={"width": 390, "height": 844}, is_mobile=True)
    speed = page.locator("[data-speed]")
    expect(speed).to_be_visible()
    speed.select_option("2")
    expect(page.locator(".speed-note")).to_be_visible()
    audio = page.locator("audio")
    page.evaluate("a => a.play()", audio.element_handle())
    page.wait_for_timeout(LISTEN_SECONDS * 1000)
    played = page.evaluate("a => { a.pause(); return a.currentTime; }", audio.element_handle())
    assert played >= 1.6 * LISTEN_SECONDS, f"the audio really played at 2× ({played} s)"
    assert page.evaluate("navigator.mediaSession.metadata.title") == "三分钟音频"
    page.wait_for_timeout(3000)  # the last report goes out on pause
    page.screenshot(path=str(artifacts_dir / "study-speed-390.png"), full_page=True)
    page.context.close()  # the last report is in before the fold

    fold_pending(member)
    progress = SectionProgress.objects.get(member=member, section=section)
    credited = sum(StudyCredit.objects.filter(member=member).values_list("seconds", flat=True))
    limit = LISTEN_SECONDS + settings.STUDY_TOLERANCE_SECONDS + 1
    assert 0.7 * LISTEN_SECONDS <= credited <= limit, credited  # never 120 s
    assert progress.credited_seconds <= limit
    assert progress.covered_seconds <= limit
    assert progress.position >= 1.5 * LISTEN_SECONDS  # resumes where the audio got to


def test_why_the_player_caps_segments_media_time_at_2x_would_be_credited(member, events):
    """The premise of the test above: the server bounds credit by real time plus the banked
    time of a member's clock (for offline batches), so reports of media time at 2× from a
    member back after two hours would be credited in full. The player must not send them."""
    from learning.models import StudyClock
    from tests.learning.conftest import make_lecture, report_events

    section = make_lecture([("audio", 300)]).sections.get()
    t0 = timezone.now()
    StudyClock.objects.create(member=member, credit_horizon=t0 - datetime.timedelta(hours=2))
    credited = 0.0
    for i in range(4):  # every 15 s of real time, 30 s of audio played at 2×
        now = t0 + datetime.timedelta(seconds=15 * (i + 1))
        [result] = report_events(member, [events(section, 30 * i, 30 * (i + 1))], now=now)
        credited += result.credited_seconds
    assert credited == pytest.approx(120)
    # What the player sends instead: no more than the wall-clock time of each stretch.
    capped = 0.0
    for i in range(4):
        now = t0 + datetime.timedelta(seconds=60 + 15 * (i + 1))
        start = 120 + 30 * i
        [result] = report_events(
            member, [events(section, start, start + 15.25, position=start + 30)], now=now
        )
        capped += result.credited_seconds
    assert capped <= 4 * 15.25
