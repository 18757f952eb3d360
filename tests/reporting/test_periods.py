"""Financial years start on 1 April, quarters end where the calendar's do, and days start at UK midnight."""
from datetime import date, datetime, timezone

from lms.reporting.periods import Period, financial_year_of, quarter_of

UTC = timezone.utc


def test_the_financial_year_turns_on_1_april():
    assert financial_year_of(date(2025, 3, 31)) == 2024
    assert financial_year_of(date(2025, 4, 1)) == 2025


def test_quarters_run_april_to_june_first_and_january_to_march_last():
    year = Period.financial_year(2025)
    assert [(q.number, q.start, q.end, q.label) for q in year.quarters()] == [
        (1, date(2025, 4, 1), date(2025, 7, 1), "Apr–Jun 2025"),
        (2, date(2025, 7, 1), date(2025, 10, 1), "Jul–Sep 2025"),
        (3, date(2025, 10, 1), date(2026, 1, 1), "Oct–Dec 2025"),
        (4, date(2026, 1, 1), date(2026, 4, 1), "Jan–Mar 2026"),
    ]
    assert quarter_of(date(2026, 3, 31)).number == 4 and quarter_of(date(2026, 4, 1)).number == 1


def test_days_start_at_midnight_uk_time_in_summer_and_winter():
    # 1 April is in British Summer Time: midnight is 23:00 UTC the day before.
    assert Period.financial_year(2024).start_at.astimezone(UTC) == datetime(2024, 3, 31, 23, 0, tzinfo=UTC)
    # 1 January is in Greenwich Mean Time: midnight is midnight UTC.
    assert quarter_of(date(2025, 1, 1)).start_at.astimezone(UTC) == datetime(2025, 1, 1, 0, 0, tzinfo=UTC)
    # The clocks went forward on 30 March 2025, so 1 April 2025 starts at 23:00 UTC on 31 March.
    assert Period.financial_year(2024).end_at.astimezone(UTC) == datetime(2025, 3, 31, 23, 0, tzinfo=UTC)


def test_a_date_range_is_cut_into_the_quarters_it_touches():
    period = Period(start=date(2025, 5, 15), end=date(2025, 11, 1))
    assert [(q.start, q.end) for q in period.quarters()] == [
        (date(2025, 5, 15), date(2025, 7, 1)), (date(2025, 7, 1), date(2025, 10, 1)),
        (date(2025, 10, 1), date(2025, 11, 1)),
    ]


def test_a_period_stops_at_today():
    assert Period.financial_year(2025).up_to(date(2025, 8, 3)) == Period(date(2025, 4, 1), date(2025, 8, 4))
    assert len(Period.financial_year(2025).up_to(date(2025, 8, 3)).quarters()) == 2
