"""Background work for pledges: the share card image, drawn once per version of a pledge."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task


def card_key(pledge):
    """Changes whenever anything drawn on the card changes."""
    raw = "\x1f".join(str(v) for v in (
        pledge.wall.title, pledge.text, pledge.member_name, pledge.organisation_name,
        timezone.localtime(pledge.created_at).date(), pledge.due_on, pledge.status, pledge.get_full_url(), 2))
    return hashlib.sha1(raw.encode()).hexdigest()


def card_is_fresh(pledge):
    return bool(pledge.share_card) and pledge.share_card_key == card_key(pledge)


def render_card(pledge):
    from cms.pledges.share_card import draw_card

    with override("zh-hans"):
        return draw_card(
            wall_title=pledge.wall.title, text=pledge.text, member=pledge.member_name,
            organisation=pledge.organisation_name,
            date_text=_("Pledged %(made)s · due %(due)s") % {
                "made": timezone.localtime(pledge.created_at).strftime("%Y-%m-%d"),
                "due": pledge.due_on.strftime("%Y-%m-%d")},
            status_text=pledge.get_status_display(), url=pledge.get_full_url(),
            labels={"pledge": _("My pledge"), "scan": _("Scan to see the pledge and like it")},
        )


@task()
def make_share_card(pledge_id):
    """Draw and store the card unless the stored one is still current. Returns the file name."""
    from cms.models import Pledge
    from cms.models.pledge_items import PUBLIC_STATUSES

    pledge = Pledge.objects.select_related("wall").filter(pk=pledge_id).first()
    if pledge is None or pledge.status not in PUBLIC_STATUSES:
        return ""
    if card_is_fresh(pledge) and pledge.share_card.storage.exists(pledge.share_card.name):
        return pledge.share_card.name
    key = card_key(pledge)
    old = pledge.share_card.name if pledge.share_card else ""
    pledge.share_card.save(f"pledge-{pledge.pk}-{key[:10]}.png",
                           ContentFile(render_card(pledge)), save=False)
    # update() rather than save(): a worker must not overwrite the member's newer edits.
    Pledge.objects.filter(pk=pledge.pk).update(share_card=pledge.share_card.name,
                                               share_card_key=key)
    if old and old != pledge.share_card.name:
        pledge.share_card.storage.delete(old)
    return pledge.share_card.name
