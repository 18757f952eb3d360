"""Partnership staff's "Manage" area: bookings pipeline, one booking's actions, sessions, slots, workload, reach."""
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required

from ..models import Session, SessionBooking
from . import selectors, services
from .forms import ConfirmForm, PeriodForm, PipelineFilterForm, ReasonForm, RescheduleForm, SlotForm

staff_only = permission_required(services.MANAGE_PERMISSION)
PAGE_SIZE = 50


def _links() -> list[dict]:
    """The Manage area's sections; school and closure-date pages appear once that part is installed."""
    sections = [
        ("Bookings", "schools:manage"),
        ("Sessions", "schools:manage_sessions"),
        ("Publish sessions", "schools:manage_slot_new"),
        ("Instructors", "schools:manage_workload"),
        ("Schools reached", "schools:manage_reach"),
        ("Schools", "schools:manage_schools"),
        ("Closure dates", "schools:manage_closures"),
    ]
    links = []
    for label, name in sections:
        try:
            links.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return links


def _render(request, template: str, context: dict, **kwargs):
    return render(request, template, {"manage_links": _links(), **context}, **kwargs)


@staff_only
def pipeline(request):
    form = PipelineFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    page = Paginator(selectors.pipeline(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _render(request, "schools/manage/pipeline.html", {
        "form": form, "page": page, "counts": selectors.counts_by_status(), "query": query.urlencode(),
        "current_status": filters.get("status", ""),
    })


def _booking(pk: int) -> SessionBooking:
    return get_object_or_404(
        SessionBooking.objects.select_related("session__instructor", "session__area", "session_type", "school",
                                              "teacher"), pk=pk,
    )


@staff_only
def booking_detail(request, pk: int, forms: dict | None = None, status: int = 200):
    booking = _booking(pk)
    forms = forms or {}
    return _render(request, "schools/manage/booking.html", {
        "booking": booking,
        "events": booking.events.select_related("actor"),
        "attendance": booking.attendance.all(),
        "confirm_form": forms.get("confirm") or ConfirmForm(booking=booking),
        "reschedule_form": forms.get("reschedule") or RescheduleForm(booking=booking),
        "decline_form": forms.get("decline") or ReasonForm(prefix="decline"),
        "cancel_form": forms.get("cancel") or ReasonForm(prefix="cancel"),
    }, status=status)


def _act(request, pk: int, name: str, form, action, success: str):
    """Run one staff action. A form not filled in is shown again with its errors; a refusal is shown at the top."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except services.BookingError as refusal:
            messages.error(request, refusal.message)
            return redirect("schools:manage_booking", pk=pk)
        else:
            messages.success(request, success)
            return redirect("schools:manage_booking", pk=pk)
    return booking_detail(request, pk, forms={name: form})


@require_POST
@staff_only
def booking_confirm(request, pk: int):
    booking = _booking(pk)
    form = ConfirmForm(request.POST, booking=booking)
    return _act(request, pk, "confirm", form, lambda data: services.booking_confirm(
        booking=booking, by=request.user, instructor=data["instructor"], session=data.get("session"),
    ), "Booking confirmed. The teacher has been emailed.")


@require_POST
@staff_only
def booking_decline(request, pk: int):
    booking = _booking(pk)
    form = ReasonForm(request.POST, prefix="decline")
    return _act(request, pk, "decline", form, lambda data: services.booking_decline(
        booking=booking, by=request.user, reason=data["reason"]), "Booking declined. The teacher has been emailed.")


@require_POST
@staff_only
def booking_cancel(request, pk: int):
    booking = _booking(pk)
    form = ReasonForm(request.POST, prefix="cancel")
    return _act(request, pk, "cancel", form, lambda data: services.booking_cancel(
        booking=booking, by=request.user, reason=data["reason"]), "Booking cancelled. The teacher has been emailed.")


@require_POST
@staff_only
def booking_reschedule(request, pk: int):
    booking = _booking(pk)
    form = RescheduleForm(request.POST, booking=booking)
    return _act(request, pk, "reschedule", form, lambda data: services.booking_reschedule(
        booking=booking, by=request.user, session=data["session"], reason=data["reason"],
    ), "Booking moved. The teacher has been emailed a new calendar file.")


@require_POST
@staff_only
def booking_close(request, pk: int):
    booking = _booking(pk)
    try:
        services.booking_close(booking=booking, by=request.user)
    except services.BookingError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Booking closed.")
    return redirect("schools:manage_booking", pk=pk)


def _period(request, default_days: int):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    date_from, date_to = today, today + timedelta(days=default_days)
    if form.is_bound and form.is_valid():
        date_from = form.cleaned_data.get("date_from") or date_from
        date_to = form.cleaned_data.get("date_to") or date_to
    return form, date_from, date_to


@staff_only
def sessions(request):
    form, date_from, date_to = _period(request, 42)
    listed = list(selectors.sessions_calendar(date_from=date_from, date_to=date_to)[:500])
    days: dict = {}
    for session in listed:
        session.places_left = max(session.capacity - session.places_held, 0)
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return _render(request, "schools/manage/sessions.html", {
        "form": form, "days": sorted(days.items()), "date_from": date_from, "date_to": date_to,
    })


@staff_only
def slot_new(request):
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            published = services.slot_publish(
                by=request.user, session_type=data["session_type"], starts_at=form.starts_at(),
                capacity=data["capacity"], instructor=data["instructor"], area=data["area"],
                repeat_until=data["repeat_until"],
            )
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            count = len(published.sessions)
            text = f"{count} session{'s' if count != 1 else ''} published."
            if published.skipped:
                skipped = "; ".join(f"{day:%-d %B} ({name})" for day, name in published.skipped)
                text += f" Skipped closure dates: {skipped}."
            messages.success(request, text)
            return redirect("schools:manage_sessions")
    return _render(request, "schools/manage/slot_new.html", {"form": form})


@staff_only
def slot_cancel(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("session_type", "instructor"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.slot_cancel(session=session, by=request.user, reason=form.cleaned_data["reason"])
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Session cancelled. Every school booked in it has been emailed.")
            return redirect("schools:manage_sessions")
    bookings = session.bookings.filter(status__in=(*services.ACTIVE, "waitlisted")).select_related("school")
    return _render(request, "schools/manage/slot_cancel.html", {"session": session, "form": form,
                                                                 "bookings": bookings})


@staff_only
def workload(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    since, until = today - timedelta(days=365), today + timedelta(days=90)
    if form.is_bound and form.is_valid():
        since = form.cleaned_data.get("date_from") or since
        until = form.cleaned_data.get("date_to") or until
    people = selectors.instructor_workload(since=since, until=until)
    pupils = selectors.pupils_by_instructor(since=since, until=until)
    for person in people:
        person.pupils = pupils.get(person.pk, 0)
    return _render(request, "schools/manage/workload.html", {"form": form, "people": people, "since": since,
                                                              "until": until})


@staff_only
def reach(request):
    schools = list(selectors.schools_reach())
    reached = [s for s in schools if s.reached]
    return _render(request, "schools/manage/reach.html", {
        "reached": reached, "not_reached": [s for s in schools if not s.reached],
    })
