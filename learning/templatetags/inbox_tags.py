"""The reminder settings form on the inbox page ({% inbox_settings member %})."""

from django import template

from learning.branch.mute_forms import MuteSettingsForm

register = template.Library()


@register.inclusion_tag("branch/_inbox_settings.html", takes_context=True)
def inbox_settings(context, member):
    return {
        "form": MuteSettingsForm(member=member),
        "messages": context.get("messages"),
        "csrf_token": context.get("csrf_token"),
    }
