"""Thin views for teachers (book, change, move, cancel, certificates, feedback), instructors (sessions, attendance)."""
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from certificates.models import Certificate

from ..models import BookingStatus, CalendarFeed, SessionBooking, SessionStatus
from . import calendar, pdf, selectors, services
from .forms import (
    AttendanceForm,
    AvailabilityFilterForm,
    ChangeBookingForm,
    ClassDetailsForm,
    FeedbackForm,
    MoveBookingForm,
    PupilCertificatesForm,
    ReasonForm,
    RequestDatesForm,
)

BOOK = "accounts.book_sessions"
DELIVER = "accounts.deliver_sessions"
teachers_only = permission_required(BOOK)
instructors_only = permission_required(DELIVER)


def _own_booking(request, pk: int) -> SessionBooking:
    """A booking of one of this teacher's schools; any other is as if it did not exist."""
    booking = selectors.booking_for_teacher(request.user, pk)
    if booking is None:
        raise Http404("No booking of your schools has this number.")
    return booking


# --- teachers --------------------------------------------------------------------------------------

@teachers_only
def booking_list(request):
    schools = list(selectors.schools_for_teacher(request.user))
    bookings = list(selectors.bookings_for_teacher(request.user)) if schools else []
    active = [b for b in bookings if b.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED,
                                                    BookingStatus.WAITLISTED)]
    # Current bookings soonest first (requests for dates, with no session yet, after them); past ones latest first.
    active.sort(key=lambda b: (b.session is None, b.session.starts_at if b.session else b.created_at, b.pk))
    return render(request, "schools/bookings/list.html", {
        "schools": schools, "active": active, "others": [b for b in bookings if b not in active],
    })


@teachers_only
def availability(request):
    schools = list(selectors.schools_for_teacher(request.user))
    initial_area = schools[0].area_id if len(schools) == 1 and schools[0].area_id else None
    data = request.GET if request.GET else None
    form = AvailabilityFilterForm(data, initial={"area": initial_area})
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    elif not form.is_bound and initial_area:
        filters = {"area": schools[0].area}
    sessions = list(selectors.sessions_available(**filters)[:200])
    for session in sessions:
        session.places_left = max(session.capacity - session.places_held, 0)
    return render(request, "schools/bookings/availability.html", {
        "form": form, "sessions": sessions, "schools": schools,
    })


def _class_form(request, form_class, **kwargs):
    schools = selectors.schools_for_teacher(request.user)
    form = form_class(request.POST or None, schools=schools, **kwargs)
    if len(schools) == 1:
        form.fields["school"].initial = schools[0].pk
    return form


@teachers_only
def booking_new(request, session_id: int):
    session = selectors.session_with_places(session_id)
    if session is None:
        raise Http404("No session has this number.")
    if not selectors.schools_for_teacher(request.user).exists():
        messages.error(request, "You need to be linked to a school before you can book.")
        return redirect("schools:booking_list")
    form = _class_form(request, ClassDetailsForm, initial={"contact_name": request.user.get_full_name()},
                       session_type=session.session_type)
    schools = list(form.fields["school"].queryset)
    clashes = selectors.clashing_bookings(schools=schools, session=session)
    full = False
    if request.method == "POST" and form.is_valid():
        fields = form.booking_fields()
        join_waiting_list = request.POST.get("waiting_list") == "1"
        clash = clashes.get(fields["school"].pk)
        if clash is not None:
            # Refused as the booking service would refuse it: never queue a class that could not take the place.
            form.add_error(None, _clash_message(fields["school"], clash))
        else:
            try:
                if join_waiting_list:
                    booking = services.waitlist_join(session=session, teacher=request.user, **fields)
                    messages.success(request, f"{booking.school.name} is on the waiting list. We will email you if a "
                                              "place is freed.")
                else:
                    booking = services.booking_create(session=session, teacher=request.user, **fields)
                    messages.success(request, "Booking received. We have emailed you the details and a calendar file.")
                return redirect("schools:booking_detail", pk=booking.pk)
            except services.BookingFull as refusal:
                form.add_error(None, refusal.message)
                full = True
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
    session.places_left = max(session.capacity - session.places_held, 0)
    return render(request, "schools/bookings/book.html", {
        "session": session, "form": form, "full": full, "cancelled": session.status == SessionStatus.CANCELLED,
        # Every school the teacher could book for already has a session then: nothing here can be booked or queued.
        "clash_messages": [_clash_message(school, clashes[school.pk]) for school in schools if school.pk in clashes],
        "all_clash": bool(schools) and all(school.pk in clashes for school in schools),
    })


