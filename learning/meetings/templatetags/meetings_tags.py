from django import template

from learning.meetings.selectors import sessions_of_lecture

register = template.Library()


@register.inclusion_tag("meetings/_lecture_sessions.html")
def lecture_sessions(lecture):
    """The lecture's upcoming sessions on site and online (线下+线上), the same for everyone
    (the page may be cached); signing up happens on the session's own page."""
    return {"sessions": sessions_of_lecture(lecture=lecture)}
