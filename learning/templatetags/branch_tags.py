"""The header's inbox link with the unread count, and the branch workspace link.

Kept in the default cache per user (INBOX_BADGE_SECONDS), so the header of a repeat view
makes no query: a reminder and marking messages read forget the users they touch
(learning.branch.services.inbox_badge_forget). Whether the workspace link shows may lag a
role change by that long; the workspace itself always checks afresh."""

from django import template
from django.core.cache import cache

from cms.members import member_of
from learning.branch.access import may_use_workspace

register = template.Library()

INBOX_BADGE_SECONDS = 300
NOBODY = {"unread": 0, "member": False, "workspace": False}


def inbox_badge_key(user_id):
    return f"xf:inbox-badge:{user_id}"


@register.simple_tag(takes_context=True)
def account_extras(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NOBODY
    key = inbox_badge_key(user.pk)
    badge = cache.get(key)
    if badge is None:
        from learning.models import InboxMessage

        member = member_of(user)
        badge = {
            "unread": InboxMessage.objects.filter(member=member, read_at__isnull=True).count()
            if member is not None
            else 0,
            "member": member is not None,
            "workspace": may_use_workspace(user),
        }
        cache.set(key, badge, INBOX_BADGE_SECONDS)
    return badge
