"""Writes: the outbox (recorded with each content change) and draining it into the backend."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from search import conf, dictionary
from search.backends import get_backend
from search.documents import build_doc, count_live_pages, live_pages, private_paths
from search.models import OutboxAction, SearchOutbox

logger = logging.getLogger(__name__)


def record_change(page_ids, action=OutboxAction.INDEX) -> None:
    """Note pages whose index entry must change; the row commits with the content change,
    and draining starts once it has committed."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return
    SearchOutbox.objects.bulk_create([SearchOutbox(page_id=pk, action=action) for pk in page_ids])
    schedule_drain()


def _enqueue_drain():
    from search.tasks import drain_search_outbox

    try:
        drain_search_outbox.enqueue()
    except Exception:  # the periodic drain catches up; content is saved
        logger.exception("could not queue the search outbox drain")


def schedule_drain() -> None:
    """One drain per transaction, however many pages it changed (e.g. an import)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _enqueue_drain for _sids, callback, *_ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_drain, robust=True)


def backoff(attempts: int) -> timedelta:
    return timedelta(
        seconds=min(conf.RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), conf.RETRY_MAX_SECONDS)
    )


def drain_outbox(backend=None, limit=None, ignore_schedule=False) -> dict:
    """Apply due outbox rows in bulk, oldest first. On failure the rows stay, with a later
    next attempt (exponential backoff); nothing is removed before the backend took it."""
    backend = backend or get_backend()
    batch = limit or conf.batch_size()
    done = failed = 0
    while True:
        due = SearchOutbox.objects.all()
        if not ignore_schedule:
            due = due.filter(next_attempt_at__lte=timezone.now())
        rows = list(due.order_by("pk")[:batch])
        if not rows:
            break
        latest = {}
        for row in rows:  # the last change of each page wins
            latest[row.page_id] = row.action
        try:
            apply_changes(backend, latest)
        except Exception as error:  # noqa: BLE001 - every failure is retried later
            failed += len(rows)
            for row in rows:
                row.attempts += 1
                row.next_attempt_at = timezone.now() + backoff(row.attempts)
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
            SearchOutbox.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error"])
            logger.warning("search outbox: %s rows failed: %s", len(rows), error)
            break
        # Only the rows read are removed: a change recorded meanwhile has a higher pk.
        SearchOutbox.objects.filter(pk__in=[r.pk for r in rows]).delete()
        done += len(rows)
    return {"done": done, "failed": failed, "pending": SearchOutbox.objects.count()}


def apply_changes(backend, latest: dict) -> None:
    from wagtail.models import Page

    dictionary.ensure_loaded()
    pages = {p.pk: p for p in Page.objects.filter(pk__in=list(latest)).specific()}
    private = private_paths()
    docs, gone = [], []
    for page_id, action in latest.items():
        page = pages.get(page_id)
        doc = (
            build_doc(page, private)
            if (page is not None and action == OutboxAction.INDEX)
            else None
        )
        if doc is None:
            gone.append(page_id)  # deleted, unpublished, private or not searchable
        else:
            docs.append(doc)
    if docs:
        backend.index(docs)
    if gone:
        backend.delete(gone)


def rebuild_index(backend=None, progress=None) -> int:
    """Rebuild the whole index from the live pages; pending outbox rows stay for the drain."""
    backend = backend or get_backend()
    dictionary.ensure_loaded(force=True)
    private = private_paths()
    docs = (
        doc for doc in (build_doc(page, private) for page in live_pages(private)) if doc is not None
    )
    return backend.rebuild(docs, count_live_pages(), progress=progress)
