"""Writes to the points ledger. Callers hold the member's study lock (StudyClock row)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import Ledger, PointsEntry, PointsReason, PointsRule

# Used when an administrator has removed a rule (the migration creates these rows).
DEFAULT_RULES = {
    PointsReason.LECTURE_COMPLETED: (Ledger.BASE, 10, 30),
    PointsReason.QUIZ_PASSED: (Ledger.BASE, 5, 20),
    PointsReason.PLEDGE_FULFILLED: (Ledger.SERVICE, 10, 20),
    PointsReason.SERVICE_TASK: (Ledger.SERVICE, 5, 20),
}


def rule_for(reason):
    rule = PointsRule.objects.filter(reason=reason).first()
    if rule is None:
        ledger, points, cap = DEFAULT_RULES[PointsReason(reason)]
        rule = PointsRule(reason=reason, ledger=ledger, points=points, daily_cap=cap)
    return rule


def day_bounds(now):
    day = timezone.localdate(now)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def award_points(member, reason, source_key, *, points=None, note="", now=None):
    """Pay points once per source key; the rule's daily cap clips the amount.

    Returns (entry, created). An entry clipped to 0 by the cap is still written, so the member
    sees why nothing was paid and the same source can never pay later.
    """
    existing = PointsEntry.objects.filter(source_key=source_key).first()
    if existing:
        return existing, False
    now = now or timezone.now()
    rule = rule_for(reason)
    amount = rule.points if points is None else points
    if rule.daily_cap is not None:
        start, end = day_bounds(now)
        earned = PointsEntry.objects.filter(
            member=member, reason=reason, created_at__gte=start, created_at__lt=end,
        ).aggregate(total=Sum("points"))["total"] or 0
        allowed = max(0, rule.daily_cap - earned)
        if amount > allowed:
            amount = allowed
            note = _("Daily cap of %(cap)s points reached") % {"cap": rule.daily_cap}
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(member=member, ledger=rule.ledger, reason=reason,
                                               points=amount, source_key=source_key, note=note)
    except IntegrityError:
        return PointsEntry.objects.get(source_key=source_key), False
    return entry, True
