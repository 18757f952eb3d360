"""Pages of partnership reporting: the dashboard, exports, the SVD return, staff lists and organisations."""
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.decorators import permission_required
from accounts.downloads import stored_file_response
from accounts.models import Organisation
from foundation.background_exports import export_status_response, visible_export

from . import caching, exports, reminders, selectors, services, svd, tasks
from .filters import DashboardFilterForm, default_filter, filter_to_json, querystring
from .forms import OrganisationForm, QuarterForm, StaffListForm
from .models import ReportExport
from .periods import quarter_of

PARTNERSHIP = "accounts.view_partnership_reports"
STAFF_PAGE_SIZE = 50
FORMATS = {"csv": (exports.tables_csv, exports.CSV_TYPE), "xlsx": (exports.tables_xlsx, exports.XLSX_TYPE)}


def _lead_organisation(request) -> Organisation | None:
    """None for partnership staff (they see everything); a lead's own organisation; otherwise 403."""
    if request.user.has_perm(PARTNERSHIP):
        return None
    organisation = request.user.approved_organisation
    if organisation is None:
        raise PermissionDenied("You lead no organisation yet, so there are no figures to show you.")
    return organisation


def _dashboard(request):
    """The filter form, the filter set it gives (None when the input is wrong) and the lead's organisation."""
    organisation = _lead_organisation(request)
    form = DashboardFilterForm(request.GET or None, own_organisation=organisation is not None)
    if form.is_bound and not form.is_valid():
        return form, None, organisation
    report_filter = form.report_filter() if form.is_bound else default_filter()
    if organisation is not None:
        report_filter = report_filter.scoped_to(organisation.pk)
    return form, report_filter, organisation


def _tables(report_filter):
    return caching.cached("dashboard", report_filter.cache_key, lambda: selectors.dashboard_tables(report_filter))


@permission_required("accounts.view_organisation_reports")
def dashboard(request):
    form, report_filter, organisation = _dashboard(request)
    if not form.is_bound:
        form.initial = {"year": report_filter.period.start.year}
    if settings.CELERY_TASK_ALWAYS_EAGER:  # no beat in the embedded default: the reader brings marked groups in
        tasks.refresh_marked_summaries.delay()
    tables = _tables(report_filter) if report_filter else []
    as_of = (caching.cached("dashboard-as-of", report_filter.cache_key, lambda: selectors.figures_as_of(report_filter))
             if report_filter else None)
    period = selectors.report_period(report_filter) if report_filter else None
    return render(request, "reporting/dashboard.html", {
        "form": form, "tables": tables, "period": period, "organisation": organisation, "figures_as_of": as_of,
        "query": querystring(request.GET), "report_filter": report_filter,
        "export_formats": ReportExport.Format.choices,
    })


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("accounts.view_organisation_reports")
def dashboard_export(request, key: str, file_format: str):
    """One table of the dashboard, or all of them ("all"), as CSV or XLSX, with the page's filters.

    A link (GET) gives the file at once; the form (POST) builds it in the background and shows its progress.
    """
    if file_format not in FORMATS:
        raise Http404("Choose CSV or XLSX.")
    form, report_filter, organisation = _dashboard(request)
    if report_filter is None:
        messages.error(request, "The period or filters were not right, so nothing was exported. Check them below.")
        return redirect(f"{reverse('reporting:dashboard')}?{request.GET.urlencode()}")
    if key != "all" and key not in {t.key for t in _tables(report_filter)}:
        raise Http404("There is no such table on the dashboard.")
    period = selectors.report_period(report_filter)
    scope = organisation.name if organisation else "All organisations"
    heading = f"Training report, {period.describe()}, {scope}"
    filename = f"training-report-{key}-{period.start:%Y%m%d}-{period.last_day:%Y%m%d}.{file_format}"
    audit_record(actor=request.user, action="report.export", target=organisation, detail=filename, request=request)
    if request.method == "POST":
        export = services.report_export_request(
            by=request.user, kind=ReportExport.Kind.DASHBOARD, file_format=file_format, organisation=organisation,
            filters={"filter": filter_to_json(report_filter), "key": key, "heading": heading, "filename": filename,
                     "query": request.GET.urlencode()})
        return redirect("reporting:export_detail", pk=export.pk)
    tables = _tables(report_filter)
    if key != "all":
        tables = [t for t in tables if t.key == key]
    write, content_type = FORMATS[file_format]
    return _file(write(tables, heading=heading), content_type, filename)


