"""Report tables as CSV and XLSX files (the dashboard, the staff list's refreshers, the SVD return).

The files are written by the site's one spreadsheet writer (foundation.spreadsheets), which keeps any
cell from running as a formula.
"""
from decimal import Decimal

from foundation.spreadsheets import CSV_TYPE, XLSX_TYPE, spreadsheet

from .tables import ReportTable, display

__all__ = ["CSV_TYPE", "XLSX_TYPE", "tables_csv", "tables_xlsx"]


def _csv_value(value):
    # Figures as on the page: whole numbers as numbers, rates to one decimal place, other values in words.
    if isinstance(value, bool):
        return display(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(f"{value:.1f}")
    return display(value)


def tables_csv(tables: list[ReportTable], *, heading: str = "") -> bytes:
    """One CSV with each table under its title, a blank line between them. Figures as on the page."""
    file = spreadsheet("csv")
    if heading:
        file.row([heading])
        file.row([])
    for number, table in enumerate(tables):
        if number:
            file.row([])
        if len(tables) > 1 or not heading:
            file.row([table.title])
        file.row(table.columns)
        for row in table.rows:
            file.row([_csv_value(value) for value in row])
        if table.note:
            file.row([table.note])
    return file.content()


def tables_xlsx(tables: list[ReportTable], *, heading: str = "") -> bytes:
    """One worksheet per table, numbers as numbers so they can be summed and charted."""
    file = spreadsheet("xlsx")
    for table in tables:
        file.sheet(table.title)
        if heading:
            file.row([heading], bold=True)
        file.row([table.title], bold=True)
        file.row(table.columns, bold=True)
        for row in table.rows:
            file.row(row)
        if table.note:
            file.row([table.note])
    return file.content()
