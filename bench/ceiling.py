"""The ceiling for page benchmarks: Django with no middleware and no database, answering
every request with the same 20 KB. Served by gunicorn exactly like the site."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="ceiling",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

BODY = (b"<!DOCTYPE html><html><body>" + b"x" * (20 * 1024 - 28) + b"</body></html>")[: 20 * 1024]


def constant(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", constant)]
application = get_wsgi_application()
