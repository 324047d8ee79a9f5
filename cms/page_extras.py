"""Extras other domains add to cms pages, without cms importing them.

cms owns the hook name and the places (slots) a page offers; a higher layer registers a
function that returns what to show there, or None. The page template has one line per slot:

    {% load xf_extras %}{% page_extras "home" %}

and a domain fills it from its own code (e.g. learning's 今日学习 panel and story reading clock):

    @hooks.register(PAGE_EXTRAS)
    def today_panel(*, slot, request, page):
        if slot != "home" or not request.user.is_authenticated:
            return None
        return Extra(template="learning/today_panel.html", context={...})

Slots: "home" (the home page, above its sections), "story" (below a story's text).

What a hook returns is personal (it may depend on the user), so a slot sits outside any
{% contentcache %} block; pages served from the anonymous page cache were rendered for a
visitor, so a hook must return None for anonymous visitors unless what it shows is the same
for every visitor. Hooks run in the request, so they must be cheap.
"""

from dataclasses import dataclass, field

from wagtail import hooks

PAGE_EXTRAS = "xf_page_extras"
SLOTS = ("home", "story")


@dataclass(frozen=True)
class Extra:
    template: str
    context: dict = field(default_factory=dict)


def page_extras(*, slot: str, request, page) -> list[Extra]:
    """What the registered hooks show in `slot` of `page` for this request, in hook order."""
    if slot not in SLOTS:
        raise ValueError(f"unknown page slot {slot!r}")
    if request is None or getattr(request, "is_preview", False):
        return []
    extras = (fn(slot=slot, request=request, page=page) for fn in hooks.get_hooks(PAGE_EXTRAS))
    return [extra for extra in extras if extra is not None]
