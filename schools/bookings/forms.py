"""Forms for bookings: what teachers, instructors and partnership staff type, checked before a service runs."""
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Area, User

from ..models import BookingStatus, Session, SessionStatus, SessionTypePage
from .services import CONFIDENCE_STATEMENTS

YEAR_CHOICES = [(year, f"Year {year}") for year in range(1, 14)]


def _date(label: str, required=True, help_text="") -> forms.DateField:
    widget = forms.DateInput(format="%Y-%m-%d")
    widget.input_type = "date"
    return forms.DateField(label=label, required=required, help_text=help_text, widget=widget,
                           error_messages={"invalid": f"Enter {label.lower()} as a real date, like 2027-03-27."})


class AvailabilityFilterForm(forms.Form):
    date_from = _date("From", required=False, help_text="")
    date_to = _date("To", required=False, help_text="")
    area = forms.ModelChoiceField(Area.objects.all(), required=False, empty_label="Any area")
    session_type = forms.ModelChoiceField(SessionTypePage.objects.live(), required=False, empty_label="Any session")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The 'from' date must be on or before the 'to' date.")
        return data


class ClassDetailsForm(forms.Form):
    """The class and the day's contact: no pupil is ever named."""

    school = forms.ModelChoiceField(queryset=None, empty_label=None,
                                    error_messages={"invalid_choice": "Choose one of your schools."})
    year_group = forms.TypedChoiceField(choices=YEAR_CHOICES, coerce=int)
    pupils = forms.IntegerField(
        label="Number of pupils", min_value=0, max_value=999,
        error_messages={"required": "Enter how many pupils will take part.",
                        "invalid": "Enter the number of pupils as a whole number, like 28."},
    )
    room = forms.CharField(label="Room", max_length=150, required=False,
                           help_text="Where in the school, e.g. Sports hall.")
    access_needs = forms.CharField(label="Access needs", required=False, widget=forms.Textarea,
                                   help_text="Anything the instructor should know to include every pupil.")
    contact_name = forms.CharField(label="Contact on the day", max_length=150,
                                   error_messages={"required": "Enter the name of the contact on the day."})
    contact_phone = forms.CharField(label="Contact phone number", max_length=30,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel"}),
                                    error_messages={"required": "Enter a phone number for the contact on the day."})

    def __init__(self, *args, schools=None, session_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if session_type is not None and session_type.year_groups:
            # Offer only the years the session is for, rather than refusing the others after submitting.
            years = sorted(session_type.year_groups)
            self.fields["year_group"].choices = [(year, f"Year {year}") for year in years]
            self.fields["year_group"].error_messages["invalid_choice"] = (
                f"{session_type.title} is for {session_type.year_groups_label}. Choose one of those.")
        self.fields["pupils"].widget.input_type = "text"
        self.fields["pupils"].widget.attrs["inputmode"] = "numeric"

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        digits = [c for c in value if c.isdigit()]
        if len(digits) < 10 or any(c not in "0123456789 +()-" for c in value):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or +44 7700 900 982.")
        return value

    def booking_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in
                ("school", "year_group", "pupils", "room", "access_needs", "contact_name", "contact_phone")}


class ChangeBookingForm(ClassDetailsForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("schools", None)
        super().__init__(*args, **kwargs)
        del self.fields["school"]

    def booking_fields(self) -> dict:
        return {key: self.cleaned_data[key] for key in
                ("year_group", "pupils", "room", "access_needs", "contact_name", "contact_phone")}


class RequestDatesForm(ClassDetailsForm):
    session_type = forms.ModelChoiceField(SessionTypePage.objects.live(), empty_label=None, label="Session")
    date_1 = _date("First choice of date")
    date_2 = _date("Second choice (optional)", required=False, help_text="")
    date_3 = _date("Third choice (optional)", required=False, help_text="")

    field_order = ["school", "session_type", "date_1", "date_2", "date_3", "year_group", "pupils"]

    def preferred_dates(self):
        return [self.cleaned_data.get(name) for name in ("date_1", "date_2", "date_3") if self.cleaned_data.get(name)]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea, required=False,
                             help_text="The teacher is told this.")


