"""XLSX files open tidy in Excel: columns wide enough to read, sheet names Excel accepts and a person can read."""
import io
from datetime import date

from openpyxl import load_workbook

from foundation.spreadsheets import spreadsheet


def _open(file):
    return load_workbook(io.BytesIO(file.content()))


def test_each_column_is_as_wide_as_its_longest_cell_within_bounds():
    file = spreadsheet("xlsx")
    file.sheet("Staff")
    file.row(["Staff list for Police North"], bold=True)  # a title spills over the cells beside it
    file.row(["Name", "Email address", "Completed", "Note"], bold=True)
    file.row(["Al", "priya.sharma@policenorth.example.org", date(2025, 3, 31), "x" * 200])
    file.row(["Bo", "bo@x.example", None, "Short"])
    sheet = _open(file)["Staff"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] == 8  # "Name" and two-letter names: the narrowest readable column, not the title's width
    assert widths["B"] == len("priya.sharma@policenorth.example.org") + 2  # the whole address shows
    assert widths["C"] == len("2025-03-31") + 2  # a date, as Excel shows it, is longer than its heading
    assert widths["D"] == 60  # a long answer does not make a column wider than a screen


def test_a_one_column_sheet_is_as_wide_as_its_text():
    file = spreadsheet("xlsx")
    file.sheet("Notes").row(["Figures below five are shown as <5."])
    assert _open(file)["Notes"].column_dimensions["A"].width == len("Figures below five are shown as <5.") + 2


def test_every_sheet_has_its_own_widths():
    file = spreadsheet("xlsx")
    file.sheet("Wide").row(["Organisation", "A very long organisation name for testing"])
    file.sheet("Narrow").row(["Org", "Name"])
    workbook = _open(file)
    assert workbook["Wide"].column_dimensions["B"].width == len("A very long organisation name for testing") + 2
    assert workbook["Narrow"].column_dimensions["B"].width == 8


def test_long_titles_make_tidy_sheet_names_cut_at_a_word():
    file = spreadsheet("xlsx")
    titles = ["Pupils' confidence before and after each session type", "Schools bleeding-control sessions",
              "Trauma-informed coverage by organisation", "Refresher needed in the next 30 days"]
    for title in titles:
        file.sheet(title).row([title])
    names = _open(file).sheetnames
    assert names == ["Pupils' confidence before", "Schools bleeding-control", "Trauma-informed coverage",
                     "Refresher needed in the next 30"]
    for name, title in zip(names, titles):
        assert len(name) <= 31 and name == name.strip() and title.startswith(name)


def test_sheet_names_drop_characters_excel_refuses_and_stay_unique():
    file = spreadsheet("xlsx")
    for title in ["Oct/Dec: totals?", "Years [7-9] *new*", "Learners", "LEARNERS",
                  "A title much longer than Excel allows for a sheet", "A title much longer than Excel allows!",
                  "", "'Quoted'", "History", "-" * 40]:
        file.sheet(title).row(["x"])
    names = _open(file).sheetnames  # openpyxl reads back only names Excel would open
    assert names == ["Oct-Dec totals", "Years (7-9) new", "Learners", "LEARNERS (2)",
                     "A title much longer than Excel", "A title much longer than (2)",
                     "Sheet", "Quoted", "History sheet", "Sheet (2)"]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)


def test_an_empty_workbook_still_opens_with_a_message():
    sheet = _open(spreadsheet("xlsx"))["Report"]
    assert sheet["A1"].value == "Nothing to show."
