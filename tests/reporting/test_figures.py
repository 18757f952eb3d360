"""Every dashboard figure on the hand-built partnership equals the value worked out by hand, for each filter."""
from dataclasses import replace
from datetime import date

import pytest

from lms.reporting import selectors
from lms.reporting.filters import ReportFilter
from lms.reporting.periods import Period

FY2024 = Period.financial_year(2024)
TODAY = date(2026, 1, 1)
Q = ["Apr–Jun 2024", "Jul–Sep 2024", "Oct–Dec 2024", "Jan–Mar 2025", "Whole period"]


def tables(f: ReportFilter) -> dict:
    return {t.key: t for t in selectors.dashboard_tables(f, today=TODAY)}


def row(table, label) -> list:
    return next(r[1:] for r in table.rows if r[0] == label)


@pytest.fixture
def base(partnership):
    return ReportFilter(period=FY2024)


def test_quarters_of_the_financial_year_are_named_from_april(base):
    assert tables(base)["learners"].columns == ["Figure", *Q]


@pytest.mark.parametrize("filters, expected", [
    ({}, {
        "Learners registered": [2, 1, 1, 1, 5],
        "Learners who started a module": [2, 2, 0, 2, 5],
        "Learners who completed a module": [2, 0, 1, 1, 3],
        "Modules completed": [2, 0, 1, 1, 4],
        "Learners who withdrew from a module": [0, 0, 0, 1, 1],
    }),
    ({"organisation": "police"}, {  # p3 is only pending, so not counted
        "Learners registered": [1, 1, 0, 0, 2],
        "Learners who started a module": [1, 2, 0, 0, 2],
        "Learners who completed a module": [1, 0, 1, 0, 1],
        "Modules completed": [1, 0, 1, 0, 2],
        "Learners who withdrew from a module": [0, 0, 0, 0, 0],
    }),
    ({"sector": "local_authority"}, {
        "Learners registered": [0, 0, 1, 1, 2],
        "Learners who started a module": [0, 0, 0, 2, 2],
        "Learners who completed a module": [0, 0, 0, 1, 1],
        "Modules completed": [0, 0, 0, 1, 1],
        "Learners who withdrew from a module": [0, 0, 0, 1, 1],
    }),
    ({"area": "north"}, {  # the area is the person's own, approved or not
        "Learners registered": [2, 1, 0, 0, 3],
        "Learners who started a module": [2, 2, 0, 0, 3],
        "Learners who completed a module": [2, 0, 1, 0, 2],
        "Modules completed": [2, 0, 1, 0, 3],
        "Learners who withdrew from a module": [0, 0, 0, 0, 0],
    }),
    ({"module": "a"}, {  # registrations are not filtered by module
        "Learners registered": [2, 1, 1, 1, 5],
        "Learners who started a module": [2, 1, 0, 1, 4],
        "Learners who completed a module": [2, 0, 0, 1, 3],
        "Modules completed": [2, 0, 0, 1, 3],
        "Learners who withdrew from a module": [0, 0, 0, 0, 0],
    }),
    ({"level": "skilled"}, {
        "Learners registered": [2, 1, 1, 1, 5],
        "Learners who started a module": [0, 1, 0, 1, 2],
        "Learners who completed a module": [0, 0, 1, 0, 1],
        "Modules completed": [0, 0, 1, 0, 1],
        "Learners who withdrew from a module": [0, 0, 0, 1, 1],
    }),
])
def test_learner_figures(partnership, base, filters, expected):
    f = _apply(partnership, base, filters)
    table = tables(f)["learners"]
    assert {label: row(table, label) for label in expected} == expected


def _apply(p, base, filters):
    values = {}
    if "organisation" in filters:
        values["organisation_id"] = {"police": p.police, "council": p.council}[filters["organisation"]].pk
    if "sector" in filters:
        values["sector"] = filters["sector"]
    if "area" in filters:
        values["area_id"] = {"north": p.north, "south": p.south}[filters["area"]].pk
    if "module" in filters:
        values["course_id"] = {"a": p.module_a, "b": p.module_b}[filters["module"]].pk
    if "level" in filters:
        values["level"] = filters["level"]
    if "school" in filters:
        values["school_id"] = {"s1": p.s1, "s2": p.s2, "s3": p.s3}[filters["school"]].pk
    if "session_type" in filters:
        values["session_type_id"] = {"t1": p.t1, "t2": p.t2}[filters["session_type"]].pk
    return replace(base, **values)


