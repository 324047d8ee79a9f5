import os
import sys
import threading
from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Processes that answer searches: Django's development server and the WSGI/ASGI servers. Other
# management commands (migrate, tests, load_demo) never pay the seconds a warm-up costs.
SERVING_COMMANDS = {"runserver", "runserver_plus"}
SERVERS = {"gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "granian", "waitress-serve"}


def serves_searches(argv=None, environ=None) -> bool:
    """True in a process that will answer visitors' searches. XF_SEARCH_WARM_UP=on|off decides
    where the guess would be wrong (an unusual server)."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    forced = (environ.get("XF_SEARCH_WARM_UP") or "").strip().lower()
    if forced in {"on", "1", "true", "yes", "off", "0", "false", "no"}:
        return forced in {"on", "1", "true", "yes"}
    program = Path(argv[0]).name if argv else ""
    if program in {"manage.py", "django-admin", "__main__.py"}:
        if len(argv) < 2 or argv[1] not in SERVING_COMMANDS:
            return False
        # The autoreloader's parent only watches files; its child (RUN_MAIN) serves.
        return environ.get("RUN_MAIN") == "true" or "--noreload" in argv
    return any(program.startswith(server) for server in SERVERS) or "mod_wsgi" in sys.modules


def warm_up_worker(sender=None, **kwargs):
    """django-q2 sends post_spawn in each new worker process before it takes a task."""
    from search import dictionary

    dictionary.warm_up()


class SearchConfig(AppConfig):
    name = "search"
    label = "xfsearch"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django_q.signals import post_spawn

        from search import signals

        signals.connect()
        # Each qcluster worker warms up when spawned (the search outbox drain segments text).
        post_spawn.connect(warm_up_worker, dispatch_uid="xf-search-warm-up")
        if serves_searches():
            # In the background: the database is not to be queried while apps are still
            # loading, and start-up need not wait; it is done long before a first visitor.
            threading.Thread(target=_warm_up_when_ready, name="search-warm-up", daemon=True).start()


def _warm_up_when_ready():
    import time

    from django.apps import apps
    from django.db import connections

    from search import dictionary

    while not apps.ready:
        time.sleep(0.05)
    try:
        dictionary.warm_up()
    finally:
        connections.close_all()  # this thread's own connections; it ends here
