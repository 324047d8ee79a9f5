"""The audio player in headless Chromium: a seek to the end earns nothing, playing through
completes the section, and the JS reports it all by itself."""

import pytest
from playwright.sync_api import expect

from tests.learning.conftest import make_audio_lecture, make_member

pytestmark = pytest.mark.browser


def test_audio_section_credits_only_what_was_played(study_page, artifacts_dir):
    from cms.models import Organisation
    from learning.models import SectionProgress

    member = make_member("dangyuan1", Organisation.objects.get(name="套里村党支部"))
    lecture = make_audio_lecture(
        "audio-test", title="音频短课", section_title="六秒音频", seconds=6
    )
    section = lecture.sections.get()

    page = study_page(lecture, "dangyuan1", viewport={"width": 1440, "height": 900})
    audio = page.locator("audio")
    # Wagtail's document view answers without Range support, so Chromium cannot seek in
    # what it streams; the same bytes from a blob URL can be seeked like a CDN's.
    page.evaluate(
        """async a => {
        const blob = await (await fetch(a.currentSrc || a.src)).blob();
        a.src = URL.createObjectURL(blob);
        // evaluate() has no timeout of its own: a blob the page may not load must fail here.
        await new Promise((done, fail) => {
            a.addEventListener("loadedmetadata", done, {once: true});
            a.addEventListener("error", () => fail(new Error("the blob did not load")));
            setTimeout(() => fail(new Error("no metadata after 20 s")), 20000);
        });
    }""",
        audio.element_handle(),
    )
    assert page.evaluate("document.querySelector('audio').seekable.length") == 1

    # Skip to the last second and let it play out: one second is covered, nothing more.
    page.evaluate("a => { a.currentTime = 5; return a.play(); }", audio.element_handle())
    expect(audio).to_have_js_property("ended", True, timeout=15000)  # (CSP: no eval)
    expect(page.locator("[data-state]")).to_have_text("已学16%", timeout=10000)
    progress = SectionProgress.objects.get(member=member, section=section)
    assert progress.completed_at is None
    assert progress.covered_seconds <= 1.5

    # Play it from the start: the whole section is covered and completed.
    page.evaluate("a => { a.currentTime = 0; return a.play(); }", audio.element_handle())
    expect(audio).to_have_js_property("ended", True, timeout=15000)  # (CSP: no eval)
    expect(page.locator("[data-state]")).to_have_text("已完成", timeout=10000)
    progress.refresh_from_db()
    assert progress.completed_at is not None and progress.covered_seconds >= 5.4
    assert progress.credited_seconds <= 8  # about six seconds of real listening
    page.screenshot(path=str(artifacts_dir / "study-audio-1440.png"), full_page=True)
