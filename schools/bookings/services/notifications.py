"""Reminders to teachers 7 days and 1 day before their session, each sent once (the event emails: events.py)."""
import logging
from datetime import date, datetime, timedelta
from smtplib import SMTPException

from django.db import transaction
from django.utils import timezone

from ...models import SessionBooking
from .. import notify
from .capacity import ACTIVE
from .checks import _day


logger = logging.getLogger(__name__)
REMINDER_DAYS = (7, 1)
REMINDER_FIELDS = {7: "reminder_week_sent_at", 1: "reminder_day_sent_at"}


def _reminder_stage(days_left: int) -> int | None:
    due = [stage for stage in REMINDER_DAYS if 0 < days_left <= stage]
    return min(due) if due else None


def reminders_send(*, today: date | None = None) -> int:
    """Remind teachers 7 days and 1 day before their session, each once; returns how many went."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=max(REMINDER_DAYS) + 1), datetime.min.time()))
    due = (
        SessionBooking.objects.filter(status__in=ACTIVE, session__starts_at__gte=start, session__starts_at__lt=end)
        .select_related("session__session_type", "session__instructor", "school", "teacher")
    )
    sent = 0
    for booking in due:
        stage = _reminder_stage((_day(booking.session.starts_at) - today).days)
        if stage is None:
            continue
        field = REMINDER_FIELDS[stage]
        try:
            with transaction.atomic():
                # Claim the reminder with a conditional update: a second run, or a concurrent one, claims nothing.
                # If sending fails the claim is rolled back and the next run tries again.
                claimed = SessionBooking.objects.filter(pk=booking.pk, **{f"{field}__isnull": True}).update(
                    **{field: timezone.now()}
                )
                if not claimed:
                    continue
                notify.reminder_send(booking=booking, days_before=stage)
        except (SMTPException, OSError):
            logger.warning("Reminder for booking %s could not be sent", booking.pk, exc_info=True)
            continue
        sent += 1
    return sent
