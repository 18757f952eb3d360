"""Writes about certificates: issue, PDF, email, revoke, reissue, expiry reminders, bulk exports, forgetting a holder.

Every function is safe to run twice: background tasks retry, and a crash may stop one half-way.
"""
import logging
import tempfile
import uuid
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from smtplib import SMTPException

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from foundation.errors import ServiceError

from . import selectors
from .models import BulkExport, Certificate, CertificateEvent, CertificateStatus, CertificateTemplate, ExpiryReminder
from .pdf import document_for, render_pdf

logger = logging.getLogger(__name__)

MANAGE_PERMISSION = "accounts.manage_programme"
REMINDER_DAYS = (30, 7, 0)  # days before the last valid day; 0 is the day itself
Action = CertificateEvent.Action


class CertificateError(ServiceError):
    """A change to a certificate that cannot be made; the message is written for the person who asked."""


# --- issue ------------------------------------------------------------------------------------

def certificate_issue(*, source) -> Certificate:
    """Issue the certificate a source record earned, then make its PDF and email the holder.

    Running it again for the same source, or after a crash at any step, finishes the job without
    a second certificate or a second email. A new source for the same person and achievement
    (a refresher, a retake) renews: the old certificate is superseded by the new one.
    """
    certificate = _certificate_record(source=source)
    certificate_pdf_ensure(certificate=certificate)
    certificate_email_send(certificate=certificate)
    return certificate


@transaction.atomic
def _certificate_record(*, source) -> Certificate:
    details = source.certificate_details()
    recipient = details.recipient
    achievement_type = ContentType.objects.get_for_model(details.achievement)
    source_type = ContentType.objects.get_for_model(source)
    holder = {"recipient": recipient} if recipient is not None else {
        "recipient__isnull": True, "recipient_name": details.recipient_name.strip(),
    }
    same_achievement = Certificate.objects.filter(
        achievement_content_type=achievement_type, achievement_object_id=details.achievement.pk, **holder
    )
    # Row locks serialise two workers issuing for the same person (SQLite's IMMEDIATE transactions do the same).
    current = same_achievement.current().select_for_update().first()
    if same_achievement.filter(source_content_type=source_type, source_object_id=source.pk).exists():
        # Already issued for this source: this is a retry. Reissues keep the source, so `current` is its latest.
        return current or same_achievement.filter(source_content_type=source_type, source_object_id=source.pk).first()
    if current is not None and current.status == CertificateStatus.REVOKED:
        raise CertificateError(
            f"{current.recipient_name}'s certificate for {current.achievement_title} was revoked; "
            "partnership staff must reissue it."
        )

    issued_at = timezone.now()
    valid_until = None
    if details.validity_months:
        valid_until = timezone.localtime(issued_at).date() + relativedelta(months=details.validity_months)
    certificate = Certificate(
        recipient=recipient,
        recipient_name=(recipient.get_full_name() if recipient is not None else details.recipient_name).strip(),
        contact=details.contact if recipient is None else None,
        achievement_content_type=achievement_type,
        achievement_object_id=details.achievement.pk,
        achievement_title=details.achievement_title,
        source_content_type=source_type,
        source_object_id=source.pk,
        template=_template_for(details.achievement),
        cpd_hours=Decimal(str(details.cpd_hours or 0)),
        issued_at=issued_at,
        valid_until=valid_until,
    )
    if current is not None:
        _replace(current, certificate, by=None, reason="Renewed: the achievement was earned again.")
    else:
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Another worker issued the first one between our read and write: theirs stands.
            return same_achievement.current().get()
    CertificateEvent.objects.create(certificate=certificate, action=Action.ISSUED)
    return certificate


def _template_for(achievement) -> CertificateTemplate | None:
    # A module or session type may name its own template; otherwise the editors' default is used.
    chosen = getattr(achievement, "certificate_template", None)
    if isinstance(chosen, CertificateTemplate):
        return chosen
    return CertificateTemplate.objects.filter(is_default=True).first()


