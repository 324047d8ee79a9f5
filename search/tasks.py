"""Background work of search, queued through django_tasks (run by django-q2 workers)."""

from django_tasks import task


@task()
def drain_search_outbox():
    """Push pending index changes to the search backend (bulk, retried with backoff)."""
    from search.services import drain_outbox

    return drain_outbox()


def periodic_drain():
    """Entry point of the django-q2 schedule: catches up after the engine was down."""
    from search.services import drain_outbox

    return drain_outbox()
