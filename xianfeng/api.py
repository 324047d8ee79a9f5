"""Our API plumbing: the Wagtail API v2 router (/api/v2/), the OpenAPI schema filter and a
JSON-only content negotiation for hot endpoints."""

from django.conf import settings
from rest_framework.negotiation import DefaultContentNegotiation
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)


# The OpenAPI schema documents our own DRF APIs. Wagtail's API v2 (and its admin API) is
# documented by Wagtail and is not introspectable by drf-spectacular.
def schema_endpoints(endpoints):
    """drf-spectacular preprocessing hook: keep only the endpoints under our API prefixes."""
    prefixes = settings.XF_API_PATH_PREFIXES
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(prefixes)]


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """For endpoints that answer JSON only: the first renderer, whatever the client's Accept
    header says, without parsing it (the custom negotiation DRF's docs describe)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
