"""The dashboard and its exports for partnership staff and organisation leads, on the hand-built partnership."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from lms.reporting import caching, selectors
from lms.reporting.filters import ReportFilter
from lms.reporting.periods import Period
from lms.reporting.tables import display
from tests.reporting.conftest import noon, refresh_summaries
from tests.reporting.helpers import as_text, csv_sections, page_tables, xlsx_sheets

FY2024 = "year=2024"


@pytest.fixture
def staff(client, partnership, make_user):
    user = make_user(roles.PARTNERSHIP_STAFF)
    client.force_login(user)
    return user


@pytest.fixture
def lead(client, partnership, make_user):
    user = make_user(roles.ORGANISATION_LEAD, organisation=partnership.police, area=partnership.north)
    client.force_login(user)
    return user


def test_staff_see_every_table_with_the_figures_worked_out_by_hand(client, staff):
    response = client.get(f"/dashboard/?{FY2024}")
    assert response.status_code == 200
    tables = page_tables(response.content.decode())
    assert list(tables) == ["learners", "assessments", "certificates", "coverage", "module_evaluation",
                            "sessions", "pupils", "schools_reached", "schools_not_reached", "session_evaluation"]
    assert tables["learners"][1] == ["Learners registered", "2", "1", "1", "1", "5"]
    assert tables["sessions"][3] == ["Sessions delivered", "1", "0", "1", "0", "2"]
    assert "Figures from 1 April 2024 to 31 March 2025." in response.content.decode()


def test_exports_hold_the_same_figures_as_the_page(client, staff):
    page = page_tables(client.get(f"/dashboard/?{FY2024}&area={staff_area(client)}").content.decode())
    query = f"{FY2024}&area={staff_area(client)}"
    exported = csv_sections(client.get(f"/dashboard/export/all.csv?{query}").content)
    sheets = xlsx_sheets(client.get(f"/dashboard/export/all.xlsx?{query}").content)
    tables = selectors.dashboard_tables(ReportFilter(period=Period.financial_year(2024), area_id=int(staff_area(client))))
    for table in tables:
        assert page[table.key] == as_text(table), table.key
        assert exported[table.title] == as_text(table), table.key
        sheet = next(rows for title, rows in sheets.items() if table.title.startswith(title[:20]))
        assert [[_same(v) for v in row] for row in sheet[2:]] == [[_same(v) for v in row]
                                                                  for row in [table.columns, *table.rows]], table.key
    single = client.get(f"/dashboard/export/learners.csv?{query}")
    assert single["Content-Disposition"].startswith('attachment; filename="training-report-learners-20240401-20250331')


def _same(value):
    """A cell as a spreadsheet keeps it: 100.0 and 100 are the same number; dates without a time."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return display(value)


def staff_area(client) -> str:
    from accounts.models import Area

    return str(Area.objects.get(slug="north").pk)


def test_a_date_range_and_its_errors(client, staff):
    response = client.get("/dashboard/?start=2024-04-01&end=2024-06-30")
    assert page_tables(response.content.decode())["learners"][0] == ["Figure", "Apr–Jun 2024", "Whole period"]
    for query, message in [
        ("start=2024-07-01&end=2024-06-30", "The last day must be the same as or after the first day."),
        ("start=2024-07-01", "Enter the last day of the period"),
        ("year=abc", "Select a valid choice"),
        ("start=2015-01-01&end=2015-02-01", "Reports start in 2020"),
        ("organisation=999999", "Select a valid choice"),
    ]:
        response = client.get(f"/dashboard/?{query}")
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "There is a problem" in response.content.decode()
        assert page_tables(response.content.decode()) == {}
    assert client.get("/dashboard/export/all.csv?start=2024-07-01").status_code == 302
    assert client.get("/dashboard/export/nothing.csv").status_code == 404
    assert client.get("/dashboard/export/all.pdf").status_code == 404