def _replace(old: Certificate, new: Certificate, *, by, reason: str) -> None:
    """Save `new` in place of `old` (locked by the caller). The old one is superseded first: only one may be current."""
    old.status = CertificateStatus.SUPERSEDED
    old.save(update_fields=["status"])
    new.save()
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    CertificateEvent.objects.create(certificate=old, action=Action.SUPERSEDED, actor=by, reason=reason)


# --- PDF and email ------------------------------------------------------------------------------

def certificate_pdf_ensure(*, certificate: Certificate) -> Certificate:
    """Make and store the PDF if it has not been made. It is made once; a reissue is a new certificate with its own."""
    if certificate.pdf:
        return certificate
    content = render_pdf(document_for(certificate))
    # A random file name, so nobody can fetch another person's PDF from the media folder by guessing.
    name = certificate.pdf.field.generate_filename(certificate, f"{uuid.uuid4().hex}.pdf")
    stored = certificate.pdf.storage.save(name, ContentFile(content))
    # Claim the slot only if it is still empty, without a lock: a concurrent maker's file wins and ours goes.
    if Certificate.objects.filter(pk=certificate.pk, pdf="").update(pdf=stored):
        certificate.pdf.name = stored
    else:
        certificate.pdf.storage.delete(stored)
        certificate.refresh_from_db(fields=["pdf"])
    return certificate


def _addressee(certificate: Certificate):
    person = certificate.recipient or certificate.contact
    if person is None or not person.is_active or person.is_anonymised or not person.email:
        return None
    return person


def certificate_email_send(*, certificate: Certificate) -> bool:
    """Email the holder a link to their certificate, once. Returns whether an email went now."""
    person = _addressee(certificate)
    if person is None:
        return False
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.issued_email_sent_at is not None:
            return False
        context = {"certificate": locked, "person": person, "site_url": settings.SITE_URL,
                   "service_name": settings.SERVICE_NAME}
        # The record is stamped first and the message sent last, so only the commit lies between a sent email and
        # its record: a failed send rolls the stamp back and a retry sends it. Should the process die in that
        # instant, the copy a retry sends has the same Message-ID, which mail systems treat as one message.
        locked.issued_email_sent_at = timezone.now()
        locked.save(update_fields=["issued_email_sent_at"])
        CertificateEvent.objects.create(certificate=locked, action=Action.EMAILED)
        EmailMessage(
            subject=f"Your certificate: {locked.achievement_title}",
            body=render_to_string("certificates/email/issued.txt", context),
            to=[person.email],
            headers={"Message-ID": message_id(locked, "issued")},
        ).send()
    certificate.issued_email_sent_at = locked.issued_email_sent_at
    return True


def message_id(certificate: Certificate, purpose: str) -> str:
    """The same Message-ID for every attempt at one email, so a resent copy is recognisably the same message."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{purpose}.{certificate.credential_id}@{domain}>"


# --- revoke and reissue (partnership staff) ----------------------------------------------------

def _require_staff(user) -> None:
    if user is None or not user.has_perm(MANAGE_PERMISSION):
        raise PermissionDenied("Only partnership staff can change certificates.")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("Give a reason: it is kept in the certificate's history.")
    return reason


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Withdraw a certificate. Its public page then says it was revoked."""
    _require_staff(by)
    reason = _require_reason(reason)
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        raise CertificateError(f"This certificate is already {locked.get_status_display().lower()}.")
    locked.status = CertificateStatus.REVOKED
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["status", "revoked_at"])
    CertificateEvent.objects.create(certificate=locked, action=Action.REVOKED, actor=by, reason=reason)
    return locked


def certificate_reissue(*, certificate: Certificate, by, reason: str, recipient_name: str = "") -> Certificate:
    """Replace a certificate with a new one (e.g. after a name change). The old page points to the new.

    The new certificate keeps the achievement, dates and CPD hours, takes the holder's current
    name unless another is given, and gets a new code and PDF; the holder is emailed its link.
    """
    new = _certificate_replace(certificate=certificate, by=by, reason=reason, recipient_name=recipient_name)
    certificate_pdf_ensure(certificate=new)
    certificate_email_send(certificate=new)
    return new