@pytest.mark.parametrize("filters, expected", [
    ({}, {"Took the assessment": [2, 1, 1, 1, 5], "Passed": [2, 0, 1, 1, 4],
          "Pass rate (%)": [100.0, 0.0, 100.0, 100.0, 80.0], "Average attempts to pass": [1.5, None, 1.0, 2.0, 1.5]}),
    ({"organisation": "police"}, {"Took the assessment": [1, 1, 1, 0, 3], "Passed": [1, 0, 1, 0, 2],
                                  "Pass rate (%)": [100.0, 0.0, 100.0, None, 66.7],
                                  "Average attempts to pass": [2.0, None, 1.0, None, 1.5]}),
    ({"module": "b"}, {"Took the assessment": [0, 0, 1, 0, 1], "Passed": [0, 0, 1, 0, 1],
                       "Pass rate (%)": [None, None, 100.0, None, 100.0],
                       "Average attempts to pass": [None, None, 1.0, None, 1.0]}),
])
def test_assessment_figures(partnership, base, filters, expected):
    table = tables(_apply(partnership, base, filters))["assessments"]
    assert {label: row(table, label) for label in expected} == expected


@pytest.mark.parametrize("filters, expected", [
    ({}, {"Valid": [2, 1, 2, 2], "Valid but expiring within 60 days": [0, 0, 0, 1], "Expired": [0, 0, 0, 1],
          "Revoked": [0, 1, 1, 1]}),
    ({"organisation": "police"}, {"Valid": [1, 1, 2, 2], "Valid but expiring within 60 days": [0, 0, 0, 1],
                                  "Expired": [0, 0, 0, 0], "Revoked": [0, 0, 0, 0]}),
    ({"area": "south"}, {"Valid": [0, 0, 0, 0], "Valid but expiring within 60 days": [0, 0, 0, 0],
                         "Expired": [0, 0, 0, 1], "Revoked": [0, 0, 0, 0]}),
    ({"level": "skilled"}, {"Valid": [0, 0, 1, 1], "Valid but expiring within 60 days": [0, 0, 0, 0],
                            "Expired": [0, 0, 0, 0], "Revoked": [0, 0, 0, 0]}),
])
def test_certificate_figures_at_each_quarter_end(partnership, base, filters, expected):
    table = tables(_apply(partnership, base, filters))["certificates"]
    assert table.columns[1:] == [f"End of {q}" for q in Q[:4]]
    assert {label: row(table, label) for label in expected} == expected


def test_coverage_by_level_per_organisation(partnership, base):
    table = tables(base)["coverage"]
    assert table.columns == ["Organisation", "Approved staff", "Trauma-informed", "Trauma-skilled", "Trauma-enhanced",
                             "Trauma-specialist"]
    # Council South: c1, c2 and x1 (who joined after the period) are approved; Police North: p1, p2 (p3 pending).
    assert table.rows == [["Council South", 3, 1, 0, 0, 0], ["Police North", 2, 1, 1, 0, 0]]
    assert tables(_apply(partnership, base, {"level": "informed"}))["coverage"].rows == [
        ["Council South", 3, 1, 0, 0, 0], ["Police North", 2, 1, 0, 0, 0]]
    assert tables(_apply(partnership, base, {"organisation": "police"}))["coverage"].rows == [
        ["Police North", 2, 1, 1, 0, 0]]


def test_module_evaluation(partnership, base):
    assert tables(base)["module_evaluation"].rows == [["Module A", 2.0, 4, 4.0, 3], ["Module B", 3.0, 1, 4.0, 1]]
    assert tables(_apply(partnership, base, {"organisation": "police"}))["module_evaluation"].rows == [
        ["Module A", 2.0, 2, 4.0, 1], ["Module B", 3.0, 1, 4.0, 1]]


