"""Reminders an organisation lead sends to their own staff: to start training, or to renew a certificate that
expires soon. The lead sees the message and who gets it first; each kind goes at most once a week per organisation.

The audit log is the record: the send is an entry against the organisation (which the weekly limit reads), and the
background task writes a second entry when it has emailed, so running it twice never emails twice.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEntry, Organisation, User
from certificates.models import Certificate, CertificateStatus
from courses.models import CourseCatalogPage, CoursePage, Enrolment
from foundation.errors import ServiceError

from .selectors import organisation_members
from .terms import EXPIRING_DAYS

NOT_STARTED = "not_started"
EXPIRING = "expiring"
KINDS = {
    NOT_STARTED: "Staff who have not started any training",
    EXPIRING: f"Staff whose certificate expires in the next {EXPIRING_DAYS} days",
}
EVERY = timedelta(days=7)
ACTION = "staff.reminder"
SENT = "staff.reminder.sent"


class ReminderRefused(ServiceError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Reminder:
    kind: str
    subject: str
    body: str  # with {name} for each person's first name
    recipients: list[User]

    def for_person(self, person: User) -> str:
        return self.body.replace("{name}", person.get_short_name() or "there")


def reminder_recipients(*, organisation: Organisation, kind: str, today: date | None = None) -> list[User]:
    """The organisation's approved, active staff this kind of reminder is for (two queries)."""
    today = today or timezone.localdate()
    members = organisation_members(organisation.pk)
    if kind == NOT_STARTED:
        live = CoursePage.objects.live().values("pk")
        started = Enrolment.objects.filter(course_id__in=live).values("user_id")
        return list(members.exclude(pk__in=started))
    if kind == EXPIRING:
        course_type = ContentType.objects.get_for_model(CoursePage)
        expiring = Certificate.objects.current().filter(
            achievement_content_type=course_type, status=CertificateStatus.VALID,
            valid_until__gte=today, valid_until__lte=today + timedelta(days=EXPIRING_DAYS),
        ).values("recipient_id")
        return list(members.filter(pk__in=expiring))
    raise ReminderRefused("Choose who the reminder is for.")


def reminder_compose(*, organisation: Organisation, kind: str, by: User) -> Reminder:
    """What the reminder will say and who gets it: shown to the lead before anything is sent."""
    site = settings.SITE_URL.rstrip("/")
    sign_off = f"{by.get_full_name() or by.email}\n{organisation.name}\n\n{settings.SERVICE_NAME}\n{site}/"
    if kind == NOT_STARTED:
        subject = "A reminder to start your training"
        body = (
            "Hello {name},\n\n"
            f"{organisation.name} asks its staff to take the partnership's trauma-informed training. "
            "You have not started a module yet. Each takes about half an hour, and you can stop and carry on later.\n\n"
            f"Choose a module: {site}{_catalogue_path()}\n\n"
            f"{sign_off}\n"
        )
    elif kind == EXPIRING:
        subject = "Your training certificate expires soon"
        body = (
            "Hello {name},\n\n"
            f"Your certificate for a module you took expires in the next {EXPIRING_DAYS} days. "
            "To keep it valid, take the refresher before then.\n\n"
            f"See your certificates and refreshers: {site}{reverse('courses:my_learning')}\n\n"
            f"{sign_off}\n"
        )
    else:
        raise ReminderRefused("Choose who the reminder is for.")
    return Reminder(kind=kind, subject=subject, body=body,
                    recipients=reminder_recipients(organisation=organisation, kind=kind))


def _catalogue_path() -> str:
    catalogue = CourseCatalogPage.objects.live().first()
    return catalogue.url if catalogue is not None and catalogue.url else "/modules/"


def last_sent(*, organisation: Organisation, kind: str) -> AuditEntry | None:
    return (AuditEntry.objects.filter(action=f"{ACTION}.{kind}", target_id=str(organisation.pk),
                                      target_type=ContentType.objects.get_for_model(Organisation))
            .order_by("-created_at").first())


def next_allowed(*, organisation: Organisation, kind: str):
    """When this kind of reminder may next be sent to the organisation's staff (None: now)."""
    previous = last_sent(organisation=organisation, kind=kind)
    if previous is None or previous.created_at + EVERY <= timezone.now():
        return None
    return previous.created_at + EVERY


def reminder_deliver(*, entry_id: int) -> int:
    """Email the reminder recorded by audit entry `entry_id`, once (a second run finds it sent)."""
    entry = AuditEntry.objects.select_related("actor").filter(pk=entry_id).first()
    if entry is None or entry.actor is None or AuditEntry.objects.filter(action=SENT, target_id=str(entry.pk)).exists():
        return 0
    organisation = Organisation.objects.filter(pk=entry.target_id).first()
    if organisation is None:
        return 0
    kind = entry.action.removeprefix(f"{ACTION}.")
    reminder = reminder_compose(organisation=organisation, kind=kind, by=entry.actor)
    reply_to = [entry.actor.email] if entry.actor.email else None
    sent = 0
    for person in reminder.recipients:
        if person.email:
            EmailMessage(subject=reminder.subject, body=reminder.for_person(person), to=[person.email],
                         reply_to=reply_to).send()
            sent += 1
    audit_record(actor=None, action=SENT, target=entry, detail=f"{sent} emails")
    return sent
