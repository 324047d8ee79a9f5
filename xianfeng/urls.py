from django.conf import settings
from django.contrib import admin as django_admin
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from xianfeng.api import api_not_found, api_router, page_not_found
from xianfeng.health import healthz

urlpatterns = [
    path("django-admin/", django_admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/learning/", include("learning.api_urls")),
    path("api/pledges/", include("cms.pledges.api_urls")),
    path("api/search/", include("search.api_urls")),
    path("api/branch/", include("learning.branch.api_urls")),
    path("api/inbox/", include("learning.branch.inbox_api")),
    path("api/meetings/", include("learning.meetings.api_urls")),
    path("api/service/", include("learning.service_tasks.api_urls")),
    path("api/residents/", include("learning.residents.api_urls")),
    path("api/selections/", include("learning.selections.api_urls")),
    path("api/reviews/", include("learning.reviews.api_urls")),
    # Any other address under /api/ (ending in a slash, as ours do): the JSON 404, whatever the
    # method (not the page tree, whose CSRF check would answer a POST with an HTML 403).
    re_path(r"^api/(?:.*/)?$", api_not_found),
    path("search/", include("search.urls")),
    # Sign-in/out (/accounts/…), the study pages (/study/…) and the member's own record (/me/…).
    path("", include("learning.urls")),
    # The branch secretary's workspace (/branch/…) and the member's inbox (/inbox/).
    path("", include("learning.branch.urls")),
    # Meetings, service tasks, residents, selections and reviews (each its own app).
    path("", include("learning.meetings.urls")),
    path("", include("learning.service_tasks.urls")),
    path("", include("learning.residents.urls")),
    path("", include("learning.selections.urls")),
    path("", include("learning.reviews.urls")),
    # Members away from home: applying to a host organisation, the host's answers (/host/…).
    path("", include("cms.host_organisations.urls")),
    path("healthz", healthz, name="healthz"),
    # Every live page for search engines (Wagtail's generator: each site's pages, lastmod).
    path("sitemap.xml", sitemap, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page links; the icon is a static file.
    # A page's picture at share size (og:image), made on first request (cms/templatetags/xf_seo).
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("favicon.ico", lambda request: redirect(static_url("favicon.svg")), name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

if settings.DEBUG:
    # `make run` serves with DEBUG on (runserver serves the static and media files), where
    # Django answers a 404 with its technical page and ignores handler404. A visitor walking
    # the demo should see our Chinese page as in production: page addresses Wagtail does not
    # know, and any other address, get it here. Other views' 404s keep the technical page.
    from wagtail import views as wagtail_views

    def serve_or_not_found(request, path):
        try:
            return wagtail_views.serve(request, path)
        except Http404 as exception:
            return page_not_found(request, exception)

    def not_found(request, *args, **kwargs):
        return page_not_found(request, Http404())

    urlpatterns = [
        *urlpatterns[:-1],
        re_path(r"^((?:[\w\-]+/)*)$", serve_or_not_found, name="wagtail_serve"),
        path("", include(wagtail_urls)),
        re_path(r"^", not_found),
    ]

# JSON errors under /api/ (the one error shape), the usual pages elsewhere.
handler400 = "xianfeng.api.bad_request"
handler403 = "xianfeng.api.permission_denied"
handler404 = "xianfeng.api.page_not_found"
handler500 = "xianfeng.api.server_error"
