"""Background work of learning, queued through django_tasks (run by django-q2 workers)."""

import datetime

from django.utils import timezone
from django_tasks import task

# The sweep leaves events this fresh to the task their request queued.
SWEEP_AFTER = datetime.timedelta(seconds=5)


@task()
def fold_member_events(member_id):
    """Apply one member's pending progress events (queued once per burst of requests)."""
    from cms.models import Member
    from learning.services.progress import fold_pending

    member = Member.objects.filter(pk=member_id).first()
    return len(fold_pending(member)) if member else 0


def fold_all_pending(older_than=SWEEP_AFTER, limit=None):
    """Entry point of the minute schedule: applies what a lost or failed task left waiting
    (at most about `limit` events, if given)."""
    from cms.models import Member
    from learning.models import EventOutcome, ProgressEvent
    from learning.services.progress import fold_pending

    member_ids = set(
        ProgressEvent.objects.filter(
            outcome=EventOutcome.PENDING, received_at__lt=timezone.now() - older_than
        )
        .values_list("member_id", flat=True)
        .distinct()
    )
    applied = 0
    for member in Member.objects.filter(pk__in=member_ids):
        if limit is not None and applied >= limit:
            break
        applied += len(fold_pending(member, None if limit is None else limit - applied))
    return applied