class ConfirmForm(forms.Form):
    instructor = forms.ModelChoiceField(queryset=None, error_messages={"required": "Choose an instructor."})
    session = forms.ModelChoiceField(queryset=None, required=False, label="Session",
                                     help_text="Only for a request for dates: the session to give the school.")

    def __init__(self, *args, booking=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors()
        self.fields["session"].queryset = Session.objects.filter(
            session_type=booking.session_type, status=SessionStatus.OPEN, starts_at__gt=timezone.now()
        ).select_related("session_type").order_by("starts_at")
        if booking.session_id is not None:
            del self.fields["session"]
        else:
            self.fields["session"].required = True
            self.fields["session"].error_messages["required"] = "Choose the session to give the school."
        if booking.session and booking.session.instructor_id:
            self.initial.setdefault("instructor", booking.session.instructor_id)


class RescheduleForm(forms.Form):
    session = forms.ModelChoiceField(queryset=None, label="New session",
                                     error_messages={"required": "Choose the session to move the booking to."})
    reason = forms.CharField(widget=forms.Textarea, required=False, help_text="The teacher is told this.")

    def __init__(self, *args, booking=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            session_type=booking.session_type, status=SessionStatus.OPEN, starts_at__gt=timezone.now()
        ).exclude(pk=booking.session_id).select_related("session_type").order_by("starts_at")


class MoveBookingForm(forms.Form):
    """A teacher chooses the session to move their booking to, from those with room (selectors.sessions_to_move_to)."""

    session = forms.TypedChoiceField(label="New date", coerce=int, widget=forms.RadioSelect,
                                     error_messages={"required": "Choose the date to move the booking to.",
                                                     "invalid_choice": "That session can no longer take the "
                                                                       "booking. Choose another date."})

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {session.pk: session for session in sessions}
        self.fields["session"].choices = [
            (session.pk, f"{date_format(timezone.localtime(session.starts_at), 'l j F Y, H:i')}"
                         f"{', ' + session.area.name if session.area_id else ''} "
                         f"({session.places_left} place{'s' if session.places_left != 1 else ''} left)")
            for session in sessions
        ]

    def chosen(self):
        return self.sessions[self.cleaned_data["session"]]


def instructors():
    return User.objects.filter(groups__permissions__codename="deliver_sessions", is_active=True).distinct().order_by(
        "full_name"
    )


class SlotForm(forms.Form):
    session_type = forms.ModelChoiceField(SessionTypePage.objects.live(), empty_label=None, label="Session")
    day = _date("Date")
    start_time = forms.TimeField(label="Start time", help_text="For example, 09:30 or 13:15.",
                                 widget=forms.TimeInput(format="%H:%M"),
                                 error_messages={"invalid": "Enter the start time like 09:30."})
    capacity = forms.IntegerField(label="Capacity in pupils", min_value=1, max_value=999,
                                  error_messages={
                                      "min_value": "Enter the number of pupils the session can take: at least 1.",
                                      "invalid": "Enter the capacity as a whole number, like 60."})
    area = forms.ModelChoiceField(Area.objects.all(), required=False, empty_label="Any area")
    instructor = forms.ModelChoiceField(queryset=None, required=False, empty_label="Not yet assigned")
    repeat_until = _date("Repeat weekly until (optional)", required=False,
                         help_text="The end of term. Closure dates such as holidays are skipped.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors()
        self.fields["start_time"].widget.input_type = "time"
        self.fields["capacity"].widget.input_type = "text"
        self.fields["capacity"].widget.attrs["inputmode"] = "numeric"

    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["start_time"]))


class ConfidenceGrid:
    """The pupils' show of hands: for each statement, before and after the session, how many hands for scores 1-5."""

    def add_grid(self):
        self.grid = []
        for index, statement in enumerate(CONFIDENCE_STATEMENTS):
            stages = []
            for stage, stage_label in (("before", "Before the session"), ("after", "After the session")):
                cells = []
                for score in range(1, 6):
                    name = f"s{index}_{stage}_{score}"
                    self.fields[name] = forms.IntegerField(
                        label=f"{stage_label}, score {score}", min_value=0, max_value=999, required=False,
                        error_messages={"invalid": "Enter the number of hands as a whole number, like 12.",
                                        "min_value": "Enter the number of hands as 0 or more."},
                    )
                    self.fields[name].widget.input_type = "text"
                    self.fields[name].widget.attrs["inputmode"] = "numeric"
                    cells.append((score, name))
                stages.append((stage, stage_label, cells))
            self.grid.append((index, statement, stages))

    def grid_fields(self):
        return [
            (statement, [(stage_label, [(score, self[name]) for score, name in cells])
                         for _, stage_label, cells in stages])
            for _, statement, stages in self.grid
        ]

    def confidence(self) -> dict:
        counts = {}
        for _, statement, stages in self.grid:
            for stage, _, cells in stages:
                for score, name in cells:
                    value = self.cleaned_data.get(name)
                    if value:
                        counts[(statement, stage, score)] = value
        return counts


