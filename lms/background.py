"""Dead letters: a Celery task that fails for good is recorded as a FailedTask for administrators to see."""
import json
import logging

from celery.signals import task_failure

logger = logging.getLogger(__name__)


def _jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def record_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **extra):
    from .models import FailedTask

    try:
        FailedTask.objects.update_or_create(
            task_id=str(task_id or ""),
            defaults={
                "task_name": getattr(sender, "name", "") or "",
                "args": _jsonable(list(args or [])),
                "kwargs": _jsonable(dict(kwargs or {})),
                "exception": repr(exception)[:2000],
                "traceback": str(einfo or "")[:20000],
                "retries": getattr(getattr(sender, "request", None), "retries", 0) or 0,
            },
        )
    except Exception:  # the dead-letter record must never hide the task's own failure
        logger.exception("Could not record the failure of task %s", task_id)


def connect() -> None:
    task_failure.connect(record_failure, dispatch_uid="lms.background.record_failure", weak=False)
