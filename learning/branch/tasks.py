"""Background work of the workspace (django_tasks, run by django-q2 workers)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
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