class AttendanceForm(ConfidenceGrid, forms.Form):
    """Pupils who attended by year group (the booked year first, with room for two more) and the pupils' show of
    hands, which the instructor counts at the session."""

    notes = forms.CharField(label="Delivery notes", widget=forms.Textarea, required=False,
                            help_text="How the session went, anything to follow up. Do not name pupils.")

    ROWS = 3

    def __init__(self, *args, booking=None, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(self.ROWS):
            self.fields[f"year_{row}"] = forms.TypedChoiceField(
                label=f"Year group {row + 1}", choices=[("", "None")] + YEAR_CHOICES, coerce=int, required=False,
                empty_value=None,
            )
            self.fields[f"pupils_{row}"] = forms.IntegerField(
                label=f"Pupils in year group {row + 1}", min_value=0, max_value=999, required=False,
                error_messages={"invalid": "Enter the number of pupils as a whole number, like 27.",
                                "min_value": "Enter the number of pupils as 0 or more."},
            )
            self.fields[f"pupils_{row}"].widget.input_type = "text"
            self.fields[f"pupils_{row}"].widget.attrs["inputmode"] = "numeric"
        if booking is not None:
            self.initial.setdefault("year_0", booking.year_group)
        self.order_fields([f"{kind}_{row}" for row in range(self.ROWS) for kind in ("year", "pupils")] + ["notes"])
        self.add_grid()

    def visible_attendance_fields(self):
        grid = {name for _, _, stages in self.grid for _, _, cells in stages for _, name in cells}
        return [self[name] for name in self.fields if name not in grid]

    def clean(self):
        data = super().clean()
        attended: dict[int, int] = {}
        for row in range(self.ROWS):
            year, pupils = data.get(f"year_{row}"), data.get(f"pupils_{row}")
            if pupils and not year:
                self.add_error(f"year_{row}", "Choose the year group of these pupils.")
            elif year and pupils:
                attended[year] = attended.get(year, 0) + pupils
        data["attended"] = attended
        return data


class PupilCertificatesForm(forms.Form):
    names = forms.CharField(
        label="Pupils' names (optional)", widget=forms.Textarea, required=False, max_length=20000,
        help_text="One name per line. Names are printed and then forgotten: we never store them.",
    )
    blank = forms.IntegerField(
        label="Certificates with a blank name line", min_value=0, max_value=60, required=False,
        help_text="For pupils to write their own name.",
        error_messages={"max_value": "Print at most 60 blank certificates at a time.",
                        "invalid": "Enter a whole number, like 30.", "min_value": "Enter 0 or more."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blank"].widget.input_type = "text"
        self.fields["blank"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        data = super().clean()
        names = [" ".join(line.split())[:80] for line in (data.get("names") or "").splitlines() if line.strip()]
        if len(names) > 120:
            raise forms.ValidationError("Print at most 120 named certificates at a time.")
        if not names and not data.get("blank"):
            raise forms.ValidationError("Type at least one name, or choose how many blank certificates to print.")
        data["name_list"] = names
        return data


RATING_CHOICES = [(5, "5: very good"), (4, "4: good"), (3, "3: all right"), (2, "2: poor"), (1, "1: very poor")]


class FeedbackForm(forms.Form):
    """The teacher's view after delivery (the instructor counted the pupils' show of hands at the session)."""

    rating = forms.TypedChoiceField(label="How useful was the session?", choices=RATING_CHOICES, coerce=int,
                                    error_messages={"required": "Choose a rating from 1 to 5."})
    comments = forms.CharField(label="Comments (optional)", widget=forms.Textarea, required=False, max_length=4000)


class PipelineFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any state")] + list(BookingStatus.choices), required=False,
                               label="State")
    search = forms.CharField(required=False, label="School, town, postcode or teacher", max_length=100)
    session_type = forms.ModelChoiceField(SessionTypePage.objects.all(), required=False, empty_label="Any session",
                                          label="Session")
    area = forms.ModelChoiceField(Area.objects.all(), required=False, empty_label="Any area")
    date_from = _date("Sessions from", required=False, help_text="")
    date_to = _date("Sessions to", required=False, help_text="")


class PeriodForm(forms.Form):
    date_from = _date("From", required=False, help_text="")
    date_to = _date("To", required=False, help_text="")
