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


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    # Only public pages served to anonymous visitors may be shared from the cache.
    if not request.user.is_authenticated and not page.get_view_restrictions().exists():
        mark_cacheable(request, page)


from cms import signin_admin  # noqa: E402,F401 - 登录锁定 (locked sign-ins, unlock)
from cms.host_organisations import admin as host_admin  # noqa: E402,F401 - 流动党员 screen
from cms.importer import admin as importer_admin  # noqa: E402,F401 - registers the import screen
from cms.pledges import wagtail_hooks as pledge_hooks  # noqa: E402,F401 - moderation queue, sensitive words
