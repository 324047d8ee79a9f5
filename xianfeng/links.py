"""The site's own address, for absolute links built outside a request (the share card's QR
code, emails): WAGTAILADMIN_BASE_URL, e.g. http://127.0.0.1:8000 under `make run` and the
public https address in production (environment). The default Wagtail Site carries the same
hostname and port (cms.services.ensure_home_page), so the content API's html_url agrees.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_root_url():
    """Scheme, host and port, without a trailing slash: "http://127.0.0.1:8000"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def site_host_and_port():
    """(hostname, port) of site_root_url(), the port spelt out as Wagtail's Site wants it."""
    parts = urlsplit(site_root_url())
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def absolute_url(path):
    """`path` on this site; a URL that already names a host is returned unchanged."""
    if urlsplit(path).scheme:
        return path
    return site_root_url() + "/" + path.lstrip("/")
