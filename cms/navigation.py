"""The site's sections: the home page and its live, public children (the index pages), read
once and kept under NAVIGATION_KEY (retired by cms.page_cache on every publish and privacy
change). The main menu shows those marked "show in menus"; the home page links each section's
"see all" to the index page of that type."""

from cms import request_memo
from cms.routing import public

NAVIGATION_KEY = "xf:navigation"
NAVIGATION_SECONDS = 300


def site_sections() -> list[dict]:
    """[{title, url, kind, in_menu}]: the live home page first, then its public children in
    tree order; `kind` is the page's class name (e.g. "StoryIndexPage")."""
    sections = request_memo.cache_get(NAVIGATION_KEY)
    if sections is None:
        from cms.models import HomePage

        home = HomePage.objects.live().first()
        sections = []
        if home:
            children = public(home.get_children().live().order_by("path"))
            sections = [
                {"title": page.title, "url": page.url, "kind": kind, "in_menu": in_menu}
                for page, kind, in_menu in [
                    (home, "HomePage", True),
                    *(
                        (page, page.specific_class.__name__, page.show_in_menus)
                        for page in children
                    ),
                ]
            ]
        request_memo.cache_set(NAVIGATION_KEY, sections, NAVIGATION_SECONDS)
    return sections