def test_a_lead_sees_only_their_organisation_on_the_page_and_in_every_export(client, lead, partnership):
    council = partnership.council.pk
    response = client.get(f"/dashboard/?{FY2024}&organisation={council}&sector=local_authority")
    html = response.content.decode()
    assert "Council South" not in html and "Cal One" not in html
    assert "Northfield Academy" not in html  # school figures are the partnership's, not the organisation's
    own = selectors.dashboard_tables(
        ReportFilter(period=Period.financial_year(2024)).scoped_to(partnership.police.pk))
    assert page_tables(html)["learners"] == as_text(own[0])
    assert page_tables(html)["coverage"] == [["Organisation", "Approved staff", "Trauma-informed", "Trauma-skilled",
                                              "Trauma-enhanced", "Trauma-specialist"],
                                             ["Police North", "3", "1", "1", "0", "0"]]
    for path in (f"/dashboard/export/all.csv?{FY2024}&organisation={council}",
                 f"/dashboard/export/coverage.csv?{FY2024}&organisation={council}",
                 f"/dashboard/staff/refreshers.csv?organisation={council}"):
        content = client.get(path).content.decode("utf-8-sig")
        assert "Council South" not in content and "Cal One" not in content, path
    sheets = xlsx_sheets(client.get(f"/dashboard/export/all.xlsx?{FY2024}&organisation={council}").content)
    assert "Council South" not in str(sheets) and "Police North" in str(sheets)
    staff_page = client.get(f"/dashboard/staff/?organisation={council}").content.decode()
    assert "Pat One" in staff_page and "Cal One" not in staff_page and "Cat Two" not in staff_page
    assert "Pam Three" not in staff_page  # pending, not yet a member
    assert client.get("/dashboard/serious-violence-duty/").status_code == 403
    assert client.get("/dashboard/serious-violence-duty/return.csv").status_code == 403
    assert client.get("/dashboard/organisations/").status_code == 403


def test_a_leads_staff_list_file_is_built_in_the_background_and_holds_only_their_staff(
        client, lead, partnership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/staff/export/",
                               {"file_format": "csv", "organisation": partnership.council.pk})
    assert response.status_code == 302
    detail = client.get(response.url)
    assert "Ready: 3 people." in detail.content.decode()
    export_id = response.url.rstrip("/").split("/")[-1]
    status = client.get(f"/dashboard/exports/{export_id}/status/").json()
    assert status["percent"] == 100 and status["download_url"]
    content = b"".join(client.get(status["download_url"]).streaming_content).decode("utf-8-sig")
    assert "Pat One" in content and "Pip Two" in content
    assert "Cal One" not in content and "Council South" not in content
    assert "Certificate lapsed on 19 May 2025" in content and "In progress" in content


def test_nobody_else_can_follow_or_download_an_export(client, lead, partnership, make_user,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/staff/export/", {"file_format": "xlsx"})
    export_id = response.url.rstrip("/").split("/")[-1]
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    for suffix in ("", "status/", "download/"):
        assert client.get(f"/dashboard/exports/{export_id}/{suffix}").status_code == 404


def test_a_lead_without_an_approved_organisation_is_refused(client, partnership, make_user):
    client.force_login(make_user(roles.ORGANISATION_LEAD, organisation=None, area=None))
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/staff/").status_code == 403


def test_the_staff_list_shows_each_persons_status_and_who_needs_a_refresher(client, partnership, make_user):
    from accounts.models import User
    from certificates.models import Certificate
    from django.utils import timezone

    lead = make_user(roles.ORGANISATION_LEAD, organisation=partnership.police, area=partnership.north)
    client.force_login(lead)
    today = timezone.localdate()
    Certificate.objects.filter(pk=partnership.k1.pk).update(valid_until=today + timezone.timedelta(days=30))
    Certificate.objects.filter(pk=partnership.k2.pk).update(valid_until=today - timezone.timedelta(days=1))
    html = client.get("/dashboard/staff/").content.decode()
    rows = {row[0]: row for row in _staff_rows(html)}
    assert rows["Pat One"][2:] == [f"Certificate valid until {today + timezone.timedelta(days=30):%-d %b %Y}",
                                   f"Certificate lapsed on {today - timezone.timedelta(days=1):%-d %b %Y}"]
    assert rows["Pip Two"][2:] == ["In progress", "Not started"]
    refreshers = page_tables(html)["refreshers"]
    assert refreshers[1:] == [["Pat One", "pat.one@example.org", "Module A",
                               f"{today + timezone.timedelta(days=30):%-d %b %Y}"]]
    assert User.objects.filter(full_name="Pam Three").exists() and "Pam Three" not in html


def _staff_rows(html):
    import re

    body = html.split('aria-label="Each person\'s modules (table)"', 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S)[1:]:
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)])
    return rows


