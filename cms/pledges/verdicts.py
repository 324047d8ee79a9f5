"""评诺 (reviewing pledges): the branch's confirmation of a member's report, and residents'
ratings of a fulfilled pledge. Points are paid on the branch's confirmation (pledge_confirmed,
which learning handles), never on the member's own report."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.pledges.models import (
    BranchVerdict,
    CommentStatus,
    Pledge,
    PledgeRating,
    PledgeStatus,
)
from cms.pledges.screening import member_text
from cms.pledges.services import (
    NOTE_MAX,
    NOTE_MIN,
    _after_public_change,
    _check_editor,
    _check_text,
    _lock,
    announce_confirmation,
    rate_limit_of,
    rate_limited,
)
from cms.pledges.signals import pledge_reviewed

RATING_COMMENT_MAX = 200


def pledge_branch_review(*, pledge, reviewer, confirmed, note=""):
    """The branch confirms or disputes the member's report (fulfilled or not), with a note.

    Who may review is the caller's to decide by the organisation tree (learning.reviews asks
    the branch workspace's access rule: cms knows no secretaries' reach). A confirmation is
    final; a dispute may later be confirmed (the member explained). Confirming a fulfilled
    pledge pays its points (pledge_confirmed), once."""
    note = member_text(note)
    with transaction.atomic():
        _lock(pledge)
        if pledge.status not in (PledgeStatus.FULFILLED, PledgeStatus.NOT_FULFILLED):
            raise ValidationError(
                _("Only a pledge whose member has reported the outcome can be reviewed.")
            )
        if pledge.branch_verdict == BranchVerdict.CONFIRMED:
            raise ValidationError(_("This pledge has already been confirmed."))
        if confirmed:
            if len(note) > NOTE_MAX:
                raise ValidationError(
                    {"note": _("The note can have at most %(n)d characters.") % {"n": NOTE_MAX}}
                )
        else:
            note = _check_text(
                note,
                field="note",
                minimum=NOTE_MIN,
                maximum=NOTE_MAX,
                label=_("The reason for disputing"),
            )
        pledge.branch_verdict = BranchVerdict.CONFIRMED if confirmed else BranchVerdict.DISPUTED
        pledge.branch_note = note
        pledge.branch_reviewed_by, pledge.branch_reviewed_at = reviewer, timezone.now()
        pledge.save(
            update_fields=[
                "branch_verdict",
                "branch_note",
                "branch_reviewed_by",
                "branch_reviewed_at",
                "updated_at",
            ]
        )
        if confirmed and pledge.status == PledgeStatus.FULFILLED:
            announce_confirmation(pledge=pledge)
        transaction.on_commit(lambda: pledge_reviewed.send_robust(sender=Pledge, pledge=pledge))
    _after_public_change(pledge)
    return pledge


def pledge_rating_create(*, pledge, visitor_key, satisfied, comment="", ip=None):
    """A resident rates a fulfilled pledge, once per visitor key; limited per address. The
    counts on the wall move at once; a comment waits for moderation before it is shown."""
    if pledge.status != PledgeStatus.FULFILLED or not pledge.is_public:
        raise ValidationError(_("Only a fulfilled pledge can be rated."))
    if not visitor_key:
        raise ValidationError(_("Your browser did not accept the cookie needed to rate."))
    comment = member_text(comment or "")
    if len(comment) > RATING_COMMENT_MAX:
        raise ValidationError(
            {
                "comment": _("%(label)s can have at most %(n)d characters (you wrote %(count)d).")
                % {"label": _("The comment"), "n": RATING_COMMENT_MAX, "count": len(comment)}
            }
        )
    count, seconds = rate_limit_of("pledge_rating_per_address")
    if ip and rate_limited(f"xf:pledge-rating-ip:{ip}", count, seconds):
        raise ValidationError(
            _("Too many ratings from your network. Please try again later."),
            code="throttled",
            params={"wait": seconds},
        )
    counter = "residents_satisfied" if satisfied else "residents_unsatisfied"
    try:
        with transaction.atomic():
            rating = PledgeRating.objects.create(
                pledge=pledge,
                satisfied=bool(satisfied),
                comment=comment,
                comment_status=CommentStatus.PENDING if comment else CommentStatus.NONE,
                visitor_key=visitor_key,
                ip_address=ip,
            )
            Pledge.objects.filter(pk=pledge.pk).update(**{counter: F(counter) + 1})
    except IntegrityError:
        raise ValidationError(_("You have already rated this pledge. Thank you!")) from None
    _after_public_change(pledge)
    return rating


def pledge_rating_moderate(*, rating, editor, approve):
    """Show (approve) or hide a resident's comment; the rating itself still counts."""
    _check_editor(editor, rating.pledge)
    if rating.comment_status == CommentStatus.NONE:
        raise ValidationError(_("This rating has no comment to moderate."))
    rating.comment_status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    rating.moderated_by, rating.moderated_at = editor, timezone.now()
    rating.save(update_fields=["comment_status", "moderated_by", "moderated_at"])
    _after_public_change(rating.pledge)
    return rating
