"""Background work of search, queued through django_tasks (run by django-q2 workers).

The minute schedule (migration 0002, repointed by 0003) calls search.services.drain_outbox
itself: the same work, with no task wrapper to look up."""

from django_tasks import task


@task()
def drain_search_outbox():
    """Push pending index changes to the search backend (bulk, retried with backoff)."""
    from search.services import drain_outbox

    return drain_outbox()
