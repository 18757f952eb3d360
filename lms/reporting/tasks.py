"""Background work for reports: build a staff-list export. Takes an id and re-fetches; safe to run twice."""
from celery import shared_task
from django.db import OperationalError

from . import services
from .models import ReportExport


@shared_task(name="reporting.build_staff_export", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_staff_export(export_id: int) -> int | None:
    export = ReportExport.objects.filter(pk=export_id).first()
    if export is None:
        return None
    services.staff_export_build(export=export)
    return export.pk
