"""Background work for bookings: the teacher's email per change, reminders, and expiry of waiting-list offers."""
from celery import shared_task
from django.db import OperationalError

from .bookings import services
from .bookings.notify import send_booking_event_email  # noqa: F401  registered with Celery from here

TRANSIENT = (OperationalError,)


@shared_task(name="schools.send_booking_reminders", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_booking_reminders() -> int:
    """Daily: remind teachers 7 days and 1 day before their sessions, each once."""
    return services.reminders_send()


@shared_task(name="schools.expire_waiting_list_offers", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def expire_waiting_list_offers() -> int:
    """Every few minutes: withdraw offers not accepted in time and offer the places to the next school."""
    return services.offers_expire()
