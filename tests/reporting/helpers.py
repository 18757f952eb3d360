"""Reading report tables back out of the page, a CSV export and an XLSX export, to compare them."""
import csv
import io
from html.parser import HTMLParser

from openpyxl import load_workbook

from lms.reporting.tables import display


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._current = None
        self._cell = None
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("table-"):
            self._current = self.tables.setdefault(attrs["id"].removeprefix("table-"), [])
        elif self._current is not None and tag == "tr":
            self._current.append([])
        elif self._current is not None and tag in ("th", "td"):
            self._cell = []
        elif tag == "caption":
            self._hidden_depth += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self._current = None
        elif tag in ("th", "td") and self._cell is not None and self._current is not None:
            self._current[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption":
            self._hidden_depth -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._hidden_depth:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """{table key: rows of cell texts, header row first} for every report table on the page."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def as_text(table) -> list[list[str]]:
    return [list(table.columns), *[[display(v) for v in row] for row in table.rows]]


def csv_sections(content: bytes) -> dict[str, list[list[str]]]:
    """{table title: rows, header first} from a multi-table CSV export."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sections, current = {}, None
    for row in rows[2:]:  # the heading and a blank line
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    return sections


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
