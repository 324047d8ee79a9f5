"""Fewer queries per page view: a cached site lookup, one-query routing, cached privacy checks.

Wagtail looks up the Site, walks the page tree one level (two queries) per URL segment and
checks view restrictions on every ancestor for every request. Page trees change only on
publish, move or delete, when cms.signals clears these caches together with the page cache
(the routed pages are kept under the content generation, which the same clear retires).
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port

from cms import request_memo
from cms.query_plans import planned

SITES_KEY = "xf:sites"
RESTRICTED_PATHS_KEY = "xf:restricted-paths"
CACHE_SECONDS = 3600
# Any Host header reaches the lookup; only this many distinct hosts are remembered.
MAX_CACHED_HOSTS = 50


def clear_routing_cache():
    cache.delete_many([SITES_KEY, RESTRICTED_PATHS_KEY])
    request_memo.forget()


def restricted_paths(fresh=False):
    """Tree paths of the pages that have a view restriction (usually none).

    The one definition of "private" for listings, cards and search: a page is private when
    it or any ancestor has a restriction (password, login or groups). `fresh` reads the
    database, for work done outside a request (the search outbox drain in a worker, whose
    cache may not have seen the clear that followed a restriction change)."""
    paths = None if fresh else request_memo.cache_get(RESTRICTED_PATHS_KEY)
    if paths is None:
        from wagtail.models import PageViewRestriction

        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        if not fresh:
            request_memo.cache_set(RESTRICTED_PATHS_KEY, paths, CACHE_SECONDS)
    return paths


def private_q(paths=None, prefix=""):
    """A filter for pages at or below a restricted page (None when nothing is private);
    `prefix` reaches the page through a relation, e.g. "page__"."""
    private = Q()
    for path in restricted_paths() if paths is None else paths:
        private |= Q(**{f"{prefix}path__startswith": path})
    return private or None


def public(queryset, paths=None):
    """PageQuerySet.public() without its query on every call."""
    private = private_q(paths)
    return queryset.exclude(private) if private is not None else queryset


def is_public(page, paths=None) -> bool:
    """Whether visitors may see `page` (no restriction on it or any ancestor)."""
    paths = restricted_paths() if paths is None else paths
    return not any(page.path.startswith(path) for path in paths)


def viewable_by(page, request) -> bool:
    """Whether this request may see `page`: public, or every restriction on it and its
    ancestors accepts the request (signed in, in a group, password given in this session).
    For views outside Wagtail's serving (the study page, member APIs) that show a page."""
    if is_public(page):
        return True
    # Wagtail's own query: the restrictions on the page and its ancestors.
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


class CachedViewRestrictionsMixin:
    """Skips the per-request restriction queries while no page on the site is private."""

    def get_view_restrictions(self):
        if not restricted_paths():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PathRoutingMixin:
    """For a site's root page: find the deepest page on the URL with one query, not one per
    segment; that page routes what is left (a routable page's own sub-URLs).

    The page a URL names exactly is kept, in its specific class, under the content generation
    (cms.content_cache), which every publish, unpublish, move or delete retires. Partial
    matches (a routable page's sub-URLs, or made-up URLs below a page) are not kept, so
    arbitrary URLs cannot fill the cache."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        from cms.content_cache import cached_content

        page = cached_content(
            f"route:{self.pk}:{'/'.join(path_components)}",
            lambda: self.deepest_page(path_components),
            keep=lambda found: (
                found is not None and found.depth - self.depth == len(path_components)
            ),
        )
        if page is None:
            raise Http404
        return page.route(request, path_components[page.depth - self.depth :])

    def deepest_page(self, path_components):
        from wagtail.models import Page

        candidates = [
            self.url_path + "/".join(path_components[:length]) + "/"
            for length in range(len(path_components), 0, -1)
        ]
        # Only the id and type of the generic row (no Page object to build and throw away),
        # then the page in its own class: what page.specific does, for less work.
        # Both queries are compiled once per process and URL (cms.query_plans).
        found = planned(
            ("route", self.path, *candidates),
            lambda: (
                Page.objects.filter(url_path__in=candidates, path__startswith=self.path)
                .order_by("-depth")
                .only("content_type_id")[:1]
            ),
        )
        if not found:
            return None
        from django.contrib.contenttypes.models import ContentType

        pk = found[0].pk
        model = ContentType.objects.get_for_id(found[0].content_type_id).model_class() or Page
        page = planned(
            ("page", model._meta.label, pk), lambda: model._default_manager.filter(pk=pk)
        )
        return page[0] if page else None  # deleted in between: not found


class CachedSiteMiddleware:
    """Sets request._wagtail_site (which Site.find_for_request reads) from the cache, with the
    site's root page already in its specific class.

    Our JSON APIs (settings.API_PATH_PREFIXES) render no page: they skip this, and the rare one
    that needs the site finds it through Wagtail's own lookup. A progress report would
    otherwise spend a fifth of its time reading and unpickling the site and menu.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(settings.API_PATH_PREFIXES):
            return self.get_response(request)
        # The same host and port Wagtail's own lookup uses (the raw host: ALLOWED_HOSTS is
        # enforced by CommonMiddleware).
        key = f"{split_domain_port(request._get_raw_host())[0]}|{request.get_port()}"
        from cms.content_cache import GENERATION_KEY, RETIRED_KEY
        from cms.navigation import NAVIGATION_KEY

        # Everything a page reads from the shared cache before its own content, in one trip.
        request_memo.prefetch(
            SITES_KEY, RESTRICTED_PATHS_KEY, NAVIGATION_KEY, GENERATION_KEY, RETIRED_KEY
        )
        sites = request_memo.cache_get(SITES_KEY) or {}
        site = sites.get(key)
        if site is None:
            from wagtail.models import Site

            site = Site._find_for_request(request)
            if site is not None and len(sites) < MAX_CACHED_HOSTS:
                site.root_page = site.root_page.specific
                sites[key] = site
                request_memo.cache_set(SITES_KEY, sites, CACHE_SECONDS)
        request._wagtail_site = site
        return self.get_response(request)
