"""Writes to the points ledger, which is append-only: an entry is never changed or deleted;
a correction is a new entry that reverses it. award_points takes the member lock
(cms.services.member_lock) itself, so daily caps hold whoever pays: study, quizzes, pledges."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.services import member_lock
from learning.models import Ledger, PointsEntry, PointsReason, PointsRule
from learning.services.errors import StudyError

# Used when an administrator has removed a rule (the migration creates these rows).
DEFAULT_RULES = {
    PointsReason.LECTURE_COMPLETED: (Ledger.BASE, 10, 30),
    PointsReason.QUIZ_PASSED: (Ledger.BASE, 5, 20),
    PointsReason.PLEDGE_FULFILLED: (Ledger.SERVICE, 10, 20),
    PointsReason.SERVICE_TASK: (Ledger.SERVICE, 5, 20),
    PointsReason.MEETING_ATTENDED: (Ledger.BASE, 2, 10),
    # As 学习强国 pays for articles: a point a story, a few stories a day.
    PointsReason.STORY_READ: (Ledger.BASE, 1, 6),
}
# Yearly caps (积分制管理: per reason and calendar year) used when a rule's row is missing.
DEFAULT_YEARLY_CAPS = {PointsReason.MEETING_ATTENDED: 100}


def rule_for(reason):
    rule = PointsRule.objects.filter(reason=reason).first()
    if rule is None:
        ledger, points, cap = DEFAULT_RULES[PointsReason(reason)]
        rule = PointsRule(
            reason=reason,
            ledger=ledger,
            points=points,
            daily_cap=cap,
            yearly_cap=DEFAULT_YEARLY_CAPS.get(PointsReason(reason)),
        )
    return rule


def day_bounds(now):
    day = timezone.localdate(now)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def year_bounds(now):
    """The local calendar year around `now`: [1 January 00:00, next 1 January 00:00)."""
    year = timezone.localdate(now).year
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def _earned(member, reason, start, end):
    # An entry since reversed did not earn its points, so it does not use up a cap.
    return (
        PointsEntry.objects.filter(
            member=member,
            reason=reason,
            created_at__gte=start,
            created_at__lt=end,
            reversal__isnull=True,
        ).aggregate(total=Sum("points"))["total"]
        or 0
    )


def award_points(member, reason, source_key, *, points=None, note="", now=None):
    """Pay points once per source key; the rule's daily and yearly caps clip the amount.

    Returns (entry, created). An entry clipped to 0 by the cap is still written, so the member
    sees why nothing was paid and the same source can never pay later.
    """
    existing = PointsEntry.objects.filter(source_key=source_key).first()
    if existing:
        return existing, False
    with transaction.atomic():
        # The cap is read and the entry written under the member lock: two awards at once
        # cannot both see room under the cap.
        member_lock(member)
        return _award_points_locked(member, reason, source_key, points=points, note=note, now=now)


def _award_points_locked(member, reason, source_key, *, points, note, now):
    now = now or timezone.now()
    rule = rule_for(reason)
    amount = rule.points if points is None else points
    if rule.daily_cap is not None:
        allowed = max(0, rule.daily_cap - _earned(member, reason, *day_bounds(now)))
        if amount > allowed:
            amount = allowed
            note = _("Daily cap of %(cap)s points reached") % {"cap": rule.daily_cap}
    if rule.yearly_cap is not None:
        allowed = max(0, rule.yearly_cap - _earned(member, reason, *year_bounds(now)))
        if amount > allowed:
            amount = allowed
            note = _("Yearly cap of %(cap)s points reached") % {"cap": rule.yearly_cap}
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(
                member=member,
                ledger=rule.ledger,
                reason=reason,
                points=amount,
                source_key=source_key,
                note=note,
            )
    except IntegrityError:
        return PointsEntry.objects.get(source_key=source_key), False
    return entry, True


REVERSE_PERMISSION = "learning.reverse_pointsentry"


def can_reverse_points(user):
    return bool(
        user and user.is_active and (user.is_superuser or user.has_perm(REVERSE_PERMISSION))
    )


def points_entry_reverse(*, entry: PointsEntry, reason: str, by) -> PointsEntry:
    """Cancel `entry` with a new entry of the opposite points, made by an administrator.

    The reason is stored as the new entry's note and shown in the member's record. An entry
    is reversed at most once (PointsEntry.reverses is one-to-one), and a correction itself
    is never reversed: a wrong correction is fixed by a new award, not by undoing.
    """
    reason = " ".join((reason or "").split())
    if not can_reverse_points(by):
        raise StudyError("forbidden", _("Only an administrator can correct points."))
    if not reason:
        raise StudyError("reason_required", _("Give the reason for the correction."))
    if len(reason) > PointsEntry._meta.get_field("note").max_length:
        raise StudyError("reason_too_long", _("Keep the reason under 200 characters."))
    with transaction.atomic():
        entry = PointsEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.reverses_id is not None:
            raise StudyError("is_correction", _("A correction cannot itself be reversed."))
        if PointsEntry.objects.filter(reverses=entry).exists():
            raise StudyError("already_reversed", _("This entry has already been reversed."))
        try:
            with transaction.atomic():
                return PointsEntry.objects.create(
                    member_id=entry.member_id,
                    ledger=entry.ledger,
                    reason=PointsReason.REVERSAL,
                    points=-entry.points,
                    source_key=f"reversal:{entry.pk}",
                    note=reason,
                    reverses=entry,
                    created_by=by,
                )
        except IntegrityError:  # a concurrent reversal won
            raise StudyError(
                "already_reversed", _("This entry has already been reversed.")
            ) from None
