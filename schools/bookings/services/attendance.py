"""At and after the session: the instructor records attendance and the pupils' show of hands (the school's certificate
follows); the teacher's rating and comments afterwards."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
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
def attendance_record(*, booking: SessionBooking, by, attended: dict[int, int], notes: str = "",
                      confidence: dict[tuple[str, str, int], int] | None = None) -> SessionBooking:
    """Record pupils attended by year group, delivery notes and the pupils' confidence before and after by show of
    hands (`confidence` maps (statement, stage, score 1-5) to the hands raised); the school's certificate follows."""
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
    confidence = confidence or {}
    _check_confidence(confidence, attended=sum(counts.values()))
    SessionAttendance.objects.bulk_create(
        SessionAttendance(booking=locked, year_group=year, pupils=pupils) for year, pupils in sorted(counts.items())
    )
    locked.status = BookingStatus.DELIVERED
    locked.delivered_at = now
    locked.delivery_notes = (notes or "").strip()
    locked.save()
    if confidence:
        # The teacher's rating and comments join this row later (feedback_submit).
        evaluation = SessionFeedback.objects.create(booking=locked, rating=None, submitted_by=by)
        _save_confidence(evaluation, confidence)
    _record(locked, Action.DELIVERED, by=by, from_status=BookingStatus.CONFIRMED,
            reason=f"{sum(counts.values())} pupils attended")
    achievement_completed.send(sender=SessionBooking, source=locked)
    return locked


def _check_confidence(confidence: dict[tuple[str, str, int], int], *, attended: int) -> None:
    for (statement, stage, score), pupils in confidence.items():
        if statement not in CONFIDENCE_STATEMENTS or stage not in ("before", "after") or score not in range(1, 6):
            raise BookingError("Confidence counts must be for the listed statements, before and after, scored 1 to 5.")
        if pupils is None or pupils < 0:
            raise BookingError("Enter the number of pupils as a whole number of 0 or more.")
    for statement in CONFIDENCE_STATEMENTS:
        for stage in ("before", "after"):
            hands = sum(p for (s, st, _), p in confidence.items() if s == statement and st == stage)
            if attended and hands > attended:
                raise BookingError(
                    f"More hands ({hands}) than pupils who attended ({attended}) for '{statement}' {stage} "
                    "the session. Check the counts."
                )


def _save_confidence(evaluation: SessionFeedback, confidence: dict[tuple[str, str, int], int]) -> None:
    ConfidenceCount.objects.bulk_create(
        ConfidenceCount(feedback=evaluation, statement=statement, stage=stage, score=score, pupils=pupils)
        for (statement, stage, score), pupils in sorted(confidence.items()) if pupils
    )


def feedback_given(booking: SessionBooking) -> bool:
    """Has the teacher rated the session? (The row may already hold the instructor's show-of-hands counts.)"""
    return SessionFeedback.objects.filter(booking=booking, rating__isnull=False).exists()


@transaction.atomic
def feedback_submit(*, booking: SessionBooking, by, rating: int, comments: str) -> SessionFeedback:
    """The teacher's rating and comments on a delivered session (the instructor counted the show of hands)."""
    locked = _lock_booking(booking)
    if locked.status not in (BookingStatus.DELIVERED, BookingStatus.CLOSED):
        raise BookingError("Feedback can be given once the session has been delivered.")
    if feedback_given(locked):
        raise BookingError("Feedback for this session has already been given. Thank you.")
    if rating not in range(1, 6):
        raise BookingError("Choose a rating from 1 to 5.")
    feedback, _ = SessionFeedback.objects.select_for_update().get_or_create(booking=locked)
    feedback.rating, feedback.comments, feedback.submitted_by = rating, (comments or "").strip(), by
    feedback.save()
    return feedback
