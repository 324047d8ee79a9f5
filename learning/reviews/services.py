"""Writes of 民主评议 (the yearly review of members) and of the branch's side of 评诺.

Permissions follow the organisation tree (learning.branch.access): a secretary or committee
member acts on the reviews and pledges of their subtree only (Http404 elsewhere, so another
subtree is never confirmed to exist); a member acts on their own participation only.
Refusals are ValidationError (Chinese, by field where there is one), PermissionDenied, Http404.
"""

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Member, Pledge
from cms.pledges.verdicts import pledge_branch_review
from learning.branch.access import organisation_for, organisations_visible_to
from learning.inbox import inbox_send
from learning.models import MessageKind
from learning.reviews.models import (
    Grade,
    Participant,
    PeerTally,
    RatingMark,
    Review,
    ReviewStatus,
)
from xianfeng.text import strip_invisible

SELF_MIN, SELF_MAX = 10, 2000
OPINION_MAX = 1000


def _text(value, *, field, minimum, maximum, label):
    value = strip_invisible(value or "").strip()
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


def _grade(value, field="grade"):
    if value not in Grade.values:
        raise ValidationError({field: _("Choose one of the four grades.")})
    return value


def review_for_secretary(*, user, review_id, lock=False) -> Review:
    """The review if its organisation lies in the user's subtree; else Http404."""
    queryset = Review.objects.select_related("organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    review = queryset.filter(pk=review_id).first()
    if review is None:
        raise Http404(_("There is no such review."))
    organisation_for(user, review.organisation_id)  # 403 without a workspace, 404 outside
    return review


def _own_participant(user, review_id) -> Participant:
    participant = (
        Participant.objects.select_related("review", "member")
        .filter(review_id=review_id, member__user_id=getattr(user, "pk", None))
        .first()
    )
    if participant is None:
        raise Http404(_("There is no such review."))
    return participant


def _must_be(review, status, message):
    if review.status != status:
        raise ValidationError(message)


# --- a review's stages -------------------------------------------------------------------


def review_open(*, user, organisation_id, year: int) -> Review:
    """Open the year's review for an organisation: every member of its subtree takes part."""
    organisation = organisation_for(user, organisation_id)
    today = timezone.localdate()
    if not isinstance(year, int) or not (2000 <= year <= today.year + 1):
        raise ValidationError({"year": _("Give a year between 2000 and next year.")})
    # A member is reviewed once a year: no review of this node, above it or below it.
    for other in Review.objects.filter(year=year).select_related("organisation"):
        if other.organisation.path.startswith(organisation.path) or organisation.path.startswith(
            other.organisation.path
        ):
            raise ValidationError(
                _("%(name)s already has a review for %(year)d that includes these members.")
                % {"name": other.organisation.name, "year": year}
            )
    member_ids = list(
        Member.objects.filter(organisation__path__startswith=organisation.path).values_list(
            "pk", flat=True
        )
    )
    if len(member_ids) < 2:
        raise ValidationError(_("A review needs at least two members to rate each other."))
    with transaction.atomic():
        try:
            review = Review.objects.create(
                organisation=organisation, year=year, opened_by=user, opened_on=today
            )
        except IntegrityError:
            raise ValidationError(
                _("This organisation already has a review for that year.")
            ) from None
        participants = Participant.objects.bulk_create(
            [Participant(review=review, member_id=pk) for pk in member_ids]
        )
        tallies = [
            PeerTally(review=review, ratee=participant, grade=grade)
            for participant in participants
            for grade in Grade.values
        ]
        random.shuffle(tallies)  # their order (and random ids) say nothing about anyone
        PeerTally.objects.bulk_create(tallies)
        url = reverse("reviews:mine")
        transaction.on_commit(
            lambda: inbox_send(
                member_ids=member_ids,
                kind=MessageKind.REVIEW,
                title=_("The %(year)d member review has opened") % {"year": year},
                body=_(
                    "Please write your self-assessment and rate each colleague (优秀, 合格, "
                    "基本合格 or 不合格). Your ratings are anonymous."
                ),
                url=url,
                cause_key=f"review-open:{review.pk}",
            )
        )
    return review


def review_close(*, user, review_id) -> Review:
    """End self-assessment and peer rating; the committee now sees the peer counts."""
    with transaction.atomic():
        review = review_for_secretary(user=user, review_id=review_id, lock=True)
        _must_be(review, ReviewStatus.OPEN, _("Only a review in its rating stage can be closed."))
        review.status, review.closed_on = ReviewStatus.CLOSED, timezone.localdate()
        review.save(update_fields=["status", "closed_on"])
    return review


def review_finish(*, user, review_id) -> Review:
    """Publish the final grades: each member sees their own (and is told)."""
    with transaction.atomic():
        review = review_for_secretary(user=user, review_id=review_id, lock=True)
        _must_be(review, ReviewStatus.CLOSED, _("Results can be published once rating has closed."))
        missing = review.participants.filter(final_grade="").count()
        if missing:
            raise ValidationError(
                _("%(n)d members have no final grade yet.") % {"n": missing}, code="incomplete"
            )
        review.status, review.finished_on = ReviewStatus.FINISHED, timezone.localdate()
        review.save(update_fields=["status", "finished_on"])
        member_ids = list(review.participants.values_list("member_id", flat=True))
        transaction.on_commit(
            lambda: inbox_send(
                member_ids=member_ids,
                kind=MessageKind.REVIEW,
                title=_("Your %(year)d member review result is out") % {"year": review.year},
                body=_("The branch committee has given its opinion and your final grade."),
                url=reverse("reviews:mine"),
                cause_key=f"review-result:{review.pk}",
            )
        )
    return review


def participant_grade(*, user, participant_id, grade, opinion="") -> Participant:
    """The committee's opinion and final grade for one member (after rating has closed)."""
    participant = (
        Participant.objects.select_related("review", "member").filter(pk=participant_id).first()
    )
    if participant is None:
        raise Http404(_("There is no such member in this review."))
    with transaction.atomic():
        review = review_for_secretary(user=user, review_id=participant.review_id, lock=True)
        _must_be(
            review,
            ReviewStatus.CLOSED,
            _("Final grades are given after rating has closed and before publication."),
        )
        if participant.member.user_id == user.pk:
            raise PermissionDenied(_("Your own grade is given by the committee above you."))
        participant.final_grade = _grade(grade)
        participant.committee_opinion = _text(
            opinion, field="opinion", minimum=0, maximum=OPINION_MAX, label=_("The opinion")
        )
        participant.graded_by = user
        participant.save(update_fields=["final_grade", "committee_opinion", "graded_by"])
    return participant


# --- a member's part -----------------------------------------------------------------------


def self_assessment_submit(*, user, review_id, text) -> Participant:
    participant = _own_participant(user, review_id)
    _must_be(
        participant.review,
        ReviewStatus.OPEN,
        _("Self-assessments can only be written while the review is open."),
    )
    participant.self_assessment = _text(
        text, field="text", minimum=SELF_MIN, maximum=SELF_MAX, label=_("The self-assessment")
    )
    participant.self_assessed_on = timezone.localdate()
    participant.save(update_fields=["self_assessment", "self_assessed_on"])
    return participant


def rating_submit(*, user, review_id, ratee_id, grade) -> None:
    """Rate one colleague, once. Returns nothing: not even the caller learns a row's id.

    The mark (that the rater rated the ratee) and the counter move in one transaction; the
    counter moves by one UPDATE over every tally row of the review, so each rating rewrites
    the same rows in the same way (models.py explains why)."""
    rater = _own_participant(user, review_id)
    grade = _grade(grade)
    with transaction.atomic():
        # The review row locked: a rating never lands after the review closed, and ratings of
        # one review are written one after another.
        review = Review.objects.select_for_update().get(pk=rater.review_id)
        _must_be(review, ReviewStatus.OPEN, _("Rating is closed for this review."))
        ratee = Participant.objects.filter(review=review, pk=ratee_id).first()
        if ratee is None:
            raise ValidationError({"ratee": _("This colleague is not in this review.")})
        if ratee.pk == rater.pk:
            raise ValidationError({"ratee": _("You do not rate yourself.")})
        try:
            with transaction.atomic():
                RatingMark.objects.create(review=review, rater=rater, ratee=ratee)
        except IntegrityError:
            raise ValidationError(
                {"ratee": _("You have already rated this colleague.")}, code="already_rated"
            ) from None
        PeerTally.objects.filter(review=review).update(
            count=F("count") + Case(When(ratee=ratee, grade=grade, then=Value(1)), default=Value(0))
        )


# --- 评诺: the branch's review of a pledge -------------------------------------------------


def pledge_for_secretary(*, user, pledge_id):
    """A pledge reported on by a member of the user's subtree; else Http404."""
    organisation_for(user)  # 403 without a workspace
    pledge = (
        Pledge.objects.select_related("wall", "organisation")
        .filter(pk=pledge_id, organisation__in=organisations_visible_to(user))
        .first()
    )
    if pledge is None:
        raise Http404(_("No such pledge."))
    return pledge


def pledge_review(*, user, pledge_id, confirmed: bool, note="") -> Pledge:
    """Confirm or dispute a member's report; a confirmed fulfilled pledge pays its points."""
    pledge = pledge_for_secretary(user=user, pledge_id=pledge_id)
    return pledge_branch_review(pledge=pledge, reviewer=user, confirmed=confirmed, note=note)
