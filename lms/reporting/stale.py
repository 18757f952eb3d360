"""Which groups' summaries miss a change: a learner's change marks its group, the periodic refresh takes the marks.

Marking must cost a learner's request next to nothing, so it happens after the commit and at most once per
group per process in each marking window of WINDOW_SECONDS: the first change writes one row (an upsert that
raises the group's `mark_window`), later ones in the same window only look in this process's memory.

Why skipping is safe: a group marked in window W keeps its row until a refresh running after W has ended
(the refresh takes only rows marked before the window MARGIN_SECONDS ago), and the change being marked was
committed before the mark was looked at; so that refresh, which counts after taking the rows, sees it.
This needs no memory shared between processes (each process's own is enough), so it holds with the
embedded default (eager Celery, local-memory cache, several gunicorn workers) as with Redis. MARGIN_SECONDS
covers clocks that differ a little between web and worker machines.
"""
import logging
import threading
import time
from datetime import datetime, timezone as dt_timezone

from django.db import connection

from .models import StaleGroup

WINDOW_SECONDS = 10
MARGIN_SECONDS = 5

logger = logging.getLogger(__name__)
_memory = threading.local()


def window_of(moment: float) -> int:
    return int(moment // WINDOW_SECONDS)


def window_start(window: int) -> datetime:
    return datetime.fromtimestamp(window * WINDOW_SECONDS, tz=dt_timezone.utc)


def group_key(group: tuple) -> str:
    organisation_id, approved, area_id = group
    return ":".join("-" if value is None else str(int(value)) for value in (organisation_id, approved, area_id))


def _marked_this_window(now: float) -> set:
    """This thread's memory of what it marked in the current window; emptied when the window moves on."""
    window = window_of(now)
    if getattr(_memory, "window", None) != window:
        _memory.window, _memory.keys = window, set()
    return _memory.keys


def already_marked(token) -> bool:
    """Whether this thread marked `token` (a group, or a person or enrolment whose group it marked) this window."""
    return token in _marked_this_window(time.time())


def remember(token) -> None:
    _marked_this_window(time.time()).add(token)


def forget_local_marks() -> None:
    """Tests: a rolled-back database has lost rows this memory still remembers."""
    _memory.window, _memory.keys = None, set()


def stale_group_mark(*, group: tuple) -> None:
    """Mark the group's summaries out of date: one upsert, or nothing if this thread did it this window."""
    now = time.time()
    marked = _marked_this_window(now)
    key = group_key(group)
    if key in marked:
        return
    organisation_id, approved, area_id = group
    table = connection.ops.quote_name(StaleGroup._meta.db_table)
    # Raise the window, never lower it: another process with a clock a little behind must not shorten the mark.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, organisation_id, approved, area_id, mark_window) VALUES (%s, %s, %s, %s, %s) "
            f"ON CONFLICT (key) DO UPDATE SET mark_window = excluded.mark_window "
            f"WHERE {table}.mark_window < excluded.mark_window",
            [key, organisation_id, bool(approved), area_id, window_of(now)],
        )
    marked.add(key)


def cutoff_of(now: float) -> int:
    """The first window a refresh at `now` leaves marked: the current one, or the one before within the margin."""
    return window_of(now - MARGIN_SECONDS)


def stale_groups_due(*, now: float) -> bool:
    """Whether any group waits for a refresh at `now` (one read; no lock)."""
    return StaleGroup.objects.filter(mark_window__lt=cutoff_of(now)).exists()


def stale_groups_pending() -> bool:
    """Whether any group is marked at all, due or not: if none, the summaries hold every change."""
    return StaleGroup.objects.exists()


def stale_groups_take(*, now: float) -> tuple[list[tuple], datetime]:
    """Remove and return the groups marked before the last complete window; with the time they are good to.

    Run inside the refresh's transaction: on PostgreSQL the rows stay locked, so a learner marking one of
    them again waits, then writes a new row for the next refresh.
    """
    cutoff = cutoff_of(now)
    taken = list(StaleGroup.objects.select_for_update().filter(mark_window__lt=cutoff)
                 .values_list("key", "organisation_id", "approved", "area_id"))
    if taken:
        StaleGroup.objects.filter(key__in=[row[0] for row in taken], mark_window__lt=cutoff).delete()
    return [row[1:] for row in taken], window_start(cutoff)
