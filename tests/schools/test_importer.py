"""The GIAS importer: upsert by URN, closed schools, rejected rows by line, unreadable files, the LA filter."""
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Area
from schools import gias
from schools.demo import SAMPLE_FILE
from schools.importer import ImportFileError, schools_import
from schools.models import School, SchoolStatus
from tests.schools.factories import gias_file, gias_row

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_schools", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_sample_file_imports_every_school_with_its_details_and_area():
    wiltshire = Area.objects.create(name="Wiltshire", slug="wiltshire")
    out, err = run(SAMPLE_FILE)
    assert err == ""
    assert "13 schools added" in out
    school = School.objects.get(urn=990001)
    assert school.name == "St Mary’s Catholic Primary School"  # the curly apostrophe survives Windows-1252
    assert (school.town, school.postcode, school.local_authority) == ("Devizes", "SN10 2PH", "Wiltshire")
    assert (school.statutory_low_age, school.statutory_high_age, school.phase) == (4, 11, "Primary")
    assert school.area == wiltshire
    assert school.website == "http://www.stmarys-devizes.wilts.sch.uk"
    assert school.domain_list() == ["stmarys-devizes.wilts.sch.uk"]
    assert School.objects.get(urn=990010).area is None  # no Swindon area exists here
    assert School.objects.get(urn=990009).status == SchoolStatus.CLOSED
    assert School.objects.get(urn=990004).email_domains == ""  # not a .sch.uk website: no guess at email


def test_second_run_changes_nothing_and_says_so():
    run(SAMPLE_FILE)
    before = {s.urn: s.updated_at for s in School.objects.all()}
    out, _ = run(SAMPLE_FILE)
    assert "No changes: all 13 schools in the file are already up to date." in out
    assert {s.urn: s.updated_at for s in School.objects.all()} == before


def test_changed_rows_update_the_school_by_urn_and_closed_schools_are_marked_closed(tmp_path):
    gias_file(tmp_path / "a.csv", [gias_row(URN="990101", EstablishmentName="Old Name")])
    run(tmp_path / "a.csv")
    school = School.objects.get(urn=990101)
    school.email_domains = "staff-chosen.example"
    school.save()
    gias_file(tmp_path / "b.csv", [gias_row(URN="990101", EstablishmentName="New Name", **{"EstablishmentStatus (name)": "Closed"})])
    out, _ = run(tmp_path / "b.csv")
    assert "0 schools added, 1 updated, 0 unchanged; 1 marked closed." in out
    school.refresh_from_db()
    assert (school.name, school.status) == ("New Name", SchoolStatus.CLOSED)
    assert school.email_domains == "staff-chosen.example"  # what staff entered is kept
    assert School.objects.count() == 1


@pytest.mark.parametrize("values, reason", [
    ({"URN": ""}, "Line 3: the URN is missing."),
    ({"URN": "12AB"}, 'Line 3: the URN "12AB" is not a number'),
    ({"Postcode": "SN10 XYZ"}, 'Line 3: the postcode "SN10 XYZ" of school 990102 is not a UK postcode.'),
    ({"URN": "990101"}, "Line 3: URN 990101 appears twice; the row on line 2 was used."),
])
def test_each_bad_row_is_reported_with_its_line_and_reason_and_good_rows_are_kept(tmp_path, values, reason):
    rows = [
        gias_row(URN="990101", EstablishmentName="Good One"),
        gias_row(**{"URN": "990102", "EstablishmentName": "Bad One", **values}),
        gias_row(URN="990103", EstablishmentName="Good Two"),
    ]
    out, err = run(gias_file(tmp_path / "schools.csv", rows))
    assert reason in err
    assert "1 row rejected" in out
    assert set(School.objects.values_list("name", flat=True)) == {"Good One", "Good Two"}


