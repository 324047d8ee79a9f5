"""The header's inbox link: the signed-in member's unread count (one indexed COUNT), and
whether to show the branch workspace link."""

from django import template

from learning.branch.access import may_use_workspace

register = template.Library()


@register.simple_tag(takes_context=True)
def account_extras(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread": 0, "member": False, "workspace": False}
    member = getattr(user, "member", None)
    unread = 0
    if member is not None:
        from learning.models import InboxMessage

        unread = InboxMessage.objects.filter(member=member, read_at__isnull=True).count()
    return {"unread": unread, "member": member is not None, "workspace": may_use_workspace(user)}
