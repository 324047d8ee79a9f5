from cms import request_memo
from cms.models import HomePage
from cms.page_cache import NAVIGATION_KEY as NAV_CACHE_KEY
from cms.routing import public


def site_navigation(request):
    """The main menu: the home page and its live, public index pages (cached; publishing and
    privacy changes clear it). The menu is the same for everyone, so a private section is left
    out even for those who may open it."""
    nav = request_memo.cache_get(NAV_CACHE_KEY)
    if nav is None:
        home = HomePage.objects.live().first()
        nav = []
        if home:
            nav = [{"title": home.title, "url": home.url}] + [
                {"title": page.title, "url": page.url}
                for page in public(home.get_children().live().in_menu())
            ]
        request_memo.cache_set(NAV_CACHE_KEY, nav, 300)
    return {"site_navigation": nav}
