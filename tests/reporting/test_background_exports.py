"""Every table and the SVD return are built in the background (Celery), followed on a progress page, and
downloadable only by whoever asked (and administrators); a lead's file holds only their organisation."""
from accounts import roles
from lms.reporting import selectors
from lms.reporting.filters import ReportFilter
from lms.reporting.models import ReportExport
from lms.reporting.periods import Period
from tests.reporting.helpers import as_text, csv_sections, xlsx_sheets
from tests.reporting.test_views import FY2024, staff  # noqa: F401 (a fixture)


def _prepare(client, path, capture):
    with capture(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    export = ReportExport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    return export, client.get(response.url).content.decode()


def _download(client, export) -> bytes:
    response = client.get(f"/dashboard/exports/{export.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_staff_prepare_every_table_in_the_background_and_download_it(client, staff, partnership,
                                                                      django_capture_on_commit_callbacks):
    page = client.get(f"/dashboard/?{FY2024}").content.decode()
    assert f'action="/dashboard/export/all.xlsx?{FY2024}"' in page and 'method="post"' in page
    export, detail = _prepare(client, f"/dashboard/export/all.xlsx?{FY2024}&area={partnership.north.pk}",
                              django_capture_on_commit_callbacks)
    assert export.kind == "dashboard" and export.status == "done"
    assert "Download the file" in detail and 'data-export-status="/dashboard/exports/' in detail
    assert f"/dashboard/exports/{export.pk}/download/" in detail
    status = client.get(f"/dashboard/exports/{export.pk}/status/").json()
    assert status["percent"] == 100 and status["download_url"] == f"/dashboard/exports/{export.pk}/download/"
    sheets = xlsx_sheets(_download(client, export))
    tables = selectors.dashboard_tables(ReportFilter(period=Period.financial_year(2024), area_id=partnership.north.pk))
    assert sheets["Learners"][3:] == [list(r) for r in tables[0].rows]
    response = client.get(f"/dashboard/exports/{export.pk}/download/")
    assert 'filename="training-report-all-20240401-20250331.xlsx"' in response["Content-Disposition"]


def test_the_csv_holds_the_same_figures_as_the_page(client, staff, django_capture_on_commit_callbacks):
    export, _ = _prepare(client, f"/dashboard/export/all.csv?{FY2024}", django_capture_on_commit_callbacks)
    sections = csv_sections(_download(client, export))
    for table in selectors.dashboard_tables(ReportFilter(period=Period.financial_year(2024))):
        assert sections[table.title] == as_text(table), table.key


def test_without_javascript_the_progress_page_has_a_refresh_link_until_the_file_is_ready(client, staff):
    response = client.post(f"/dashboard/export/all.csv?{FY2024}")  # the task runs after the commit: not yet
    detail = client.get(response.url).content.decode()
    assert "Waiting to start." in detail and "Refresh to see progress" in detail
    assert "data-export-download hidden" in detail
    assert "certificates/export_progress.js" in detail  # the one progress script, shared with certificates


def test_a_leads_file_holds_only_their_organisation(client, partnership, make_user,
                                                   django_capture_on_commit_callbacks):
    client.force_login(make_user(roles.ORGANISATION_LEAD, organisation=partnership.police, area=partnership.north))
    export, _ = _prepare(client, f"/dashboard/export/all.csv?{FY2024}&organisation={partnership.council.pk}",
                         django_capture_on_commit_callbacks)
    assert export.organisation == partnership.police
    content = _download(client, export).decode("utf-8-sig")
    assert "Police North" in content and "Council South" not in content and "Northfield Academy" not in content
    # Even a stored filter naming another organisation is held to the lead's own when the file is built.
    tampered = ReportExport.objects.create(
        requested_by=export.requested_by, kind="dashboard", organisation=partnership.police, file_format="csv",
        filters={**export.filters, "filter": {**export.filters["filter"], "organisation_id": partnership.council.pk,
                                              "own_organisation": False}})
    from lms.reporting.services import report_export_build

    report_export_build(export=tampered)
    tampered.refresh_from_db()
    assert "Council South" not in tampered.file.open("rb").read().decode("utf-8-sig")


def test_staff_prepare_the_svd_return_in_the_background(client, staff, django_capture_on_commit_callbacks):
    export, detail = _prepare(client, "/dashboard/serious-violence-duty/return.xlsx?quarter=2024-1",
                              django_capture_on_commit_callbacks)
    assert export.kind == "svd" and "Download the file" in detail
    sheets = xlsx_sheets(_download(client, export))
    assert list(sheets) == ["Professionals trained", "Schools bleeding-control"]
    assert "<5" in str(sheets["Professionals trained"])
    assert client.post("/dashboard/serious-violence-duty/return.pdf?quarter=2024-1").status_code == 404
    assert client.post("/dashboard/serious-violence-duty/return.csv?quarter=1999-9").status_code == 302


def test_only_the_asker_and_administrators_can_follow_or_download_a_report_file(
        client, staff, partnership, make_user, django_capture_on_commit_callbacks):
    export, _ = _prepare(client, f"/dashboard/export/all.csv?{FY2024}", django_capture_on_commit_callbacks)
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    for suffix in ("", "status/", "download/"):
        assert client.get(f"/dashboard/exports/{export.pk}/{suffix}").status_code == 404
    admin = make_user(roles.PARTNERSHIP_STAFF)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get(f"/dashboard/exports/{export.pk}/download/").status_code == 200


def test_wrong_filters_prepare_nothing(client, staff):
    response = client.post("/dashboard/export/all.csv?start=2024-07-01")
    assert response.status_code == 302
    assert not ReportExport.objects.exists()
    assert "nothing was exported" in client.get(response.url).content.decode()
    assert client.post("/dashboard/export/nothing.csv").status_code == 404
