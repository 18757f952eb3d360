"""What a report is asked for: the period and the filters, parsed from the query string into one hashable value."""
import hashlib
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Area, Organisation, Sector
from courses.models import CoursePage, Level

from .periods import Period, financial_year_label, financial_year_of

FIRST_YEAR = 2020
LONGEST_RANGE_DAYS = 5 * 366
SCHOOL_CHOICES_KEY = "reporting:school-choices"
SCHOOL_CHOICES_SECONDS = 5 * 60


@dataclass(frozen=True)
class ReportFilter:
    """One filter set. `own_organisation` is set for organisation leads: every figure is limited to it."""

    period: Period
    organisation_id: int | None = None
    sector: str = ""
    area_id: int | None = None
    course_id: int | None = None
    level: str = ""
    school_id: int | None = None
    session_type_id: int | None = None
    own_organisation: bool = False

    def scoped_to(self, organisation_id: int) -> "ReportFilter":
        return replace(self, organisation_id=organisation_id, sector="", own_organisation=True)

    @property
    def cache_key(self) -> str:
        raw = repr(sorted(asdict(self).items()))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    @property
    def filters_learners(self) -> bool:
        return bool(self.organisation_id or self.sector or self.course_id or self.level)

    @property
    def filters_schools(self) -> bool:
        return bool(self.school_id or self.session_type_id)


def current_financial_year() -> int:
    return financial_year_of(timezone.localdate())


def _school_choices() -> list[tuple]:
    """Every school, for the filter list: hundreds (thousands after a GIAS import) on every dashboard view, changing
    rarely, so kept in the cache for a few minutes as plain pairs. A chosen school is still checked in the database."""
    from schools.models import School

    choices = cache.get(SCHOOL_CHOICES_KEY)
    if choices is None:
        choices = [("", "All schools"), *School.objects.order_by("name").values_list("pk", "name")]
        cache.set(SCHOOL_CHOICES_KEY, choices, SCHOOL_CHOICES_SECONDS)
    return choices


def _year_choices() -> list[tuple[str, str]]:
    return [(str(y), f"April {y} to March {y + 1} ({financial_year_label(y)})")
            for y in range(current_financial_year(), FIRST_YEAR - 1, -1)]


class DashboardFilterForm(forms.Form):
    """The period and filters; a lead's form has no organisation or sector (theirs is fixed)."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    start = forms.DateField(label="Or from", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text="For example 1 April 2025. Leave both dates empty to use the financial year.")
    end = forms.DateField(label="To (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False,
                                          empty_label="All organisations")
    sector = forms.ChoiceField(choices=[("", "All sectors"), *Sector.choices], required=False)
    area = forms.ModelChoiceField(queryset=Area.objects.all(), required=False, empty_label="All areas")
    module = forms.ModelChoiceField(queryset=CoursePage.objects.order_by("title"), required=False,
                                    empty_label="All modules")
    level = forms.ChoiceField(choices=[("", "All levels"), *Level.choices], required=False)
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")
    session_type = forms.ModelChoiceField(queryset=None, required=False, empty_label="All session types")

    def __init__(self, data=None, *, own_organisation: bool = False):
        super().__init__(data)
        from schools.models import School, SessionTypePage

        self.own_organisation = own_organisation
        self.fields["year"].choices = _year_choices()
        self.fields["school"].queryset = School.objects.only("pk", "name")
        self.fields["session_type"].queryset = SessionTypePage.objects.order_by("title").only("pk", "title")
        self.fields["module"].queryset = CoursePage.objects.order_by("title").only("pk", "title")
        if own_organisation:
            for name in ("organisation", "sector", "school", "session_type"):
                del self.fields[name]
        else:
            self.fields["school"].choices = _school_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and not end:
            self.add_error("end", "Enter the last day of the period, or clear the first day to use a financial year.")
        elif end and not start:
            self.add_error("start", "Enter the first day of the period, or clear the last day to use a financial year.")
        elif start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day.")
            elif (end - start).days > LONGEST_RANGE_DAYS:
                self.add_error("end", "Choose a period of 5 years or less.")
            elif start.year < FIRST_YEAR:
                self.add_error("start", f"Reports start in {FIRST_YEAR}. Choose a later first day.")
        return data

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            period = Period(start=data["start"], end=data["end"] + timedelta(days=1))
        else:
            period = Period.financial_year(data.get("year") or current_financial_year())

        def pk(name):
            value = data.get(name)
            return value.pk if value is not None else None

        return ReportFilter(
            period=period,
            organisation_id=pk("organisation"),
            sector=data.get("sector") or "",
            area_id=pk("area"),
            course_id=pk("module"),
            level=data.get("level") or "",
            school_id=pk("school"),
            session_type_id=pk("session_type"),
        )


def default_filter(today: date | None = None) -> ReportFilter:
    return ReportFilter(period=Period.financial_year(financial_year_of(today or timezone.localdate())))


def querystring(data) -> str:
    """The request's filter parameters, to carry into export links."""
    keys = ("year", "start", "end", "organisation", "sector", "area", "module", "level", "school", "session_type")
    return urlencode([(k, data.get(k)) for k in keys if data.get(k)])


def filter_to_json(report_filter: ReportFilter) -> dict:
    """A filter set as JSON, to build an export from later."""
    data = asdict(report_filter)
    data["period"] = {"start": report_filter.period.start.isoformat(), "end": report_filter.period.end.isoformat()}
    return data


def filter_from_json(data: dict) -> ReportFilter:
    period = Period(start=date.fromisoformat(data["period"]["start"]), end=date.fromisoformat(data["period"]["end"]))
    return ReportFilter(**{**data, "period": period})
