"""Writing report tables as CSV and XLSX, and the quarterly Serious Violence Duty return."""
import csv
import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from .tables import ReportTable, display

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value):
    text = display(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet: start it with a quote instead.
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text)):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def tables_csv(tables: list[ReportTable], *, heading: str = "") -> bytes:
    """One CSV with each table under its title, a blank line between them. Figures as on the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    if heading:
        writer.writerow([heading])
        writer.writerow([])
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        if len(tables) > 1 or not heading:
            writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_csv_value(value) for value in row])
        if table.note:
            writer.writerow([table.note])
    # A byte order mark so Excel opens the file as UTF-8 (names with accents, the en dash in quarter names).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, date)) or value is None:
        return value
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def tables_xlsx(tables: list[ReportTable], *, heading: str = "") -> bytes:
    """One worksheet per table, numbers as numbers so they can be summed and charted."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    used = set()
    for table in tables:
        name = _sheet_name(table.title, used)
        sheet = workbook.create_sheet(title=name)
        if heading:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = bold
            sheet.append([cell])
        title = WriteOnlyCell(sheet, value=table.title)
        title.font = bold
        sheet.append([title])
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_value(value) for value in row])
        if table.note:
            sheet.append([table.note])
    if not tables:
        workbook.create_sheet(title="Report").append(["Nothing to show."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name
