"""A django_tasks backend that runs tasks on django-q2 workers.

Wagtail 8 enqueues its own work (search index and reference index updates) through
django_tasks. This backend hands each task to django-q2 once the surrounding transaction
commits, so a worker never looks for rows that are not yet visible, and a rolled-back
change queues nothing.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.tasks import async_task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_module_path, get_random_id

from xianfeng.redis_cache import UNREACHABLE, breaker_for

logger = logging.getLogger(__name__)
BROKER_RETRY_SECONDS = 5


def run_task(task_path, args, kwargs):
    """Entry point on the django-q2 worker: look the task up by path and call it."""
    task = import_string(task_path)
    return task.call(*args, **kwargs)


class DjangoQ2Backend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_path = get_module_path(task.func)

        def hand_over():
            # A Redis broker that is down costs one failed connection per few seconds, not
            # one per request, and is logged once (xianfeng.redis_cache); the task is dropped,
            # as a failed hand-over always was: the periodic sweeps pick up its work.
            breaker = breaker_for("Redis task broker", BROKER_RETRY_SECONDS)
            if breaker.down and not breaker.claim_retry():
                return
            try:
                async_task(
                    "xianfeng.tasks.run_task",
                    task_path,
                    list(args),
                    dict(kwargs),
                    task_name=f"{task.name}:{result.id}",
                    group=task.queue_name,
                )
            except UNREACHABLE as error:
                breaker.failed(error)
                return
            breaker.recovered()

        transaction.on_commit(hand_over, robust=True)
        object.__setattr__(result, "enqueued_at", timezone.now())
        return result
