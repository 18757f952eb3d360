"""Writes of the reporting app: organisations as staff manage them, and background staff-list exports.

Every function is safe to run twice: building an export that is already done does nothing.
"""
from functools import partial

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.audit import audit_record
from accounts.models import MembershipStatus, Organisation, User
from foundation.errors import ServiceError
from foundation.spreadsheets import spreadsheet

from . import reminders, selectors
from .models import ReportExport

CHUNK = 1000


class ReportError(ServiceError):
    """A report request that cannot be met; the message is written for the person who asked."""


@transaction.atomic
def organisation_save(*, organisation: Organisation, leads: list[User]) -> Organisation:
    """Save an organisation and make exactly `leads` its organisation leads (among its approved members)."""
    for lead in leads:
        if lead.organisation_id not in (None, organisation.pk) and organisation.pk is not None:
            raise ReportError(f"{lead} belongs to another organisation, so cannot lead this one.")
    organisation.save()
    group = Group.objects.get(name=roles.ORGANISATION_LEAD)
    current = set(group.user_set.filter(organisation=organisation).values_list("pk", flat=True))
    wanted = {lead.pk for lead in leads}
    group.user_set.remove(*User.objects.filter(pk__in=current - wanted))
    group.user_set.add(*User.objects.filter(pk__in=wanted - current))
    return organisation


@transaction.atomic
def staff_export_request(*, by: User, organisation: Organisation | None, file_format: str) -> ReportExport:
    """Queue a staff-list export. A lead's export is always of their own organisation."""
    if not by.has_perm("accounts.view_partnership_reports"):
        own = by.approved_organisation
        if own is None:
            raise ReportError("You are not an approved member of an organisation, so there is no staff list to export.")
        organisation = own
    if file_format not in ReportExport.Format.values:
        raise ReportError("Choose CSV or Excel (XLSX).")
    export = ReportExport.objects.create(requested_by=by, organisation=organisation, file_format=file_format)
    from .tasks import build_staff_export

    transaction.on_commit(partial(build_staff_export.delay, export.pk))
    return export


def staff_export_build(*, export: ReportExport) -> ReportExport:
    """Write the staff list (each person's status in each module) to the export's file, updating progress."""
    return report_export_build(export=export)


def report_export_request(*, by: User, kind: str, file_format: str, filters: dict,
                          organisation: Organisation | None) -> ReportExport:
    """Queue a dashboard or SVD return file. `organisation` is a lead's own: the file holds nothing else."""
    if file_format not in ReportExport.Format.values:
        raise ReportError("Choose CSV or Excel (XLSX).")
    export = ReportExport.objects.create(requested_by=by, kind=kind, organisation=organisation, filters=filters,
                                         file_format=file_format, total=1)
    from .tasks import build_report_export

    transaction.on_commit(partial(build_report_export.delay, export.pk))
    return export


def report_export_build(*, export: ReportExport) -> ReportExport:
    """Build the export's file once (a second run finds it done or under way and does nothing)."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export.pk)
        if export.status in (ReportExport.Status.DONE, ReportExport.Status.RUNNING):
            return export
        export.status = ReportExport.Status.RUNNING
        export.processed = 0
        if export.kind == ReportExport.Kind.STAFF:
            members = selectors.organisation_members(export.organisation_id)
            export.total = members.count()
        export.save(update_fields=["total", "processed", "status"])
    try:
        if export.kind == ReportExport.Kind.STAFF:
            content, name = _write_staff_list(export, members), f"staff-list-{export.pk}.{export.file_format}"
        else:
            content, name = _write_tables(export), export.filename
    except Exception:
        export.mark_failed()
        raise
    export.mark_done(name, content)
    return export


def _write_tables(export: ReportExport) -> bytes:
    """The dashboard's tables (all, or one) or the SVD return, as on the page, for the export's filters."""
    from . import caching, exports, svd
    from .filters import filter_from_json
    from .forms import QuarterForm

    if export.kind == ReportExport.Kind.SVD:
        form = QuarterForm({"quarter": export.filters["quarter"]})
        if not form.is_valid():
            raise ReportError("The quarter of this export is no longer on the list.")
        quarter = form.chosen()
        tables = caching.cached("svd", f"{quarter.year}-{quarter.number}", lambda: svd.svd_return(quarter))
    else:
        report_filter = filter_from_json(export.filters["filter"])
        if export.organisation_id is not None:  # a lead's: only their organisation, whatever was stored
            report_filter = report_filter.scoped_to(export.organisation_id)
        tables = caching.cached("dashboard", report_filter.cache_key,
                                lambda: selectors.dashboard_tables(report_filter))
        key = export.filters.get("key", "all")
        if key != "all":
            tables = [t for t in tables if t.key == key]
    write = exports.tables_xlsx if export.file_format == ReportExport.Format.XLSX else exports.tables_csv
    return write(tables, heading=export.filters.get("heading", ""))


def _write_staff_list(export: ReportExport, members) -> bytes:
    modules = selectors.report_modules()
    today = timezone.localdate()
    file = spreadsheet(export.file_format)
    file.sheet("Staff")
    file.row(selectors.staff_columns(modules=modules, with_organisation=True, with_dates=True))
    done = 0
    ids = list(members.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = list(User.objects.filter(pk__in=ids[start:start + CHUNK]).select_related("organisation")
                     .order_by("full_name", "email", "pk"))
        for row in selectors.staff_status_rows(members=chunk, modules=modules, today=today, with_organisation=True,
                                               with_dates=True):
            file.row(row)
        done += len(chunk)
        export.mark_progress(done)
    return file.content()


def approved_members(organisation: Organisation):
    return organisation.members.filter(membership_status=MembershipStatus.APPROVED, is_active=True)


@transaction.atomic
def reminder_send(*, organisation: Organisation, kind: str, by: User, request=None) -> int:
    """Send a lead's reminder (reporting.reminders) to everyone it is for, in the background. Returns how many
    people it goes to. Here, beside the other services, because it enqueues this app's task."""
    if not by.has_perm("accounts.view_organisation_reports"):
        raise reminders.ReminderRefused("Only organisation leads and partnership staff can send reminders.")
    # Lock the organisation's row so two leads pressing "Send" together send one reminder, not two.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    allowed = reminders.next_allowed(organisation=organisation, kind=kind)
    if allowed is not None:
        raise reminders.ReminderRefused(
            "This reminder was sent less than a week ago. You can send it again from "
            f"{timezone.localtime(allowed):%-d %B %Y at %H:%M}.")
    reminder = reminders.reminder_compose(organisation=organisation, kind=kind, by=by)
    if not reminder.recipients:
        raise reminders.ReminderRefused("Nobody needs this reminder just now, so nothing was sent.")
    entry = audit_record(actor=by, action=f"{reminders.ACTION}.{kind}", target=organisation,
                         detail=f"{len(reminder.recipients)} people", request=request)
    from .tasks import send_staff_reminder

    transaction.on_commit(partial(send_staff_reminder.delay, entry.pk))
    return len(reminder.recipients)