@transaction.atomic
def _certificate_replace(*, certificate: Certificate, by, reason: str, recipient_name: str) -> Certificate:
    _require_staff(by)
    reason = _require_reason(reason)
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status == CertificateStatus.SUPERSEDED:
        raise CertificateError("This certificate has already been replaced. Reissue the newest one instead.")
    name = recipient_name.strip() or (old.recipient.get_full_name() if old.recipient else old.recipient_name)
    new = Certificate(
        recipient=old.recipient,
        recipient_name=name,
        contact=old.contact,
        achievement_content_type=old.achievement_content_type,
        achievement_object_id=old.achievement_object_id,
        achievement_title=old.achievement_title,
        source_content_type=old.source_content_type,
        source_object_id=old.source_object_id,
        template=old.template,
        cpd_hours=old.cpd_hours,
        issued_at=old.issued_at,
        valid_until=old.valid_until,
    )
    _replace(old, new, by=by, reason=reason)
    CertificateEvent.objects.create(certificate=new, action=Action.REISSUED, actor=by, reason=reason)
    return new


# --- expiry -----------------------------------------------------------------------------------

def _reminder_stage(days_left: int) -> int | None:
    """Which reminder is due with this many days left: the nearest stage not yet passed."""
    due = [stage for stage in REMINDER_DAYS if days_left <= stage]
    return min(due) if due and days_left >= 0 else None


def expiry_reminders_send(*, today: date | None = None) -> int:
    """Mark lapsed certificates expired and send reminders 30 and 7 days before and on the last day, each once."""
    today = today or timezone.localdate()
    _expire_lapsed(today)
    sent = 0
    due = (
        selectors.certificates_expiring(today=today, within_days=max(REMINDER_DAYS))
        .select_related("recipient", "contact")
        .prefetch_related("achievement", "reminders")
    )
    for certificate in due:
        days_left = certificate.days_left(today)
        stage = _reminder_stage(days_left)
        if stage is None or any(r.days_before == stage for r in certificate.reminders.all()):
            continue
        person = _addressee(certificate)
        if person is None:
            continue
        try:
            with transaction.atomic():
                # The unique record claims this reminder; if sending fails it is rolled back and tried next run.
                ExpiryReminder.objects.create(certificate=certificate, days_before=stage)
                _send_reminder(certificate, person, days_left, stage)
        except IntegrityError:
            continue  # another run sent it
        except (SMTPException, OSError):
            # Not recorded, so tomorrow's run tries again; one bad address must not hold up everyone else's.
            logger.warning("Expiry reminder for certificate %s could not be sent", certificate.pk, exc_info=True)
            continue
        sent += 1
    return sent


@transaction.atomic
def _expire_lapsed(today: date) -> None:
    lapsed = list(
        Certificate.objects.select_for_update()
        .filter(status=CertificateStatus.VALID, valid_until__lt=today)
        .values_list("pk", flat=True)
    )
    Certificate.objects.filter(pk__in=lapsed).update(status=CertificateStatus.EXPIRED)
    CertificateEvent.objects.bulk_create([CertificateEvent(certificate_id=pk, action=Action.EXPIRED) for pk in lapsed])


def renew_url(certificate: Certificate) -> str:
    """Where the holder earns the achievement again: its page if it has one, else My learning (if installed)."""
    achievement = certificate.achievement
    for attribute in ("full_url", "get_absolute_url"):
        value = getattr(achievement, attribute, None)
        url = value() if callable(value) else value
        if url:
            return url if url.startswith("http") else settings.SITE_URL + url
    try:
        return settings.SITE_URL + reverse("courses:my_learning")
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def _send_reminder(certificate: Certificate, person, days_left: int, stage: int) -> None:
    when = "today" if days_left == 0 else ("tomorrow" if days_left == 1 else f"in {days_left} days")
    EmailMessage(
        subject=f"Your certificate for {certificate.achievement_title} expires {when}",
        body=render_to_string("certificates/email/reminder.txt", {
            "certificate": certificate, "person": person, "when": when, "renew_url": renew_url(certificate),
            "service_name": settings.SERVICE_NAME,
        }),
        to=[person.email],
        headers={"Message-ID": message_id(certificate, f"reminder-{stage}")},
    ).send()


