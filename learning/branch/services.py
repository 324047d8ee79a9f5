"""Writes of the workspace: a secretary's reminder to the members behind in a view, and a
member marking inbox messages read."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Member
from learning.branch.scope import BranchView
from learning.branch.selectors import Status, member_rows
from learning.models import InboxMessage, MessageKind, Reminder
from learning.templatetags.branch_tags import inbox_badge_key

logger = logging.getLogger(__name__)

# Statuses a reminder may reach: never members who are done.
BEHIND = set(Status.SELECTS[Status.BEHIND])


def reminder_statuses(status: str) -> tuple:
    """The statuses of the view that are behind (none for a view of completed members)."""
    wanted = Status.SELECTS.get(status) if status else Status.SELECTS[Status.BEHIND]
    return tuple(s for s in wanted if s in BEHIND)


@transaction.atomic
def reminder_send(*, view: BranchView, sent_by, now=None) -> Reminder:
    """Remind every member behind in the view: one inbox message per member and lecture.

    Once per member, lecture and day (the message's cause), so a second click, or a second
    secretary over the same members, reaches nobody twice; the log records how many it
    newly reached. Email goes out after the commit, in the background."""
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    statuses = reminder_statuses(view.status)
    reminder = Reminder.objects.create(
        sent_by=sent_by,
        organisation=view.organisation,
        lecture_id=view.lecture_id,
        view=view.query(),
    )
    if not statuses:
        return reminder
    rows = member_rows(**{**view.selector_filters(), "status": None}, now=now)
    study_urls = {}
    messages = []
    for row in rows.iterator():
        if row["status"] not in statuses:
            continue
        lecture_id = row["lecture_id"]
        if lecture_id not in study_urls:
            study_urls[lecture_id] = reverse("learning:study", args=[lecture_id])
        due = row["due_on"].isoformat()
        if row["status"] == Status.OVERDUE:
            body = _(
                "“%(title)s” was due on %(due)s and is not completed yet. Please study it soon."
            )
        else:
            body = _("“%(title)s” is due on %(due)s. Please complete it in time.")
        messages.append(
            InboxMessage(
                member_id=row["member_id"],
                kind=MessageKind.REMINDER,
                title=_("Reminder: %(title)s") % {"title": row["lecture_title"]},
                body=body % {"title": row["lecture_title"], "due": due},
                url=study_urls[lecture_id],
                reminder=reminder,
                cause_key=f"reminder:lecture:{lecture_id}:{day}",
            )
        )
    InboxMessage.objects.bulk_create(messages, batch_size=1000, ignore_conflicts=True)
    transaction.on_commit(
        lambda: inbox_badge_forget(member_ids={message.member_id for message in messages})
    )
    reminder.recipients = InboxMessage.objects.filter(reminder=reminder).count()
    reminder.save(update_fields=["recipients"])
    logger.info(
        "Reminder %s by user %s over organisation %s (%s): %d members",
        reminder.pk,
        getattr(sent_by, "pk", None),
        view.organisation.pk,
        view.query(),
        reminder.recipients,
    )
    if reminder.recipients:
        from learning.branch.tasks import reminder_email

        transaction.on_commit(lambda: reminder_email.enqueue(reminder.pk))
    return reminder


def inbox_mark_read(*, member, message_ids=None, now=None) -> int:
    """Mark the member's unread messages read (all, or those ids); returns how many."""
    unread = InboxMessage.objects.filter(member=member, read_at__isnull=True)
    if message_ids is not None:
        unread = unread.filter(pk__in=message_ids)
    count = unread.update(read_at=now or timezone.now())
    cache.delete(inbox_badge_key(member.user_id))
    return count


def inbox_badge_forget(*, member_ids) -> None:
    """The header's unread counts of these members are recounted on their next page."""
    user_ids = Member.objects.filter(pk__in=member_ids).values_list("user_id", flat=True)
    cache.delete_many([inbox_badge_key(user_id) for user_id in user_ids.iterator()])
