"""Reporting periods: UK financial years (April to March) split into quarters, with Europe/London day boundaries."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
QUARTER_MONTHS = {1: "Apr–Jun", 2: "Jul–Sep", 3: "Oct–Dec", 4: "Jan–Mar"}


def local_midnight(day: date) -> datetime:
    """The first instant of `day` in the UK, in GMT or BST as it was that day."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def financial_year_of(day: date) -> int:
    """The year the financial year containing `day` starts in: 1 April 2025 to 31 March 2026 is 2025."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}-{str(year + 1)[-2:]}"


@dataclass(frozen=True)
class Quarter:
    """A financial quarter, possibly cut short by the period it sits in. `end` is the first day after it."""

    year: int
    number: int
    start: date
    end: date

    @property
    def label(self) -> str:
        calendar_year = self.year if self.number < 4 else self.year + 1
        return f"{QUARTER_MONTHS[self.number]} {calendar_year}"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def start_at(self) -> datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime:
        return local_midnight(self.end)


def quarter_of(day: date) -> Quarter:
    year = financial_year_of(day)
    number = ((day.month - 4) % 12) // 3 + 1
    start_month = 4 + 3 * (number - 1)
    start = date(year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
    end_month = start_month + 3
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return Quarter(year=year, number=number, start=start, end=end)


@dataclass(frozen=True)
class Period:
    """From `start` up to but not including `end` (dates in the UK)."""

    start: date
    end: date

    @classmethod
    def financial_year(cls, year: int) -> "Period":
        return cls(start=date(year, 4, 1), end=date(year + 1, 4, 1))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def start_at(self) -> datetime:
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime:
        return local_midnight(self.end)

    def up_to(self, today: date) -> "Period":
        """The part of the period that has happened by the end of `today`."""
        return Period(start=self.start, end=min(self.end, today + timedelta(days=1)))

    def quarters(self) -> list[Quarter]:
        """The financial quarters the period touches, each cut to the period."""
        quarters = []
        day = self.start
        while day < self.end:
            whole = quarter_of(day)
            quarters.append(Quarter(whole.year, whole.number, max(whole.start, self.start), min(whole.end, self.end)))
            day = whole.end
        return quarters

    def describe(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.last_day:%-d %B %Y}"
