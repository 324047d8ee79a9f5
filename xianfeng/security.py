"""Response headers every page and API answer carries, placed right after Django's security
middleware and before the page cache (so a cached page gets them too):

- Content-Security-Policy (django-csp): the site's policy (settings.CONTENT_SECURITY_POLICY:
  scripts only from our own static files), or, for the Wagtail and Django admin and the API
  docs, whose pages carry inline scripts and styles of their own, the relaxed
  settings.ADMIN_CONTENT_SECURITY_POLICY;
- Permissions-Policy (settings.PERMISSIONS_POLICY): no camera, microphone, location, payment…;
- Cache-Control: `private` on our JSON APIs, and `private, no-store` on anything answered to a
  signed-in user (the study page, /me/, a member's wall): no shared cache or proxy keeps
  them. A response that says `public` itself (a share card picture) is left alone.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_cache_control

ADMIN_PREFIXES = ("/admin/", "/django-admin/", "/api/docs/")


class SiteHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            admin = settings.ADMIN_CONTENT_SECURITY_POLICY
            if admin is not None:
                parts = PolicyParts(
                    admin.get("DIRECTIVES", {}), parts.update, parts.replace, parts.nonce
                )
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        policy = settings.PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        user = getattr(request, "user", None)
        member = user is not None and user.is_authenticated
        api = request.path_info.startswith(settings.API_PATH_PREFIXES)
        if (member or api) and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
            if member:
                patch_cache_control(response, no_store=True)
        return response
