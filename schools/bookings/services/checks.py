"""The checks every booking change makes first: each refuses with one plain message and writes nothing."""
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from ...models import ClosureDate, Session, SessionBooking, SessionStatus, SessionTypePage
from ..selectors import is_approved_member
from .capacity import ACTIVE, BookingError

MANAGE_PERMISSION = "accounts.manage_programme"
DELIVER_PERMISSION = "accounts.deliver_sessions"


def closure_on(day: date, area) -> ClosureDate | None:
    return (
        ClosureDate.objects.filter(start_date__lte=day, end_date__gte=day)
        .filter(Q(area__isnull=True) | Q(area=area) if area is not None else Q(area__isnull=True))
        .first()
    )


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, g:i a").replace(":00 ", " ")


def _check_member(teacher, school) -> None:
    if not is_approved_member(teacher, school):
        raise PermissionDenied("You can only book for a school you are linked to.")


def _check_class(session_type: SessionTypePage, year_group: int, pupils: int) -> None:
    if pupils is None or pupils < 1:
        raise BookingError("Enter how many pupils will take part: at least 1.")
    if pupils > session_type.max_class_size:
        raise BookingError(
            f"{session_type.title} takes at most {session_type.max_class_size} pupils in one booking. "
            "Book a second session for the rest of the class."
        )
    if session_type.year_groups and year_group not in session_type.year_groups:
        raise BookingError(f"{session_type.title} is for {session_type.year_groups_label}. Choose one of those.")


def _check_date(day: date, area, *, today: date) -> None:
    if day <= today:
        raise BookingError(f"{date_format(day, 'j F Y')} is not in the future. Choose a date from tomorrow on.")
    closure = closure_on(day, area)
    if closure is not None:
        raise BookingError(
            f"{date_format(day, 'j F Y')} is a closure date ({closure.name}): no sessions run that day. "
            "Choose another date."
        )


def _check_session(session: Session, school, *, now: datetime) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise BookingError("This session has been cancelled. Choose another date.")
    if session.starts_at <= now:
        raise BookingError("This session has already taken place. Choose a session in the future.")
    closure = closure_on(_day(session.starts_at), school.area or session.area)
    if closure is not None:
        raise BookingError(
            f"{date_format(_day(session.starts_at), 'j F Y')} is a closure date ({closure.name}): "
            "this session cannot be booked. Choose another date."
        )


def _check_overlap(school, session: Session, *, exclude: SessionBooking | None = None) -> None:
    clash = (
        SessionBooking.objects.filter(
            school=school, status__in=ACTIVE,
            session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at,
        )
        .select_related("session", "session_type")
        .exclude(pk=exclude.pk if exclude else None)
        .first()
    )
    if clash is not None:
        raise BookingError(
            f"{school.name} already has a session booked at that time ({clash.session_type.title}, "
            f"{_when(clash.session.starts_at)}). Choose a time that does not overlap."
        )


def _contact(**fields) -> dict:
    return {key: (fields.get(key) or "").strip() for key in ("room", "access_needs", "contact_name", "contact_phone")}


def _require(user, permission: str, message: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(message)


def _require_staff(user) -> None:
    _require(user, MANAGE_PERMISSION, "Only partnership staff can do this.")


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(f"Give a reason for {what}: the teacher is told it.")
    return reason
