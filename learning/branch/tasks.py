"""Background work of the workspace (django_tasks, run by django-q2 workers)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def reminder_email(reminder_id):
    """Email a reminder's messages to the members who have an address; each message once
    (emailed_at), so a retried or repeated task sends nothing twice."""
    from learning.models import InboxMessage

    sent = 0
    pending = InboxMessage.objects.filter(
        reminder_id=reminder_id, emailed_at__isnull=True
    ).select_related("member__user")
    for message in pending.iterator():
        address = message.member.user.email
        if not address:
            continue
        try:
            send_mail(
                message.title,
                f"{message.member.name}：\n\n{message.body}\n\n{settings.WAGTAILADMIN_BASE_URL}{message.url}",
                None,
                [address],
            )
        except OSError:  # no mail server reachable: the inbox still has it
            logger.warning("Reminder %s: could not email member %s", reminder_id, message.member_id)
            continue
        InboxMessage.objects.filter(pk=message.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


# Scheduled messages are emailed this long after they were made, no later.
INBOX_EMAIL_WITHIN = datetime.timedelta(days=3)


@task()
def inbox_email():
    """Email the inbox messages of the emailed kinds (scheduled reminders, review results,
    meeting notices and the other domains' messages: EMAILED_KINDS) not
    emailed yet. Each message is claimed first (emailed_at set by an UPDATE only one worker
    can win), so two tasks at once, or a repeated one, send nothing twice; a failed send gives
    the claim back for the next run."""
    from learning.models import EMAILED_KINDS, InboxMessage

    now = timezone.now()
    pending = (
        InboxMessage.objects.filter(
            kind__in=EMAILED_KINDS,
            emailed_at__isnull=True,
            created_at__gte=now - INBOX_EMAIL_WITHIN,
        )
        .exclude(member__user__email="")
        .select_related("member__user")
        .order_by("pk")
    )
    sent, last = 0, 0
    connection = get_connection()
    # In batches by primary key: the claims below write to the rows being read.
    while batch := list(pending.filter(pk__gt=last)[:500]):
        last = batch[-1].pk
        sent += sum(email_claimed(message, connection) for message in batch)
    return sent


def email_claimed(message, connection) -> bool:
    """Send one message if this task wins its claim."""
    from learning.models import InboxMessage

    claimed = InboxMessage.objects.filter(pk=message.pk, emailed_at__isnull=True)
    if not claimed.update(emailed_at=timezone.now()):
        return False  # another task has it
    try:
        EmailMessage(
            message.title,
            f"{message.member.name}：\n\n{message.body}\n\n"
            f"{settings.WAGTAILADMIN_BASE_URL}{message.url}",
            to=[message.member.user.email],
            connection=connection,
        ).send()
    except OSError:  # no mail server reachable: the inbox still has it; retried later
        logger.warning("Inbox message %s: could not email member %s", message.pk, message.member_id)
        InboxMessage.objects.filter(pk=message.pk).update(emailed_at=None)
        return False
    return True
