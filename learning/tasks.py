"""Background work of learning, queued through django_tasks (run by django-q2 workers)."""

import datetime

from django.utils import timezone
from django_tasks import task

# The sweep leaves events this fresh to the task their request queued.
SWEEP_AFTER = datetime.timedelta(seconds=5)


@task()
def fold_member_events(member_id):
    """Apply one member's pending progress events (queued once per burst of requests)."""
    from learning.services.progress import fold_members

    return fold_members([member_id])


def fold_all_pending(older_than=SWEEP_AFTER, limit=None):
    """Entry point of the minute schedule: applies what a lost or failed task left waiting
    (at most about `limit` events, if given), many members per transaction."""
    from learning.models import EventOutcome, ProgressEvent
    from learning.services.progress import fold_members

    member_ids = set(
        ProgressEvent.objects.filter(
            outcome=EventOutcome.PENDING, received_at__lt=timezone.now() - older_than
        )
        .values_list("member_id", flat=True)
        .distinct()
    )
    return fold_members(member_ids, limit=limit)