def _clash_message(school, clash) -> str:
    return (f"{school.name} already has a session booked at that time ({clash.session_type.title}, "
            f"{date_format(timezone.localtime(clash.session.starts_at), 'l j F Y, H:i')}). "
            "Choose a time that does not overlap.")


@teachers_only
def request_dates(request):
    if not selectors.schools_for_teacher(request.user).exists():
        messages.error(request, "You need to be linked to a school before you can book.")
        return redirect("schools:booking_list")
    form = _class_form(request, RequestDatesForm, initial={"contact_name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_request_dates(
                session_type=form.cleaned_data["session_type"], teacher=request.user,
                preferred_dates=form.preferred_dates(), **form.booking_fields(),
            )
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Request received. Partnership staff will offer you a session.")
            return redirect("schools:booking_detail", pk=booking.pk)
    return render(request, "schools/bookings/request_dates.html", {"form": form})


def _school_certificate(booking) -> Certificate | None:
    source_type = ContentType.objects.get_for_model(SessionBooking)
    return Certificate.objects.current().filter(source_content_type=source_type, source_object_id=booking.pk).first()


@teachers_only
def booking_detail(request, pk: int):
    booking = _own_booking(request, pk)
    delivered = booking.status in (BookingStatus.DELIVERED, BookingStatus.CLOSED)
    return render(request, "schools/bookings/detail.html", {
        "booking": booking,
        "events": booking.events.select_related("actor"),
        "attendance": booking.attendance.all() if delivered else [],
        "certificate": _school_certificate(booking) if delivered else None,
        "delivered": delivered,
        "has_feedback": delivered and services.feedback_given(booking),
        "can_change": booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED),
        "cancel_days": services.booking_settings().teacher_cancel_days,
    })


