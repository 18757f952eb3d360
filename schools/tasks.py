"""Background work of the schools app. Each task takes ids and re-fetches what it needs."""
import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from .models import MembershipStatus, SchoolMembership

logger = logging.getLogger(__name__)

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)


@shared_task(name="schools.membership_decision_email", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
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
            f"You can now book bleeding-control sessions for the school.\n\nYour schools: {link}\n"
        )
    else:
        subject = f"Your link to {membership.school.name} was not confirmed"
        body = (
            f"Hello {membership.user.get_short_name()},\n\n"
            f"Partnership staff could not confirm that you work at {membership.school.name}. "
            "If you think this is a mistake, reply to this email or ask again with your school email address.\n\n"
            f"Your schools: {link}\n"
        )
    send_mail(subject, body, None, [membership.user.email])
    return True
