"""Dated sessions, schools' bookings of them, their history, attendance and feedback (counts only, never pupils' names)."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


class SessionStatus(models.TextChoices):
    OPEN = "open", "Open"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    """A dated slot an instructor can deliver, with room for a number of pupils."""

    session_type = models.ForeignKey("schools.SessionTypePage", on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    area = models.ForeignKey(
        "accounts.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_delivered",
    )
    capacity = models.PositiveSmallIntegerField(help_text="How many pupils the session can take.")
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="session_status_starts"),
            models.Index(fields=["instructor", "starts_at"], name="session_instructor_starts"),
            models.Index(fields=["area", "starts_at"], name="session_area_starts"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.session_type.title if self.session_type_id else 'Session'}, {self.starts_at:%d %B %Y %H:%M}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    WAITLISTED = "waitlisted", "On the waiting list"
    CONFIRMED = "confirmed", "Confirmed"
    DELIVERED = "delivered", "Delivered"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class SessionBooking(models.Model):
    """A school's booking of a session for one class: a year group and a head count, never pupils' names."""

    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
        help_text="Empty while the school has only asked for preferred dates.",
    )
    session_type = models.ForeignKey("schools.SessionTypePage", on_delete=models.PROTECT, related_name="bookings")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="bookings")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_bookings")
    year_group = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(13)])
    pupils = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(max_length=12, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    room = models.CharField(max_length=150, blank=True)
    access_needs = models.TextField(blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    preferred_dates = models.TextField(blank=True, help_text="Dates the school would like when no slot suits.")
    delivery_notes = models.TextField(blank=True, help_text="The instructor's notes after the session.")
    # Calendar files carry one UID per booking and a SEQUENCE that rises with every change.
    ics_sequence = models.PositiveIntegerField(default=0)
    # Waiting list: when a freed place was offered and until when the offer stands.
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # Reminders go once each; these record that they went.
    reminder_week_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["session", "status"], name="booking_session_status"),
            models.Index(fields=["school", "status"], name="booking_school_status"),
            models.Index(fields=["teacher", "status"], name="booking_teacher_status"),
            models.Index(fields=["status", "created_at"], name="booking_status_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(pupils__gt=0), name="booking_pupils_positive"),
            models.CheckConstraint(
                condition=Q(year_group__gte=1) & Q(year_group__lte=13), name="booking_year_group_1_13"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} Year {self.year_group} ({self.get_status_display()})"


class BookingEvent(models.Model):
    """One change in a booking's life: who did what, when and why."""

    booking = models.ForeignKey(SessionBooking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["booking", "created_at"], name="bookingevent_booking_created")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} -> {self.to_status}"


class SessionAttendance(models.Model):
    """How many pupils of one year group attended a booked session."""

    booking = models.ForeignKey(SessionBooking, on_delete=models.CASCADE, related_name="attendance")
    year_group = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(13)])
    pupils = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["year_group"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "year_group"], name="one_attendance_per_year_group"),
            models.CheckConstraint(
                condition=Q(year_group__gte=1) & Q(year_group__lte=13), name="attendance_year_group_1_13"
            ),
        ]

    def __str__(self) -> str:
        return f"Year {self.year_group}: {self.pupils}"


class SessionFeedback(models.Model):
    """The teacher's view of a delivered session."""

    booking = models.OneToOneField(SessionBooking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.booking}"


class ConfidenceStage(models.TextChoices):
    BEFORE = "before", "Before the session"
    AFTER = "after", "After the session"


class ConfidenceCount(models.Model):
    """How many pupils raised a hand for one score (1-5) on one statement, before or after the session."""

    feedback = models.ForeignKey(SessionFeedback, on_delete=models.CASCADE, related_name="confidence_counts")
    statement = models.CharField(max_length=300)
    stage = models.CharField(max_length=6, choices=ConfidenceStage.choices)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    pupils = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["statement", "stage", "score"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "statement", "stage", "score"], name="one_confidence_count_per_score"
            ),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="confidence_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.statement} ({self.stage}, {self.score}): {self.pupils}"