@pytest.mark.parametrize("filters, expected", [
    ({}, {"Sessions requested": [1, 2, 0, 1, 4], "Sessions confirmed": [1, 1, 0, 0, 2],
          "Sessions delivered": [1, 0, 1, 0, 2], "Sessions cancelled": [0, 1, 0, 0, 1],
          "Schools reached": [1, 0, 1, 0, 2]}),
    ({"school": "s1"}, {"Sessions requested": [1, 1, 0, 0, 2], "Sessions confirmed": [1, 0, 0, 0, 1],
                        "Sessions delivered": [1, 0, 0, 0, 1], "Sessions cancelled": [0, 1, 0, 0, 1],
                        "Schools reached": [1, 0, 0, 0, 1]}),
    ({"session_type": "t2"}, {"Sessions requested": [0, 1, 0, 1, 2], "Sessions confirmed": [0, 0, 0, 0, 0],
                              "Sessions delivered": [0, 0, 0, 0, 0], "Sessions cancelled": [0, 1, 0, 0, 1],
                              "Schools reached": [0, 0, 0, 0, 0]}),
    ({"area": "north"}, {"Sessions requested": [1, 1, 0, 1, 3], "Sessions confirmed": [1, 0, 0, 0, 1],
                         "Sessions delivered": [1, 0, 0, 0, 1], "Sessions cancelled": [0, 1, 0, 0, 1],
                         "Schools reached": [1, 0, 0, 0, 1]}),
])
def test_session_figures(partnership, base, filters, expected):
    table = tables(_apply(partnership, base, filters))["sessions"]
    assert {label: row(table, label) for label in expected} == expected


@pytest.mark.parametrize("filters, expected", [
    ({}, [["Year 7", 20, 0, 0, 0, 20], ["Year 8", 5, 0, 0, 0, 5], ["Year 9", 0, 0, 25, 0, 25],
          ["All year groups", 25, 0, 25, 0, 50]]),
    ({"area": "south"}, [["Year 9", 0, 0, 25, 0, 25], ["All year groups", 0, 0, 25, 0, 25]]),
    ({"session_type": "t2"}, []),
])
def test_pupils_reached_by_year_group(partnership, base, filters, expected):
    assert tables(_apply(partnership, base, filters))["pupils"].rows == expected


@pytest.mark.parametrize("filters, reached, not_reached", [
    ({}, ["Northfield Academy", "Southgate School"], ["Hillside High"]),
    ({"area": "north"}, ["Northfield Academy"], ["Hillside High"]),
    ({"session_type": "t2"}, [], ["Hillside High", "Northfield Academy", "Southgate School"]),
    ({"school": "s3"}, [], ["Hillside High"]),
])
def test_schools_reached_in_the_last_12_months(partnership, base, filters, reached, not_reached):
    found = tables(_apply(partnership, base, filters))
    assert [r[0] for r in found["schools_reached"].rows] == reached
    assert [r[0] for r in found["schools_not_reached"].rows] == not_reached
    if reached:
        assert found["schools_reached"].rows[0][2] in ("Northshire", "Southshire")
    assert all(r[2] == "Northshire" for r in found["schools_not_reached"].rows if r[0] == "Hillside High")


def test_schools_reached_look_back_12_months_from_the_end_of_the_period(partnership):
    # FY 2023-24 ends 31 March 2024: b5 (1 February 2024) reached Southgate within the 12 months before.
    found = tables(ReportFilter(period=Period.financial_year(2023)))
    assert [r[0] for r in found["schools_reached"].rows] == ["Southgate School"]
    assert found["schools_reached"].rows[0][3] == date(2024, 2, 1)


def test_session_type_evaluation_weights_scores_by_pupils(partnership, base):
    assert tables(base)["session_evaluation"].rows == [["Bleed kit basics", 1.8, 4.1, 2]]
    assert tables(_apply(partnership, base, {"school": "s1"}))["session_evaluation"].rows == [
        ["Bleed kit basics", 2.6, 4.2, 1]]


def test_a_lead_dashboard_leaves_out_school_figures(partnership, base):
    keys = [t.key for t in selectors.dashboard_tables(base.scoped_to(partnership.police.pk), today=TODAY)]
    assert keys == ["learners", "assessments", "certificates", "coverage", "module_evaluation"]
