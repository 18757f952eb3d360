"""A report table: what the page shows, the chart draws from and every export writes, so they always agree."""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone


@dataclass
class ReportTable:
    """Rows of values under column headings; the first column names the row.

    `chart` is "line" or "bar" when a chart is drawn from this table (in the browser, from the table itself).
    """

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    description: str = ""
    chart: str = ""
    note: str = ""
    empty: str = "Nothing to show for this period and these filters."
    # Columns and rows (by heading) the chart leaves out, such as totals and response counts.
    not_charted: tuple = ()

    def cell(self, row_label: str, column: str):
        """The value in the row named `row_label` under `column` (for tests and the SVD return)."""
        index = self.columns.index(column)
        for row in self.rows:
            if row[0] == row_label:
                return row[index]
        raise KeyError(row_label)

    def column(self, column: str) -> list:
        index = self.columns.index(column)
        return [row[index] for row in self.rows]


def display(value) -> str:
    """How a value reads on the page and in a CSV: numbers plain, no value as a dash, dates in words."""
    if value is None:
        return "–"
    if isinstance(value, float):
        # Halves round up, as Django's floatformat does on learners' pages: 2.25 reads 2.3 everywhere.
        return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%-d %b %Y}"
    if isinstance(value, date):
        return f"{value:%-d %b %Y}"
    return str(value)