# --- Serious Violence Duty return ----------------------------------------------------------------

def _svd_form(request):
    form = QuarterForm(request.GET or None)
    if not form.is_bound:
        last_quarter = quarter_of(quarter_of(timezone.localdate()).start - timedelta(days=1))
        form = QuarterForm({"quarter": f"{last_quarter.year}-{last_quarter.number}"})
    return form


@permission_required(PARTNERSHIP)
def svd_return(request):
    form = _svd_form(request)
    tables, quarter, awaiting = [], None, []
    if form.is_valid():
        quarter = form.chosen()
        tables = caching.cached("svd", f"{quarter.year}-{quarter.number}", lambda: svd.svd_return(quarter))
        awaiting = svd.awaiting_approval(quarter)  # read fresh: approving someone must clear it at once
    return render(request, "reporting/svd.html", {"form": form, "tables": tables, "quarter": quarter,
                                                  "awaiting": awaiting,
                                                  "awaiting_total": sum(row["learners"] for row in awaiting),
                                                  "export_formats": ReportExport.Format.choices,
                                                  "query": request.GET.urlencode() or f"quarter={form.data['quarter']}"})


@permission_required(PARTNERSHIP)
def svd_export(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404("Choose CSV or XLSX.")
    form = _svd_form(request)
    if not form.is_valid():
        messages.error(request, "Choose a quarter from the list.")
        return redirect("reporting:svd")
    quarter = form.chosen()
    heading = f"Serious Violence Duty return: training, {quarter.label}"
    filename = f"svd-return-{quarter.year}-q{quarter.number}.{file_format}"
    audit_record(actor=request.user, action="report.export", detail=filename, request=request)
    if request.method == "POST":
        export = services.report_export_request(
            by=request.user, kind=ReportExport.Kind.SVD, file_format=file_format, organisation=None,
            filters={"quarter": f"{quarter.year}-{quarter.number}", "heading": heading, "filename": filename,
                     "query": f"quarter={quarter.year}-{quarter.number}"})
        return redirect("reporting:export_detail", pk=export.pk)
    tables = caching.cached("svd", f"{quarter.year}-{quarter.number}", lambda: svd.svd_return(quarter))
    write, content_type = FORMATS[file_format]
    return _file(write(tables, heading=heading), content_type, filename)


# --- staff lists ------------------------------------------------------------------------------

def _staff_organisation(request) -> Organisation:
    organisation = _lead_organisation(request)
    if organisation is not None:
        return organisation
    form = StaffListForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["organisation"]
    first = Organisation.objects.order_by("name").first()
    if first is None:
        raise Http404("There are no organisations yet.")
    return first


@permission_required("accounts.view_organisation_reports")
def staff_list(request):
    organisation = _staff_organisation(request)
    today = timezone.localdate()
    members = selectors.organisation_members(organisation.pk).select_related("organisation")
    page = Paginator(members, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    modules = selectors.report_modules()
    rows = selectors.staff_status_rows(members=list(page.object_list), modules=modules, today=today)
    refreshers = selectors.refreshers_due(organisation_id=organisation.pk, today=today)
    is_partnership = request.user.has_perm(PARTNERSHIP)
    return render(request, "reporting/staff_list.html", {
        "organisation": organisation, "page": page, "rows": rows, "modules": modules, "refreshers": refreshers,
        "choose_form": StaffListForm(initial={"organisation": organisation}) if is_partnership else None,
        "exports": ReportExport.objects.filter(requested_by=request.user)[:5],
        "formats": ReportExport.Format.choices,
    })


@permission_required("accounts.view_organisation_reports")
def refreshers_export(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404("Choose CSV or XLSX.")
    organisation = _staff_organisation(request)
    table = selectors.refreshers_due(organisation_id=organisation.pk, today=timezone.localdate())
    write, content_type = FORMATS[file_format]
    audit_record(actor=request.user, action="report.export", target=organisation,
                 detail=f"refreshers-due.{file_format}", request=request)
    return _file(write([table], heading=f"{table.title}: {organisation.name}"), content_type,
                 f"refreshers-due.{file_format}")


@require_POST
@permission_required("accounts.view_organisation_reports")
def staff_export_request(request):
    organisation = None
    if request.user.has_perm(PARTNERSHIP) and request.POST.get("organisation"):
        organisation = Organisation.objects.filter(pk=request.POST["organisation"]).first()
        if organisation is None:
            messages.error(request, "That organisation no longer exists. Choose another.")
            return redirect("reporting:staff_list")
    try:
        export = services.staff_export_request(by=request.user, organisation=organisation,
                                               file_format=request.POST.get("file_format", ""))
    except services.ReportError as refusal:
        messages.error(request, str(refusal))
        return redirect("reporting:staff_list")
    audit_record(actor=request.user, action="report.export", target=export.organisation,
                 detail=f"staff list ({export.file_format})", request=request)
    return redirect("reporting:export_detail", pk=export.pk)


def _own_export(request, pk: int) -> ReportExport:
    # Only the person who asked (or an administrator) may follow or download an export: it may name people.
    return visible_export(ReportExport.objects.select_related("organisation"), pk=pk, user=request.user)


@permission_required("accounts.view_organisation_reports")
def export_detail(request, pk: int):
    return render(request, "reporting/export_detail.html", {"export": _own_export(request, pk)})


@permission_required("accounts.view_organisation_reports")
def export_status(request, pk: int):
    export = _own_export(request, pk)
    return export_status_response(export, reverse("reporting:export_download", args=[export.pk]))


@permission_required("accounts.view_organisation_reports")
def export_download(request, pk: int):
    export = _own_export(request, pk)
    if not export.file:
        raise Http404("This export is not ready yet.")
    content_type = exports.XLSX_TYPE if export.file_format == "xlsx" else exports.CSV_TYPE
    name = f"staff-list-{export.pk}.{export.file_format}" if export.kind == ReportExport.Kind.STAFF else export.filename
    return stored_file_response(export.file, content_type=content_type, filename=name)


# --- organisations --------------------------------------------------------------------------------

@permission_required("accounts.manage_programme")
def organisation_list(request):
    organisations = Organisation.objects.select_related("area").order_by("name")
    return render(request, "reporting/organisations.html", {"organisations": organisations})


@permission_required("accounts.manage_programme")
def organisation_edit(request, pk: int | None = None):
    organisation = get_object_or_404(Organisation, pk=pk) if pk else Organisation()
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(organisation=form.save(commit=False),
                                       leads=list(form.cleaned_data.get("leads") or []))
        except services.ReportError as refusal:
            form.add_error("leads", str(refusal))
        else:
            messages.success(request, f"{form.instance.name} saved.")
            return redirect("reporting:organisations")
    return render(request, "reporting/organisation_form.html", {"form": form, "organisation": organisation})


# --- reminders a lead sends to their staff ----------------------------------------------------------

@permission_required("accounts.view_organisation_reports")
def staff_reminder(request):
    """Show what the reminder says and who gets it; send it only when the lead presses the button."""
    organisation = _staff_organisation(request) if request.method == "GET" else _reminder_organisation(request)
    kind = request.POST.get("kind") or request.GET.get("kind") or reminders.NOT_STARTED
    if kind not in reminders.KINDS:
        raise Http404("No such reminder.")
    if request.method == "POST":
        try:
            count = services.reminder_send(organisation=organisation, kind=kind, by=request.user, request=request)
        except reminders.ReminderRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"The reminder is being sent to {count} {'person' if count == 1 else 'people'}.")
            return redirect(f"{reverse('reporting:staff_list')}?organisation={organisation.pk}")
    reminder = reminders.reminder_compose(organisation=organisation, kind=kind, by=request.user)
    return render(request, "reporting/staff_reminder.html", {
        "organisation": organisation, "kind": kind, "kinds": reminders.KINDS.items(), "reminder": reminder,
        "example": reminder.body.replace("{name}", "[their first name]"),
        "next_allowed": reminders.next_allowed(organisation=organisation, kind=kind),
        "choose_organisation": request.user.has_perm(PARTNERSHIP),
    })


def _reminder_organisation(request) -> Organisation:
    organisation = _lead_organisation(request)
    if organisation is not None:
        return organisation  # a lead reminds only their own staff, whatever the form says
    return get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
