"""After the session: the instructor records attendance (the school's certificate follows); the teacher's feedback."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from certificates.signals import achievement_completed

from ...models import BookingStatus, ConfidenceCount, SessionAttendance, SessionBooking, SessionFeedback
from .capacity import BookingError, _lock_booking
from .checks import DELIVER_PERMISSION, MANAGE_PERMISSION
from .events import Action, _record


CONFIDENCE_STATEMENTS = (
    "I know when to call 999 and what to tell them.",
    "I know how to press on a wound to slow bleeding.",
    "I would feel able to help someone who is bleeding badly until help arrives.",
)


def can_record(user, booking: SessionBooking) -> bool:
    if user.has_perm(MANAGE_PERMISSION):
        return True
    return booking.session is not None and booking.session.instructor_id == user.pk and user.has_perm(
        DELIVER_PERMISSION
    )


@transaction.atomic
def attendance_record(*, booking: SessionBooking, by, attended: dict[int, int], notes: str = "") -> SessionBooking:
    """Record pupils attended by year group and delivery notes; the school's certificate follows."""
    locked = _lock_booking(booking)
    if not can_record(by, locked):
        raise PermissionDenied("Only the session's instructor can record its attendance.")
    if locked.status != BookingStatus.CONFIRMED:
        raise BookingError(
            f"Attendance can be recorded for a confirmed booking; this one is {locked.get_status_display().lower()}."
        )
    now = timezone.now()
    if locked.session.starts_at > now:
        raise BookingError("Attendance can be recorded once the session has started.")
    counts = {int(year): int(pupils) for year, pupils in attended.items() if pupils}
    if any(pupils < 0 for pupils in counts.values()) or any(not 1 <= year <= 13 for year in counts):
        raise BookingError("Enter the number of pupils for year groups 1 to 13, as whole numbers of 0 or more.")
    if not counts:
        raise BookingError("Enter how many pupils attended: at least 1.")
    SessionAttendance.objects.bulk_create(
        SessionAttendance(booking=locked, year_group=year, pupils=pupils) for year, pupils in sorted(counts.items())
    )
    locked.status = BookingStatus.DELIVERED
    locked.delivered_at = now
    locked.delivery_notes = (notes or "").strip()
    locked.save()
    _record(locked, Action.DELIVERED, by=by, from_status=BookingStatus.CONFIRMED,
            reason=f"{sum(counts.values())} pupils attended")
    achievement_completed.send(sender=SessionBooking, source=locked)
    return locked


@transaction.atomic
def feedback_submit(*, booking: SessionBooking, by, rating: int, comments: str,
                    confidence: dict[tuple[str, str, int], int]) -> SessionFeedback:
    """The teacher's rating and comments, and pupils' confidence before and after by show of hands.

    `confidence` maps (statement, stage, score 1-5) to the number of pupils who raised a hand.
    """
    locked = _lock_booking(booking)
    if locked.status not in (BookingStatus.DELIVERED, BookingStatus.CLOSED):
        raise BookingError("Feedback can be given once the session has been delivered.")
    if SessionFeedback.objects.filter(booking=locked).exists():
        raise BookingError("Feedback for this session has already been given. Thank you.")
    if rating not in range(1, 6):
        raise BookingError("Choose a rating from 1 to 5.")
    for (statement, stage, score), pupils in confidence.items():
        if statement not in CONFIDENCE_STATEMENTS or stage not in ("before", "after") or score not in range(1, 6):
            raise BookingError("Confidence counts must be for the listed statements, before and after, scored 1 to 5.")
        if pupils is None or pupils < 0:
            raise BookingError("Enter the number of pupils as a whole number of 0 or more.")
    attended = locked.attendance.aggregate(total=Sum("pupils"))["total"] or 0
    for statement in CONFIDENCE_STATEMENTS:
        for stage in ("before", "after"):
            hands = sum(p for (s, st, _), p in confidence.items() if s == statement and st == stage)
            if attended and hands > attended:
                raise BookingError(
                    f"More hands ({hands}) than pupils who attended ({attended}) for '{statement}' {stage} "
                    "the session. Check the counts."
                )
    feedback = SessionFeedback.objects.create(
        booking=locked, rating=rating, comments=(comments or "").strip(), submitted_by=by
    )
    ConfidenceCount.objects.bulk_create(
        ConfidenceCount(feedback=feedback, statement=statement, stage=stage, score=score, pupils=pupils)
        for (statement, stage, score), pupils in sorted(confidence.items()) if pupils
    )
    return feedback
