"""Dated sessions, schools' bookings of them, their history, attendance and feedback (counts only, never pupils' names)."""
import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from certificates.achievements import CertificateDetails


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
        # Shown as a choice in staff forms: in UK time, as every time the site shows (stored in UTC).
        starts, ends = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        title = self.session_type.title if self.session_type_id else "Session"
        return f"{title}, {starts:%A %-d %B %Y}, {starts:%H:%M} to {ends:%H:%M}"


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

    def certificate_details(self) -> CertificateDetails:
        """The school's certificate of participation, sent to the teacher who booked."""
        return CertificateDetails(
            achievement=self.session_type,
            achievement_title=self.session_type.title,
            recipient=None,
            recipient_name=self.school.name,
            cpd_hours=0,
            validity_months=self.session_type.refresher_months,
            contact=self.teacher,
        )

    @property
    def preferred_dates_label(self) -> str:
        """The dates the school asked for, in words ("Saturday 27 March 2027"); stored as ISO dates."""
        days = []
        for text in self.preferred_dates.split(","):
            try:
                days.append(f"{date.fromisoformat(text.strip()):%A %-d %B %Y}")
            except ValueError:
                if text.strip():
                    days.append(text.strip())
        return ", ".join(days)

    @property
    def pupils_attended(self) -> int:
        return sum(row.pupils for row in self.attendance.all())


class BookingEvent(models.Model):
    """One change in a booking's life: who did what, when and why."""

    class Action(models.TextChoices):
        REQUESTED = "requested", "Booked"
        DATES_REQUESTED = "dates_requested", "Asked for dates"
        WAITLISTED = "waitlisted", "Joined the waiting list"
        OFFERED = "offered", "Offered a freed place"
        OFFER_ACCEPTED = "offer_accepted", "Accepted the offered place"
        OFFER_EXPIRED = "offer_expired", "Offer not accepted in time"
        CHANGED = "changed", "Details changed"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        RESCHEDULED = "rescheduled", "Moved to another session"
        DELIVERED = "delivered", "Delivered"
        CLOSED = "closed", "Closed"

    booking = models.ForeignKey(SessionBooking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The calendar file sent with this change: its SEQUENCE, and whether it cancels the entry (null: no file).
    sequence = models.PositiveIntegerField(null=True, blank=True)
    cancels_calendar_entry = models.BooleanField(default=False)
    # Set once the teacher's email about this change has gone: a retried task sends nothing more.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["booking", "created_at"], name="bookingevent_booking_created")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} -> {self.to_status}"

    @property
    def action_label(self) -> str:
        try:
            return self.Action(self.action).label
        except ValueError:
            return self.action


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
    """A delivered session's evaluation: the pupils' show of hands, which the instructor counts at the session (with
    the attendance), and the teacher's rating and comments, given afterwards (`rating` is empty until then)."""

    booking = models.OneToOneField(SessionBooking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                                   name="feedback_rating_1_5"),
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


@register_setting(icon="date")
class BookingSettings(BaseSiteSetting):
    """Rules partnership staff set for bookings (Settings > Booking rules in the admin)."""

    teacher_cancel_days = models.PositiveSmallIntegerField(
        default=7, validators=[MaxValueValidator(90)],
        help_text="Teachers can cancel a booking themselves up to this many days before the session.",
    )
    offer_hours = models.PositiveSmallIntegerField(
        default=48, validators=[MinValueValidator(1), MaxValueValidator(336)],
        help_text="Hours a school on the waiting list has to accept a freed place before it goes to the next.",
    )

    class Meta:
        verbose_name = "booking rules"

    @classmethod
    def current(cls) -> "BookingSettings":
        """The default site's rules (background tasks have no request), or the defaults when there is no site."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return cls()
        return cls.for_site(site)


class CalendarFeed(models.Model):
    """The secret address of an instructor's calendar feed; a new token makes the old address stop working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
