"""Template filters of the study pages."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def minutes(seconds):
    """A duration in whole minutes for people, e.g. "约 12 分钟" (rounded up)."""
    count = max(1, -(-int(seconds or 0) // 60))
    return ngettext("about %(n)d minute", "about %(n)d minutes", count) % {"n": count}
