"""Writes of the pledge lifecycle: 承诺 (post) → 示诺 (moderate) → 践诺 (progress) → 评诺 (outcome).

Every function validates its input and raises ValidationError with a message for the member
(or PermissionDenied when someone acts on another member's pledge).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.content_cache import pages_changed_by_pledge, retire_pages
from cms.members import member_of
from cms.models import Member, Pledge, PledgeLike, PledgeStatus, PledgeUpdate
from cms.organisation_access import PLEDGE_MODERATION
from cms.pledges.models import ACTIVE_STATUSES, OPEN_STATUSES, PUBLIC_STATUSES
from cms.pledges.screening import find_sensitive_words, member_text
from cms.pledges.signals import pledge_confirmed, pledge_fulfilled, pledge_moderated
from cms.services import member_lock
from xianfeng.throttles import count_hit, limit_for

TEXT_MIN, TEXT_MAX = 10, 300
NOTE_MIN, NOTE_MAX = 5, 500
PROGRESS_MIN, PROGRESS_MAX = 2, 300
MAX_DUE_DAYS = 3 * 365


def rate_limit_of(scope):
    """(count, seconds) of a rate limit in settings.RATE_LIMITS; a scope switched off (None)
    is a count never reached."""
    return limit_for(scope) or (float("inf"), 3600)


# --- screening and rate limits -------------------------------------------------------------


def rate_limited(key, count, seconds):
    """Count one hit against key; True when the window already holds `count` hits."""
    return count_hit(key, seconds) > count


def _after_public_change(pledge):
    """A change visitors may see: retire the cached pages that show the pledge (its wall's,
    never the whole site: cms.content_cache) and redraw the share card."""
    from cms.pledges.tasks import make_share_card

    pages = pages_changed_by_pledge(pledge)
    transaction.on_commit(lambda: retire_pages(pages))
    if pledge.status in PUBLIC_STATUSES:
        transaction.on_commit(lambda: make_share_card.enqueue(pledge.pk))


def _check_text(value, *, field, minimum, maximum, label):
    value = member_text(value)  # invisible and bidi characters never reach the page
    if len(value) < minimum:
        raise ValidationError(
            {
                field: _("%(label)s needs at least %(n)d characters.")
                % {"label": label, "n": minimum}
            }
        )
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("%(label)s can have at most %(n)d characters (you wrote %(count)d).")
                % {"label": label, "n": maximum, "count": len(value)}
            }
        )
    return value


def _member_or_refuse(user):
    if not user or not user.is_authenticated:
        raise PermissionDenied(_("Please sign in first."))
    member = member_of(user)
    if member is None:
        raise PermissionDenied(_("Only party members registered on this site can make pledges."))
    return member


def _lock(pledge):
    """Re-read the pledge under a row lock, so its current status decides, not a copy read
    before another request (a second moderator, a double-clicked form) changed it."""
    pledge.refresh_from_db(from_queryset=Pledge.objects.select_for_update())
    return pledge


def _own_pledge(pledge, user):
    if not user or not user.is_authenticated or pledge.author_id != user.pk:
        raise PermissionDenied(_("Only the member who made this pledge can change it."))


# --- 承诺: posting -------------------------------------------------------------------------


def post_pledge(*, wall, user, text, category, due_on):
    """Make a pledge. Returns it; pledge.flagged tells the caller it waits for review."""
    member = _member_or_refuse(user)
    today = timezone.localdate()
    if not wall.live or not wall.accepts_pledges_on(today):
        raise ValidationError(_("This pledge wall is closed and takes no new pledges."))
    text = _check_text(
        text, field="text", minimum=TEXT_MIN, maximum=TEXT_MAX, label=_("The pledge")
    )
    if category not in wall.category_list:
        raise ValidationError({"category": _("Choose one of this wall's categories.")})
    if not isinstance(due_on, datetime.date):
        raise ValidationError({"due_on": _("Give a due date.")})
    if due_on < today:
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    if due_on > today + datetime.timedelta(days=MAX_DUE_DAYS):
        raise ValidationError({"due_on": _("The due date can be at most three years ahead.")})
    hits = find_sensitive_words(text)
    publish_now = wall.moderation_mode == "after" and not hits
    with transaction.atomic():
        # The member lock: two posts sent at once cannot both pass the count.
        member_lock(member)
        held = Pledge.objects.filter(wall=wall, author=user, status__in=OPEN_STATUSES).count()
        if held >= wall.max_pledges_per_member:
            raise ValidationError(
                _(
                    "You already hold %(n)d open pledges on this wall, the "
                    "most it allows. Fulfil one first."
                )
                % {"n": held}
            )
        count, seconds = rate_limit_of("pledge_created")
        if rate_limited(f"xf:pledge-post:{user.pk}", count, seconds):
            raise ValidationError(
                _("You are posting pledges too quickly. Please try again in %(minutes)d minutes.")
                % {"minutes": max(1, seconds // 60)}
            )
        pledge = Pledge.objects.create(
            wall=wall,
            author=user,
            member_name=member_text(member.name),
            organisation=member.organisation,
            organisation_name=member.organisation.name,
            text=text,
            category=category,
            due_on=due_on,
            flagged=bool(hits),
            flagged_words="、".join(hits)[:200],
            status=PledgeStatus.APPROVED if publish_now else PledgeStatus.SUBMITTED,
        )
    if publish_now:
        _after_public_change(pledge)
    return pledge


# --- 示诺: moderation ----------------------------------------------------------------------


def _check_editor(editor, pledge=None):
    # Editors and Moderators moderate every pledge; an organisation administrator only those of
    # the members of their subtree (cms.organisation_access).
    if not editor or not (
        PLEDGE_MODERATION.user_has_permission(editor, "change")
        if pledge is None
        else PLEDGE_MODERATION.user_has_permission_for_instance(editor, "change", pledge)
    ):
        raise PermissionDenied(_("You may not moderate pledges."))


def moderate(*, pledge, editor, approve, reason=""):
    _check_editor(editor, pledge)
    reason = (reason or "").strip()
    with transaction.atomic():
        _lock(pledge)
        if approve:
            if pledge.status not in (PledgeStatus.SUBMITTED, PledgeStatus.REJECTED):
                raise ValidationError(
                    _("Only pledges awaiting review or rejected can be approved.")
                )
            if pledge.status == PledgeStatus.REJECTED:
                _check_room_to_reopen(pledge)
            pledge.status, pledge.rejection_reason = PledgeStatus.APPROVED, ""
        else:
            if pledge.status not in OPEN_STATUSES:
                raise ValidationError(_("A finished or rejected pledge cannot be rejected."))
            if not reason:
                raise ValidationError({"reason": _("Give the member a reason for the rejection.")})
            pledge.status, pledge.rejection_reason = PledgeStatus.REJECTED, reason[:500]
        pledge.moderated_by, pledge.moderated_at = editor, timezone.now()
        pledge.save(
            update_fields=[
                "status",
                "rejection_reason",
                "moderated_by",
                "moderated_at",
                "updated_at",
            ]
        )
        # After the commit: nobody hears of a decision that was rolled back.
        transaction.on_commit(
            lambda: pledge_moderated.send_robust(sender=Pledge, pledge=pledge, approved=approve)
        )
    _after_public_change(pledge)
    return pledge


def _check_room_to_reopen(pledge):
    """A rejected pledge no longer counts against its author's limit, so they may have posted
    others since; approving it again must not take them past the wall's limit."""
    # The member lock post_pledge takes: a post and this approval cannot both pass the count.
    member = Member.objects.filter(user_id=pledge.author_id).first()
    if member is not None:
        member_lock(member)
    held = (
        Pledge.objects.filter(
            wall=pledge.wall, author_id=pledge.author_id, status__in=OPEN_STATUSES
        )
        .exclude(pk=pledge.pk)
        .count()
    )
    if held >= pledge.wall.max_pledges_per_member:
        raise ValidationError(
            _(
                "%(name)s already holds %(n)d open pledges on this wall, the "
                "most it allows, so this rejected pledge cannot be approved "
                "again."
            )
            % {"name": pledge.member_name, "n": held}
        )