def test_a_file_in_the_wrong_encoding_is_refused_and_nothing_changes(tmp_path):
    path = gias_file(tmp_path / "utf8.csv", [gias_row(EstablishmentName="St Mary’s School")], encoding="utf-8")
    with pytest.raises(CommandError) as refusal:
        run(path)
    assert "This file is in UTF-8, but the GIAS export is Windows-1252" in str(refusal.value)
    assert "--encoding utf-8" in str(refusal.value)
    assert not School.objects.exists()
    run(path, "--encoding", "utf-8")  # and the way out it names works
    assert School.objects.get().name == "St Mary’s School"


def test_a_file_that_is_not_a_gias_export_is_refused_with_the_missing_columns(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Name,Town\r\nA school,Devizes\r\n", encoding="cp1252")
    with pytest.raises(CommandError) as refusal:
        run(path)
    assert 'This is not a GIAS establishment export: it has no "URN"' in str(refusal.value)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "schools.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(CommandError) as refusal:
        run(path)
    assert "not plain text" in str(refusal.value)


def test_unreadable_file_exits_non_zero_and_good_files_with_bad_rows_exit_zero(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    missing = subprocess.run(
        [sys.executable, "manage.py", "import_schools", str(tmp_path / "missing.csv")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert missing.returncode != 0
    assert "Nothing was imported. There is no file at" in missing.stderr
    # A file with a bad row is still read: the command succeeds and lists the row.
    out, err = run(gias_file(tmp_path / "bad.csv", [gias_row(URN="")]))
    assert "Line 2: the URN is missing." in err


def test_la_filter_keeps_only_the_named_local_authorities():
    out, _ = run(SAMPLE_FILE, "--la", "swindon")
    assert set(School.objects.values_list("local_authority", flat=True)) == {"Swindon"}
    assert School.objects.count() == 3
    assert "10 rows for other local authorities left out." in out


def _gias_file(tmp_path, rows: list[dict], *, name="gias.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=gias.REQUIRED)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in gias.REQUIRED})
    return path


def _row(urn: int, name: str, **more) -> dict:
    return {"URN": str(urn), "EstablishmentName": name, "LA (name)": "Wiltshire", "Town": "Devizes",
            "EstablishmentStatus (name)": "Open", **more}


def test_a_zero_byte_after_the_first_4_kb_is_refused_plainly_and_nothing_is_imported(tmp_path):
    rows = [_row(880000 + n, f"School number {n} with a long enough name to fill the file") for n in range(200)]
    path = _gias_file(tmp_path, rows)
    data = path.read_bytes()
    assert len(data) > 8192
    position = data.index(b"School number 150")
    path.write_bytes(data[:position] + b"\x00" + data[position:])
    line = data[:position].count(b"\n") + 1
    with pytest.raises(ImportFileError) as refusal:
        schools_import(path=path)
    assert str(refusal.value).startswith(f"Line {line} of the file contains a zero byte")
    assert "Nothing was imported" in str(refusal.value)
    assert not School.objects.filter(urn__gte=880000).exists()


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://attacker.example/\",\"x\")", "\t=1+1", "  +1+1", "@SUM(A1)",
                                  "-2+3"])
def test_a_name_that_would_run_as_a_formula_is_rejected_with_its_line(tmp_path, name):
    path = _gias_file(tmp_path, [_row(880001, "Good School"), _row(880002, name)])
    result = schools_import(path=path)
    assert list(School.objects.filter(urn__gte=880000).values_list("name", flat=True)) == ["Good School"]
    assert len(result.rejected) == 1
    assert str(result.rejected[0]).startswith("Line 3: the name of school 880002 starts like a spreadsheet formula")


def test_ordinary_names_with_dashes_and_spaces_are_kept_as_they_are(tmp_path):
    path = _gias_file(tmp_path, [_row(880003, "  St Mary's C of E - Junior  ", Locality="-")])
    schools_import(path=path)
    school = School.objects.get(urn=880003)
    assert (school.name, school.locality) == ("St Mary's C of E - Junior", "-")
