"""Row locks that give up after a few seconds with a clear refusal, instead of holding a request for ever.

As pretix does around its order locks: a request that cannot get its lock soon is better told "try again"
than left waiting while its worker, and the people queued behind it, wait too. On PostgreSQL the wait is
bounded with `lock_timeout`, set for the block only (`set_config(..., true)` inside a savepoint, put back
when the block ends); SQLite has no row locks (a writer locks the whole file, with its own busy timeout),
so there the block runs as it is.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, transaction

from .errors import ServiceError

LOCK_WAIT_SECONDS = 5
BUSY_MESSAGE = "Someone else is changing this; try again in a moment."
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for lock_timeout (and NOWAIT) giving up


@contextmanager
def lock_timeout(*, seconds: float | None = None, refusal: type[ServiceError] = ServiceError,
                 using: str | None = None) -> Iterator[None]:
    """Run the block with lock waits bounded by `seconds` (LOCK_WAIT_SECONDS unless given); a lock not granted in
    time raises `refusal(BUSY_MESSAGE)`.

    Call inside the transaction that will hold the locks (they are kept until it ends). Pass the app's own
    error class as `refusal`, so the views that already show that app's refusals show this one too.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        raise RuntimeError("lock_timeout() holds row locks, so it must run inside transaction.atomic().")
    if connection.vendor != "postgresql":
        yield
        return
    try:
        # The savepoint keeps the outer transaction usable after a timeout, and takes the setting back with it.
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                               [f"{round((LOCK_WAIT_SECONDS if seconds is None else seconds) * 1000)}ms"])
                previous = cursor.fetchone()[0]
            yield
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise refusal(BUSY_MESSAGE) from error
        raise