def bulk_moderate(*, pledges, editor, approve, reason=""):
    """Moderate several pledges; returns (done, skipped) lists, each skipped pledge with its
    skip_reason. Nothing half-done on error."""
    _check_editor(editor)
    if not approve and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the member a reason for the rejection.")})
    done, skipped = [], []
    with transaction.atomic():
        for pledge in pledges:
            try:
                done.append(moderate(pledge=pledge, editor=editor, approve=approve, reason=reason))
            except ValidationError as error:
                pledge.skip_reason = " ".join(error.messages)  # shown to the moderator
                skipped.append(pledge)
    return done, skipped


# --- 践诺 and 评诺: progress and outcome ------------------------------------------------------


def _check_clean(text, field):
    hits = find_sensitive_words(text)
    if hits:
        raise ValidationError(
            {
                field: _(
                    "This text contains words that cannot be published "
                    "(%(words)s). Please rephrase it."
                )
                % {"words": "、".join(hits)}
            }
        )


def add_progress(*, pledge, user, text, happened_on=None):
    _own_pledge(pledge, user)
    with transaction.atomic():
        _lock(pledge)
        if pledge.status not in ACTIVE_STATUSES:
            raise ValidationError(
                _("Progress can only be added to an approved pledge that is not finished.")
            )
        text = _check_text(
            text,
            field="text",
            minimum=PROGRESS_MIN,
            maximum=PROGRESS_MAX,
            label=_("The progress update"),
        )
        _check_clean(text, "text")
        today = timezone.localdate()
        happened_on = happened_on or today
        if happened_on > today:
            raise ValidationError({"happened_on": _("The date cannot be in the future.")})
        if happened_on < timezone.localtime(pledge.created_at).date():
            raise ValidationError(
                {"happened_on": _("The date cannot be before the pledge was made.")}
            )
        update = PledgeUpdate.objects.create(pledge=pledge, text=text, happened_on=happened_on)
        if pledge.status != PledgeStatus.IN_PROGRESS:
            pledge.status = PledgeStatus.IN_PROGRESS
            pledge.save(update_fields=["status", "updated_at"])
    _after_public_change(pledge)
    return update