@teachers_only
def booking_calendar(request, pk: int):
    """The booking's calendar entry to download, the same entry (UID and SEQUENCE) the emails carry."""
    booking = _own_booking(request, pk)
    if booking.session is None or booking.status not in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED):
        raise Http404("This booking has no session in the calendar.")
    response = HttpResponse(calendar.booking_ics(booking, sequence=max(booking.ics_sequence - 1, 0)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response


@teachers_only
def booking_change(request, pk: int):
    booking = _own_booking(request, pk)
    initial = {key: getattr(booking, key) for key in
               ("year_group", "pupils", "room", "access_needs", "contact_name", "contact_phone")}
    form = ChangeBookingForm(request.POST or None, initial=initial, session_type=booking.session_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_change(booking=booking, by=request.user, **form.booking_fields())
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Your booking has been updated.")
            return redirect("schools:booking_detail", pk=booking.pk)
    return render(request, "schools/bookings/change.html", {"booking": booking, "form": form})


@teachers_only
def booking_move(request, pk: int):
    """Move the booking to another date in one step: choose the session, then confirm the move."""
    booking = _own_booking(request, pk)
    if booking.session is None or booking.status not in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED):
        raise Http404("Only a requested or confirmed booking with a session can be moved.")
    form = MoveBookingForm(request.POST or None, sessions=selectors.sessions_to_move_to(booking))
    chosen = None
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        if request.POST.get("confirm") == "1":
            try:
                services.booking_move(booking=booking, by=request.user, session=chosen)
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
                chosen = None
            else:
                messages.success(request, "Your booking has moved. Partnership staff will confirm the new date; we "
                                          "have emailed you the details and an updated calendar file.")
                return redirect("schools:booking_detail", pk=booking.pk)
    return render(request, "schools/bookings/move.html", {
        "booking": booking, "form": form, "chosen": chosen,
        "cancel_days": services.booking_settings().teacher_cancel_days,
    })


@teachers_only
def booking_cancel(request, pk: int):
    booking = _own_booking(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Your booking has been cancelled. We have emailed you to confirm.")
            return redirect("schools:booking_detail", pk=booking.pk)
    return render(request, "schools/bookings/cancel.html", {
        "booking": booking, "form": form, "cancel_days": services.booking_settings().teacher_cancel_days,
    })


@require_POST
@teachers_only
def offer_accept(request, pk: int):
    booking = _own_booking(request, pk)
    try:
        services.offer_accept(booking=booking, by=request.user)
    except services.BookingError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "You have accepted the place. Partnership staff will now confirm the booking; we have "
                                  "emailed you the details and a calendar file.")
    return redirect("schools:booking_detail", pk=booking.pk)


def _delivered_booking(request, pk: int) -> SessionBooking:
    booking = _own_booking(request, pk)
    if booking.status not in (BookingStatus.DELIVERED, BookingStatus.CLOSED):
        raise Http404("Certificates and feedback open once the session has been delivered.")
    return booking


@teachers_only
def pupil_certificates(request, pk: int):
    booking = _delivered_booking(request, pk)
    form = PupilCertificatesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        content = pdf.pupil_certificates_pdf(
            booking=booking, names=form.cleaned_data["name_list"], blank=form.cleaned_data.get("blank") or 0
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="pupil-certificates-{booking.pk}.pdf"'
        # The names typed are in this response only: never cached, never stored.
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "schools/bookings/pupil_certificates.html", {"booking": booking, "form": form})


@teachers_only
def feedback(request, pk: int):
    booking = _delivered_booking(request, pk)
    if services.feedback_given(booking):
        messages.info(request, "Feedback for this session has already been given. Thank you.")
        return redirect("schools:booking_detail", pk=booking.pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(booking=booking, by=request.user, rating=form.cleaned_data["rating"],
                                     comments=form.cleaned_data["comments"])
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("schools:booking_detail", pk=booking.pk)
    return render(request, "schools/bookings/feedback.html", {"booking": booking, "form": form})


# --- instructors ---------------------------------------------------------------------------------------

@instructors_only
def instructor_sessions(request):
    upcoming, past = selectors.sessions_for_instructor(request.user)
    feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
    return render(request, "schools/instructor/sessions.html", {
        "upcoming": upcoming, "past": past,
        "feed_url": request.build_absolute_uri(reverse("schools:instructor_feed", args=[feed.token])),
    })


@require_POST
@instructors_only
def instructor_feed_reset(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    CalendarFeed.objects.create(user=request.user)
    messages.success(request, "Your calendar has a new address. The old one no longer works.")
    return redirect("schools:instructor_sessions")


def instructor_feed(request, token: str):
    """The instructor's sessions as a calendar feed. The secret address is the key: calendar apps cannot sign in."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active or not feed.user.has_perm(DELIVER):
        raise Http404("No calendar has this address.")
    content = calendar.instructor_feed(feed.user, selectors.feed_sessions(feed.user))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@instructors_only
def attendance(request, pk: int):
    booking = get_object_or_404(
        SessionBooking.objects.select_related("session__session_type", "school", "session_type"), pk=pk
    )
    if not services.can_record(request.user, booking):
        raise Http404("No session of yours has this booking.")
    form = AttendanceForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(booking=booking, by=request.user, attended=form.cleaned_data["attended"],
                                       notes=form.cleaned_data["notes"], confidence=form.confidence())
        except services.BookingError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Attendance recorded for {booking.school.name}. The school's certificate is "
                                      "on its way to the teacher.")
            return redirect("schools:instructor_sessions")
    return render(request, "schools/instructor/attendance.html", {"booking": booking, "form": form})
