"""Background work for pledges: the share card image, drawn once per version of a pledge.

A drawing that fails is retried after RETRY_DELAYS (1, 5 and 25 minutes), then given up until
what the card shows changes (an edit, a new status: a new card key starts afresh). The card URL
says which: being drawn, failed and retried at a time, or not available.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

logger = logging.getLogger(__name__)

RETRY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=25),
)
# A drawing queued this long ago and not finished was lost (worker restart): queue it again.
DRAWING_WINDOW = datetime.timedelta(minutes=2)


def card_key(pledge):
    """Changes whenever anything drawn on the card changes."""
    raw = "\x1f".join(
        str(v)
        for v in (
            pledge.wall.title,
            pledge.text,
            pledge.member_name,
            pledge.organisation_name,
            timezone.localtime(pledge.created_at).date(),
            pledge.due_on,
            pledge.status,
            pledge.get_full_url(),
            3,
        )
    )
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def card_is_fresh(pledge):
    return bool(pledge.share_card) and pledge.share_card_key == card_key(pledge)


def render_card(pledge):
    from cms.pledges.share_card import draw_card

    with override("zh-hans"):
        return draw_card(
            wall_title=pledge.wall.title,
            text=pledge.text,
            member=pledge.member_name,
            organisation=pledge.organisation_name,
            date_text=_("Pledged %(made)s · due %(due)s")
            % {
                "made": timezone.localtime(pledge.created_at).strftime("%Y-%m-%d"),
                "due": pledge.due_on.strftime("%Y-%m-%d"),
            },
            status_text=pledge.get_status_display(),
            url=pledge.get_full_url(),
            labels={"pledge": _("My pledge"), "scan": _("Scan to see the pledge and like it")},
        )


@dataclass(frozen=True)
class CardStatus:
    state: str  # a ShareCardState value
    next_try: datetime.datetime | None = None
    error: str = ""


def card_status(pledge, key=None):
    """Where the drawing of the pledge's current card stands; state about an older version of
    the card (before an edit) counts as not drawn yet."""
    from cms.pledges.models import ShareCardState

    if pledge.share_card_state_key != (key or card_key(pledge)):
        return CardStatus(ShareCardState.NONE)
    return CardStatus(pledge.share_card_state, pledge.share_card_next_try, pledge.share_card_error)


def card_is_ready(pledge):
    return card_is_fresh(pledge) and pledge.share_card.storage.exists(pledge.share_card.name)


def share_card_request(*, pledge):
    """Queue a drawing of the pledge's card if one is due: not yet tried, a retry whose time
    has come, or a drawing lost on the way. Returns True when one was queued.

    The claim is a conditional UPDATE on the state just read, so however many visitors ask at
    once, one drawing is queued (and without the cache, which may be down)."""
    from cms.models import Pledge
    from cms.pledges.models import ShareCardState

    key = card_key(pledge)
    status = card_status(pledge, key)
    now = timezone.now()
    if status.state == ShareCardState.FAILED or (
        status.state != ShareCardState.NONE and status.next_try and status.next_try > now
    ):
        return False
    claimed = Pledge.objects.filter(
        pk=pledge.pk,
        share_card_state=pledge.share_card_state,
        share_card_state_key=pledge.share_card_state_key,
        share_card_next_try=pledge.share_card_next_try,
    ).update(
        share_card_state=ShareCardState.DRAWING,
        share_card_state_key=key,
        share_card_next_try=now + DRAWING_WINDOW,
        share_card_attempts=pledge.share_card_attempts if pledge.share_card_state_key == key else 0,
    )
    if claimed:
        make_share_card.enqueue(pledge.pk)
    return bool(claimed)


def _record_failure(pledge, key, error):
    from cms.models import Pledge
    from cms.pledges.models import ShareCardState

    failures = (pledge.share_card_attempts if pledge.share_card_state_key == key else 0) + 1
    given_up = failures > len(RETRY_DELAYS)
    logger.exception(
        "Share card of pledge %s failed to draw (attempt %s%s)",
        pledge.pk,
        failures,
        ", given up" if given_up else "",
    )
    Pledge.objects.filter(pk=pledge.pk).update(
        share_card_state=ShareCardState.FAILED if given_up else ShareCardState.RETRYING,
        share_card_state_key=key,
        share_card_attempts=failures,
        share_card_next_try=None if given_up else timezone.now() + RETRY_DELAYS[failures - 1],
        share_card_error=f"{type(error).__name__}: {error}"[:300],
    )


@task()
def make_share_card(pledge_id):
    """Draw and store the card unless the stored one is still current. Returns the file name
    ("" when there is nothing to draw, or the drawing failed: see _record_failure)."""
    from cms.models import Pledge
    from cms.pledges.models import PUBLIC_STATUSES, ShareCardState

    pledge = Pledge.objects.select_related("wall").filter(pk=pledge_id).first()
    if pledge is None or pledge.status not in PUBLIC_STATUSES:
        return ""
    if card_is_ready(pledge):
        return pledge.share_card.name
    key = card_key(pledge)
    if card_status(pledge, key).state == ShareCardState.FAILED:
        return ""  # given up on this version of the card
    old = pledge.share_card.name if pledge.share_card else ""
    try:
        drawn = render_card(pledge)
        pledge.share_card.save(f"pledge-{pledge.pk}-{key[:10]}.png", ContentFile(drawn), save=False)
    except Exception as error:  # noqa: BLE001 - drawing or storing: retried, then given up
        _record_failure(pledge, key, error)
        return ""
    # update() rather than save(): a worker must not overwrite the member's newer edits.
    Pledge.objects.filter(pk=pledge.pk).update(
        share_card=pledge.share_card.name,
        share_card_key=key,
        share_card_state=ShareCardState.NONE,
        share_card_state_key=key,
        share_card_attempts=0,
        share_card_next_try=None,
        share_card_error="",
    )
    if old and old != pledge.share_card.name:
        pledge.share_card.storage.delete(old)
    return pledge.share_card.name
