"""Background work for reports: build an export, refresh the summaries. Tasks take ids and are safe to run twice."""
from celery import shared_task
from django.db import OperationalError

from . import reminders, services
from .models import ReportExport


@shared_task(name="reporting.build_report_export", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def build_report_export(export_id: int) -> int | None:
    export = ReportExport.objects.filter(pk=export_id).first()
    if export is None:
        return None
    services.report_export_build(export=export)
    return export.pk


@shared_task(name="reporting.build_staff_export", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_staff_export(export_id: int) -> int | None:
    """The staff list's task name, kept for messages already queued: the same work as any report export."""
    return build_report_export(export_id)


@shared_task(name="reporting.refresh_marked_summaries", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def refresh_marked_summaries() -> int:
    """Recount the groups marked out of date (beat runs it every minute); then the dashboard's cache starts afresh."""
    from . import caching, summaries

    refreshed = summaries.summaries_refresh_marked()
    if refreshed:
        caching.invalidate()
    return refreshed


@shared_task(name="reporting.refresh_report_summaries", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def refresh_report_summaries(user_ids: list[int], groups: list[list]) -> int:
    """Recount these people's groups and these groups at once. Nothing queues it now (receivers mark groups
    instead); kept for messages queued before, and safe to run however often."""
    from accounts.models import User

    from . import caching, summaries

    wanted = {tuple(g) for g in groups}
    wanted |= {summaries.group_of(u) for u in User.objects.filter(pk__in=user_ids)
               .only("organisation_id", "area_id", "membership_status")}
    summaries.summaries_rebuild(groups=list(wanted))
    caching.invalidate()
    return len(wanted)


@shared_task(name="reporting.send_staff_reminder", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_staff_reminder(entry_id: int) -> int:
    """Email a lead's reminder to their staff, once (reporting.reminders)."""
    return reminders.reminder_deliver(entry_id=entry_id)