def report_outcome(*, pledge, user, fulfilled, note=""):
    _own_pledge(pledge, user)
    with transaction.atomic():
        _lock(pledge)
        if pledge.status not in ACTIVE_STATUSES:
            raise ValidationError(
                _("Only an approved pledge that is not finished can be reported.")
            )
        note = member_text(note)
        if fulfilled:
            if len(note) > NOTE_MAX:
                raise ValidationError(
                    {
                        "note": _(
                            "%(label)s can have at most %(n)d characters (you wrote %(count)d)."
                        )
                        % {"label": _("The explanation"), "n": NOTE_MAX, "count": len(note)}
                    }
                )
        else:
            note = _check_text(
                note,
                field="note",
                minimum=NOTE_MIN,
                maximum=NOTE_MAX,
                label=_("The explanation why it was not fulfilled"),
            )
        if note:
            _check_clean(note, "note")
        pledge.status = PledgeStatus.FULFILLED if fulfilled else PledgeStatus.NOT_FULFILLED
        pledge.outcome_note, pledge.outcome_at = note, timezone.now()
        pledge.save(update_fields=["status", "outcome_note", "outcome_at", "updated_at"])
        if fulfilled:
            announce_fulfilment(pledge=pledge)
    _after_public_change(pledge)
    return pledge


def announce_fulfilment(*, pledge):
    """Tell the apps built on cms that the member reports the pledge fulfilled: their own word,
    which pays nothing until the branch confirms it (announce_confirmation)."""
    member = member_of(pledge.author)
    if member is not None:
        pledge_fulfilled.send(sender=Pledge, pledge=pledge, member=member)


def announce_confirmation(*, pledge):
    """Tell the apps built on cms that the branch confirmed a fulfilled pledge (learning pays
    its service points, once per pledge). Members only: an author without a Member row earns
    nothing."""
    member = member_of(pledge.author)
    if member is not None:
        pledge_confirmed.send(sender=Pledge, pledge=pledge, member=member)


# --- likes ---------------------------------------------------------------------------------


def like(*, pledge, user=None, visitor_key="", ip=None):
    """Like once per user or per anonymous visitor key. Returns (liked_now, like_count).

    A unique Like row decides who has liked; the counter moves with an F() update in the same
    transaction, so it stays exact however many likes arrive at once.
    """
    if pledge.status not in PUBLIC_STATUSES:
        raise ValidationError(_("This pledge is not public."))
    signed_in = bool(user and user.is_authenticated)
    if not signed_in:
        if not visitor_key:
            raise ValidationError(_("Your browser did not accept the cookie needed to like."))
        count, seconds = rate_limit_of("like_per_address")
        if ip and rate_limited(f"xf:pledge-like-ip:{ip}", count, seconds):
            raise ValidationError(
                _("Too many likes from your network. Please try again later."),
                code="throttled",
                params={"wait": seconds},
            )
    try:
        with transaction.atomic():
            PledgeLike.objects.create(
                pledge=pledge,
                user=user if signed_in else None,
                visitor_key="" if signed_in else visitor_key,
                ip_address=ip,
            )
            Pledge.objects.filter(pk=pledge.pk).update(like_count=F("like_count") + 1)
        liked_now = True
    except IntegrityError:
        liked_now = False
    return liked_now, Pledge.objects.values_list("like_count", flat=True).get(pk=pledge.pk)
