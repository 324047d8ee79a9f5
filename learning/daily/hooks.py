"""Where the daily study home shows: the 今日学习 panel on the home page (cms slot "home")
and at the top of the member's own sections on /me/, and the reading clock under a story
(cms slot "story"). Signed-in members only: visitors get nothing, so the anonymous page
cache (cms.page_cache) keeps serving the same page to every visitor."""

from django.middleware.csrf import get_token
from django.urls import reverse
from wagtail import hooks

from cms.page_extras import PAGE_EXTRAS, Extra
from cms.routing import viewable_by
from learning.daily.reading import story_reading_state
from learning.daily.today import today_panel
from learning.sections import MEMBER_RECORD_SECTION, Section
from learning.selectors import member_for


def _member(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return member_for(user)


@hooks.register(PAGE_EXTRAS)
def today_on_home(*, slot, request, page):
    if slot != "home":
        return None
    member = _member(request)
    if member is None:
        return None
    from learning.services.progress import fold_pending

    fold_pending(member)  # the panel shows the member's own latest reports
    return Extra(template="learning/today_panel.html", context={"today": today_panel(member)})


@hooks.register(PAGE_EXTRAS)
def reading_clock_on_story(*, slot, request, page):
    if slot != "story" or page is None:
        return None
    member = _member(request)
    if member is None or not page.live or not viewable_by(page, request):
        return None
    return Extra(
        template="learning/today_reading.html",
        context={
            "reading": story_reading_state(member=member, story=page),
            "reading_url": reverse("learning-api:reading"),
            "csrf_token_value": get_token(request),
        },
    )


@hooks.register(MEMBER_RECORD_SECTION, order=-10)
def today_on_record(*, member):
    return Section(
        key="today",
        title="",
        template="learning/today_record_section.html",
        context={"today": today_panel(member)},
    )
