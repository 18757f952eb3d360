"""Background work: issue a certificate, send expiry reminders, build a bulk export. Each takes ids and re-fetches."""
import logging
from smtplib import SMTPException

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError

from . import services
from .models import BulkExport

logger = logging.getLogger(__name__)

# Worth retrying: the database was busy or the mail server did not answer. Anything else is a bug to look at.
TRANSIENT = (OperationalError, SMTPException, ConnectionError, TimeoutError)


@shared_task(name="certificates.issue", autoretry_for=TRANSIENT, retry_backoff=True, retry_backoff_max=600,
             max_retries=8)
def issue_certificate(content_type_id: int, object_id: int) -> int | None:
    """Issue the certificate earned by a source record (an enrolment, a session), given by type and id."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    source = model._default_manager.filter(pk=object_id).first() if model is not None else None
    if source is None:
        logger.warning("No certificate issued: source %s #%s no longer exists", content_type_id, object_id)
        return None
    try:
        return services.certificate_issue(source=source).pk
    except services.CertificateError as refusal:
        logger.warning("No certificate issued for %s #%s: %s", content_type_id, object_id, refusal)
        return None


@shared_task(name="certificates.send_expiry_reminders", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def send_expiry_reminders() -> int:
    """Nightly: mark lapsed certificates expired and send the reminders due today."""
    return services.expiry_reminders_send()


@shared_task(name="certificates.build_bulk_export", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def build_bulk_export(export_id: int) -> int | None:
    export = BulkExport.objects.filter(pk=export_id).first()
    if export is None:
        return None
    services.bulk_export_build(export=export)
    return export.pk
