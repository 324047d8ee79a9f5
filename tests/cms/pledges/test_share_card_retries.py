"""A share card that fails to draw is retried with backoff, then given up, and says so."""

import datetime

import pytest
from django.utils import timezone

from cms.models import Pledge
from cms.pledges import services, share_card
from cms.pledges.models import ShareCardState
from cms.pledges.tasks import RETRY_DELAYS, card_key, make_share_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pledge(wall, member, editor, due):
    pledge = services.post_pledge(
        wall=wall, user=member, text="我承诺每月走访一次困难群众。", category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    return Pledge.objects.get(pk=pledge.pk)


@pytest.fixture
def broken_drawing(monkeypatch):
    calls = []

    def draw_card(**kwargs):
        calls.append(kwargs)
        raise OSError("font file unreadable")

    monkeypatch.setattr(share_card, "draw_card", draw_card)
    return calls


def card_url(pledge):
    return pledge.wall.url + pledge.wall.reverse_subpage("card", args=[pledge.pk])


def pass_time(pledge):
    """Move the pledge's retry time into the past, as if the wait had passed."""
    Pledge.objects.filter(pk=pledge.pk).update(
        share_card_next_try=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_failing_card_is_retried_with_backoff_then_given_up(
    client, public_pledge, broken_drawing
):
    url = card_url(public_pledge)
    # The first visit draws (inline in tests): it fails, and the page says when it is retried.
    response = client.get(url)
    assert response.status_code == 503
    text = response.content.decode()
    assert "分享图生成失败，我们会在" in text and "后重试" in text
    pledge = Pledge.objects.get(pk=public_pledge.pk)
    assert pledge.share_card_state == ShareCardState.RETRYING
    assert pledge.share_card_attempts == 1 and "font file unreadable" in pledge.share_card_error
    wait = pledge.share_card_next_try - timezone.now()
    assert RETRY_DELAYS[0] - datetime.timedelta(seconds=5) < wait <= RETRY_DELAYS[0]
    assert 50 <= int(response["Retry-After"]) <= 61
    assert timezone.localtime(pledge.share_card_next_try).strftime("%H:%M") in text

    # Until then visitors are told the same, and nothing is drawn again.
    for _ in range(3):
        assert client.get(url).status_code == 503
    assert len(broken_drawing) == 1

    # Each retry waits longer: 1, 5, 25 minutes; after the last one the card is given up.
    for attempt, delay in enumerate(RETRY_DELAYS[1:], start=2):
        pass_time(pledge)
        assert client.get(url).status_code == 503
        pledge.refresh_from_db()
        assert pledge.share_card_attempts == attempt
        wait = pledge.share_card_next_try - timezone.now()
        assert delay - datetime.timedelta(seconds=5) < wait <= delay
    pass_time(pledge)
    response = client.get(url)
    pledge.refresh_from_db()
    assert pledge.share_card_state == ShareCardState.FAILED
    assert response.status_code == 503 and "Retry-After" not in response
    assert "分享图暂时无法生成" in response.content.decode()
    drawn = len(broken_drawing)
    assert drawn == len(RETRY_DELAYS) + 1
    # Given up: neither visits nor a queued task draw it again.
    client.get(url)
    assert make_share_card.call(pledge.pk) == ""
    assert len(broken_drawing) == drawn


def test_an_edit_starts_afresh_and_a_repaired_drawing_serves_the_card(
    client, public_pledge, broken_drawing, member, monkeypatch
):
    url = card_url(public_pledge)
    Pledge.objects.filter(pk=public_pledge.pk).update(
        share_card_state=ShareCardState.FAILED,
        share_card_attempts=4,
        share_card_state_key=card_key(public_pledge),
    )
    assert client.get(url).status_code == 503
    assert not broken_drawing

    monkeypatch.undo()  # the drawing works again
    services.add_progress(
        pledge=Pledge.objects.get(pk=public_pledge.pk),
        user=member,
        text="已走访三户。",
        happened_on=timezone.localdate(),
    )
    # The progress update moved the pledge to "in progress": a new card, tried afresh.
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    pledge = Pledge.objects.get(pk=public_pledge.pk)
    assert pledge.share_card_state == ShareCardState.NONE and pledge.share_card_attempts == 0


def test_a_failure_in_the_task_is_recorded_not_raised(public_pledge, broken_drawing):
    assert make_share_card.call(public_pledge.pk) == ""
    pledge = Pledge.objects.get(pk=public_pledge.pk)
    assert pledge.share_card_state == ShareCardState.RETRYING and not pledge.share_card


def test_a_card_that_cannot_be_stored_is_retried_too(public_pledge, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")  # the storage cannot create its folders
    assert make_share_card.call(public_pledge.pk) == ""
    pledge = Pledge.objects.get(pk=public_pledge.pk)
    assert pledge.share_card_state == ShareCardState.RETRYING and not pledge.share_card
    assert pledge.share_card_error.startswith(("NotADirectoryError", "FileNotFoundError"))