# --- bulk export ------------------------------------------------------------------------------

@transaction.atomic
def bulk_export_request(*, by, achievement: tuple[int, int] | None, issued_from: date | None,
                        issued_to: date | None) -> BulkExport:
    """Ask for a ZIP of the certificates matching the filter; a background task builds it."""
    _require_staff(by)
    if issued_from and issued_to and issued_from > issued_to:
        raise CertificateError("The start of the period must be on or before its end.")
    export = BulkExport(requested_by=by, issued_from=issued_from, issued_to=issued_to)
    if achievement is not None:
        export.achievement_content_type_id, export.achievement_object_id = achievement
        sample = Certificate.objects.filter(
            achievement_content_type_id=achievement[0], achievement_object_id=achievement[1]
        ).order_by("-issued_at").first()
        export.achievement_title = sample.achievement_title if sample else ""
    export.save()
    from .tasks import build_bulk_export

    transaction.on_commit(lambda: build_bulk_export.delay(export.pk))
    return export


PROGRESS_EVERY = timedelta(seconds=0.5)


def bulk_export_build(*, export: BulkExport) -> BulkExport:
    """Write every matching certificate's PDF into one ZIP, recording progress as it goes."""
    if export.is_finished:
        return export
    certificates = selectors.certificates_for_export(export)
    export.total = certificates.count()
    export.processed = 0
    export.status = BulkExport.Status.RUNNING
    export.save(update_fields=["total", "processed", "status"])
    try:
        with tempfile.TemporaryFile() as spool:
            # PDFs are already compressed: storing them is as small and much faster.
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
                last_report = timezone.now()
                for certificate in certificates.iterator(chunk_size=200):
                    certificate_pdf_ensure(certificate=certificate)
                    with certificate.pdf.open("rb") as handle:
                        archive.writestr(_zip_entry(certificate), handle.read())
                    export.processed += 1
                    if timezone.now() - last_report >= PROGRESS_EVERY:
                        BulkExport.objects.filter(pk=export.pk).update(processed=export.processed)
                        last_report = timezone.now()
            spool.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            export.file.save(f"certificates-{stamp}-{uuid.uuid4().hex[:12]}.zip", File(spool), save=False)
    except Exception:
        logger.exception("Bulk export %s failed", export.pk)
        export.status = BulkExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at", "processed"])
        raise
    export.status = BulkExport.Status.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "finished_at", "processed", "file"])
    return export


def _zip_entry(certificate: Certificate) -> str:
    # The code makes every entry unique, even for two people of the same name.
    folder = get_valid_filename(certificate.achievement_title)[:80] or "certificate"
    name = get_valid_filename(certificate.recipient_name)[:80] or "holder"
    return f"{folder}/{name}-{certificate.display_code}.pdf"


# --- personal data ------------------------------------------------------------------------------

def holder_export(user) -> list[dict]:
    """A person's certificates for their data download."""
    return [
        {
            "code": certificate.display_code,
            "name_printed": certificate.recipient_name,
            "achievement": certificate.achievement_title,
            "issued_at": certificate.issued_at.isoformat(),
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
            "status": certificate.get_current_status_display(),
            "cpd_hours": str(certificate.cpd_hours),
        }
        for certificate in Certificate.objects.filter(recipient=user).order_by("issued_at")
    ]


def holder_forget(user) -> None:
    """When someone deletes their account: remove their name from their certificates and delete the PDFs.

    The certificates stay (with their status) so partnership figures do not change; their public
    pages then show that the name was removed.
    """
    for certificate in Certificate.objects.filter(recipient=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.recipient_name = ""
        certificate.save(update_fields=["recipient_name", "pdf"])
        CertificateEvent.objects.create(certificate=certificate, action=Action.NAME_REMOVED)
