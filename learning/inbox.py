"""The one way other domains put a message in members' inboxes (meetings, service tasks,
residents' messages, selections, reviews, host organisations).

`inbox_send` writes one message per member and cause (a repeated send reaches nobody twice),
leaves out members who muted a mutable kind (unless their organisation makes it mandatory),
recounts their header badges and has the messages emailed in the background after commit.
"""

from django.db import transaction

from learning.branch.mutes import Delivery
from learning.branch.services import inbox_badge_forget
from learning.models import InboxMessage, MessageKind


def inbox_send(
    *,
    member_ids,
    kind: MessageKind | str,
    title: str,
    body: str = "",
    url: str = "",
    cause_key: str,
) -> int:
    """One message per member about one cause; returns how many members it newly reached."""
    from cms.models import Member

    member_ids = set(member_ids)
    if not member_ids:
        return 0
    kept = Member.objects.filter(pk__in=member_ids).filter(Delivery.load().keep(kind))
    recipients = list(kept.values_list("pk", flat=True))
    already = set(
        InboxMessage.objects.filter(member_id__in=recipients, cause_key=cause_key).values_list(
            "member_id", flat=True
        )
    )
    messages = [
        InboxMessage(
            member_id=member_id,
            kind=kind,
            title=title[:200],
            body=body,
            url=url[:300],
            cause_key=cause_key[:120],
        )
        for member_id in recipients
        if member_id not in already
    ]
    InboxMessage.objects.bulk_create(messages, batch_size=1000, ignore_conflicts=True)
    reached = {message.member_id for message in messages}
    if reached:
        from learning.branch.tasks import inbox_email

        transaction.on_commit(lambda: inbox_badge_forget(member_ids=reached))
        transaction.on_commit(inbox_email.enqueue)
    return len(reached)