def test_dashboard_query_count_is_pinned_and_does_not_grow_with_the_data(client, staff, partnership,
                                                                         django_capture_on_commit_callbacks):
    from lms.reporting.summaries import summaries_rebuild

    def queries():
        from django.core.cache import cache

        from accounts.mfa import second_factor_cache_key
        from lms.reporting.filters import SCHOOL_CHOICES_KEY

        caching.invalidate()
        cache.delete(SCHOOL_CHOICES_KEY)  # counted uncached, as after a school list import
        cache.delete(second_factor_cache_key(staff.pk))  # and the second-factor check, kept only for a minute
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/dashboard/?{FY2024}").status_code == 200
        return [q["sql"][:60] for q in captured.captured_queries]

    client.get("/")  # the first request of a session loads what every later one reuses
    summaries_rebuild()  # as generate_load_data and rebuild_report_summaries leave them
    small = queries()
    with django_capture_on_commit_callbacks(execute=True):  # the summaries follow the new records
        _more_data(partnership)
    refresh_summaries()
    larger = queries()
    assert len(larger) == len(small), "\n".join(set(larger) ^ set(small))
    assert len(small) <= 30


def _more_data(p):
    from courses.models import Enrolment
    from schools.models import SessionAttendance, SessionBooking
    from tests.factories import UserFactory

    for i in range(15):
        user = UserFactory(organisation=p.council, area=p.south)
        Enrolment.objects.create(user=user, course=p.module_a)
        booking = SessionBooking.objects.create(school=p.s3, session_type=p.t1, teacher=p.teacher, year_group=10,
                                                pupils=30, status="delivered", delivered_at=noon(2024, 9, 1))
        SessionAttendance.objects.create(booking=booking, year_group=10, pupils=30)


def test_figures_are_cached_and_start_afresh_when_a_certificate_changes(client, staff, partnership,
                                                                         django_capture_on_commit_callbacks):
    from certificates.models import Certificate

    def valid_at_end_of_q1():
        return page_tables(client.get(f"/dashboard/?{FY2024}").content.decode())["certificates"][1][1]

    assert valid_at_end_of_q1() == "2"
    Certificate.objects.filter(pk=partnership.k1.pk).update(status="revoked", revoked_at=noon(2024, 6, 1))
    assert valid_at_end_of_q1() == "2"  # cached: an update() sends no signal
    with django_capture_on_commit_callbacks(execute=True):
        certificate = Certificate.objects.get(pk=partnership.k1.pk)
        certificate.save()
    assert valid_at_end_of_q1() == "2"  # marked out of date: the learner's request recounted nothing
    refresh_summaries()  # the next minute's refresh recounts Police North and empties the cache
    assert valid_at_end_of_q1() == "1"


def test_a_learner_sees_their_own_confidence_before_and_after_in_my_learning(client, partnership):
    client.force_login(partnership.p1)
    html = client.get("/my-learning/").content.decode()
    assert "Your confidence" in html
    section = html.split("Your confidence", 1)[1]
    assert "Module A" in section and "2.0" in section and "4.0" in section
    client.force_login(partnership.p2)  # started but did not complete: nothing to show yet
    assert "Your confidence" not in client.get("/my-learning/").content.decode()


def test_the_header_links_staff_and_leads_to_reports(client, partnership, make_user):
    for role, sees in ((roles.PARTNERSHIP_STAFF, True), (roles.ORGANISATION_LEAD, True), (roles.LEARNER, False)):
        client.force_login(make_user(role))
        nav = client.get("/").content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
        assert ('href="/dashboard/"' in nav) is sees, role


def test_every_export_is_recorded_in_the_audit_log(client, staff, partnership):
    from accounts.models import AuditEntry

    client.get(f"/dashboard/export/all.xlsx?{FY2024}")
    client.get("/dashboard/serious-violence-duty/return.csv?quarter=2024-1")
    details = list(AuditEntry.objects.filter(action="report.export").values_list("detail", flat=True))
    assert sorted(details) == ["svd-return-2024-q1.csv", "training-report-all-20240401-20250331.xlsx"]
