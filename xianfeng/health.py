"""Health check: the root URLconf's own view (it imports no app module)."""

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """For load balancers and `make run`: answers once the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
