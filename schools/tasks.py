"""Background work: the teacher's email per booking change, reminders, expiry of waiting-list offers (bookings),
and the email telling a person whether their link to a school was approved (schools-core).
Each task takes ids and re-fetches what it needs."""
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError
from django.urls import reverse

from .bookings import services
from .bookings.notify import send_booking_event_email  # noqa: F401  registered with Celery from here
from .models import MembershipStatus, SchoolMembership

TRANSIENT = (OperationalError,)
MAIL_TRANSIENT = (SMTPException, ConnectionError, TimeoutError)


@shared_task(name="schools.send_booking_reminders", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_booking_reminders() -> int:
    """Daily: remind teachers 7 days and 1 day before their sessions, each once."""
    return services.reminders_send()


@shared_task(name="schools.expire_waiting_list_offers", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def expire_waiting_list_offers() -> int:
    """Every few minutes: withdraw offers not accepted in time and offer the places to the next school."""
    return services.offers_expire()


@shared_task(name="schools.membership_decision_email", autoretry_for=MAIL_TRANSIENT, retry_backoff=True, max_retries=5)
def membership_decision_email(membership_id: int) -> bool:
    """Tell a person that partnership staff approved or declined their link to a school."""
    membership = SchoolMembership.objects.select_related("user", "school").filter(pk=membership_id).first()
    if membership is None or membership.status == MembershipStatus.PENDING or not membership.user.is_active:
        return False
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    link = f"{site}{reverse('schools:my_schools')}"
    if membership.status == MembershipStatus.APPROVED:
        subject = f"You are linked to {membership.school.name}"
        body = (
            f"Hello {membership.user.get_short_name()},\n\n"
            f"Partnership staff have confirmed that you work at {membership.school.name}. "
            f"You can now book bleeding-control sessions for the school.\n\nYour schools: {link}\n\n"
            f"{settings.SERVICE_NAME}\n{site}/\n"
        )
    else:
        subject = f"Your link to {membership.school.name} was not confirmed"
        body = (
            f"Hello {membership.user.get_short_name()},\n\n"
            f"Partnership staff could not confirm that you work at {membership.school.name}. "
            "If you think this is a mistake, reply to this email or ask again with your school email address.\n\n"
            f"Your schools: {link}\n\n{settings.SERVICE_NAME}\n{site}/\n"
        )
    send_mail(subject, body, None, [membership.user.email])
    return True
