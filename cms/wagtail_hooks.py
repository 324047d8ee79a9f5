from django.utils.translation import pgettext
from wagtail import hooks

from cms.admin_views import OrganisationViewSet
from cms.organisation_admin_views import OrganisationAdministratorViewSet
from cms.page_cache import mark_cacheable


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")


@hooks.register("register_admin_viewset")
def register_organisation_administrator_viewset():
    return OrganisationAdministratorViewSet("organisation-administrators")


@hooks.register("construct_help_menu")
def drop_english_only_help(request, menu_items):
    # Wagtail's release notes and editor guide exist in English only, on wagtail.org; they
    # would also badge the menu with "new items" until each editor dismissed them.
    english_only = ("editor-guide", "whats-new-in-wagtail-")
    menu_items[:] = [item for item in menu_items if not item.name.startswith(english_only)]


@hooks.register("construct_main_menu")
def name_pages_menu(request, menu_items):
    # The plain msgid "Pages" is our pagination's 分页; the page tree's menu item is 页面.
    for item in menu_items:
        if item.name == "explorer":
            item.label = pgettext("admin menu", "Pages")


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    # Only public pages served to anonymous visitors may be shared from the cache.
    if not request.user.is_authenticated and not page.get_view_restrictions().exists():
        mark_cacheable(request, page)


from cms import signin_admin  # noqa: E402,F401 - 登录锁定 (locked sign-ins, unlock)
from cms.host_organisations import admin as host_admin  # noqa: E402,F401 - 流动党员 screen
from cms.importer import admin as importer_admin  # noqa: E402,F401 - registers the import screen
from cms.pledges import wagtail_hooks as pledge_hooks  # noqa: E402,F401 - moderation queue, sensitive words
