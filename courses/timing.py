"""Signed "page served at" stamps: time spent on a lesson is measured by the server's clock, not the browser's."""
from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

# A stamp older than this is of no use: one sitting counts for at most two hours anyway.
STAMP_MAX_AGE = timedelta(days=1)


def _salt(*, lesson_id: int, user_id: int) -> str:
    return f"courses.opened:{lesson_id}:{user_id}"


def opened_stamp(*, lesson_id: int, user_id: int) -> str:
    """A stamp of now, valid only for this learner and this lesson, to send back with the learner's next action."""
    return signing.dumps(timezone.now().timestamp(), salt=_salt(lesson_id=lesson_id, user_id=user_id))


def opened_at_from(stamp: str, *, lesson_id: int, user_id: int) -> datetime | None:
    """When the page was served, or None if the stamp is missing, altered, old, or someone else's."""
    if not stamp or not isinstance(stamp, str) or len(stamp) > 200:
        return None
    try:
        seconds = signing.loads(stamp, salt=_salt(lesson_id=lesson_id, user_id=user_id), max_age=STAMP_MAX_AGE)
        return datetime.fromtimestamp(float(seconds), tz=timezone.get_current_timezone())
    except (signing.BadSignature, TypeError, ValueError, OverflowError):
        return None
