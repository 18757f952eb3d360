"""Bulk export: staff ask for a ZIP of certificates by achievement and period; a task builds it with progress."""
import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from certificates import services
from certificates.models import BulkExport
from tests.factories import OrganisationFactory


@pytest.fixture
def course(db):
    return OrganisationFactory(name="Trauma-informed practice course")


@pytest.fixture
def issued(issue, make_user, course):
    """Three certificates for one achievement (one of them last year) and one for another."""
    made = []
    for name in ("Ann Able", "Ben Bold"):
        made.append(issue(make_user(full_name=name), achievement=course, achievement_title="Trauma-informed practice"))
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        made.append(issue(make_user(full_name="Cat Early"), achievement=course,
                          achievement_title="Trauma-informed practice"))
    made.append(issue(make_user(full_name="Dan Elsewhere")))
    return made


def zip_names(export) -> list[str]:
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        return sorted(zipfile.ZipFile(io.BytesIO(handle.read())).namelist())


def test_a_zip_of_one_achievement_in_a_period(client, staff, issued, course, django_capture_on_commit_callbacks):
    client.force_login(staff)
    achievement = f"{issued[0].achievement_content_type_id}-{course.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:export_list"), {
            "achievement": achievement, "issued_from": (timezone.localdate() - timedelta(days=30)).isoformat(),
            "issued_to": timezone.localdate().isoformat(),
        })
    export = BulkExport.objects.get()
    assert response["Location"] == reverse("certificates:export_detail", args=[export.pk])
    names = zip_names(export)
    assert len(names) == 2
    assert any("Ann_Able" in name for name in names) and any("Ben_Bold" in name for name in names)
    assert all(name.startswith("Trauma-informed_practice/") and name.endswith(".pdf") for name in names)
    assert (export.status, export.processed, export.total, export.percent) == ("done", 2, 2, 100)


def test_without_a_filter_every_current_certificate_is_included(staff, issued):
    services.certificate_revoke(certificate=issued[3], by=staff, reason="Error")
    export = services.bulk_export_request(by=staff, achievement=None, issued_from=None, issued_to=None)
    services.bulk_export_build(export=export)
    assert len(zip_names(export)) == 3  # the revoked one is left out


def test_progress_is_reported_as_json_and_on_the_page(client, staff, issued):
    export = BulkExport.objects.create(requested_by=staff, total=4, processed=1, status=BulkExport.Status.RUNNING)
    client.force_login(staff)
    state = client.get(reverse("certificates:export_status", args=[export.pk])).json()
    assert state == {"status": "running", "status_label": "In progress", "processed": 1, "total": 4, "percent": 25,
                     "finished": False, "download_url": None}
    page = client.get(reverse("certificates:export_detail", args=[export.pk])).content.decode()
    # Without JavaScript: the progress bar, the count and a link to refresh.
    assert 'value="25"' in page
    assert "1 of 4 certificates added" in page
    assert "Refresh to see progress" in page
    assert "export_progress.js" in page


def test_a_finished_export_downloads(client, staff, issued):
    export = services.bulk_export_request(by=staff, achievement=None, issued_from=None, issued_to=None)
    services.bulk_export_build(export=export)
    client.force_login(staff)
    state = client.get(reverse("certificates:export_status", args=[export.pk])).json()
    assert state["finished"] and state["download_url"]
    response = client.get(state["download_url"])
    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    page = client.get(reverse("certificates:export_detail", args=[export.pk])).content.decode()
    assert "Download ZIP file" in page and "Refresh to see progress" not in page


def test_a_period_backwards_is_refused_plainly(client, staff, issued):
    client.force_login(staff)
    response = client.post(reverse("certificates:export_list"),
                           {"issued_from": "2026-05-01", "issued_to": "2026-04-01"})
    assert response.status_code == 200
    assert "must be the same as or after its start" in response.content.decode()
    assert BulkExport.objects.count() == 0


def test_a_failed_build_is_marked_failed(staff, issued, monkeypatch):
    export = services.bulk_export_request(by=staff, achievement=None, issued_from=None, issued_to=None)
    def disk_full(certificate):
        raise OSError("disk full")

    monkeypatch.setattr(services, "certificate_pdf_ensure", disk_full)
    with pytest.raises(OSError):
        services.bulk_export_build(export=export)
    export.refresh_from_db()
    assert export.status == BulkExport.Status.FAILED


def test_another_staff_members_zip_answers_404_as_report_files_do(client, staff, issued, make_user):
    # The same rule as the reports' files (certificates.background.visible_export): only the asker and
    # administrators may follow or download an export, since it names people.
    export = services.bulk_export_request(by=staff, achievement=None, issued_from=None, issued_to=None)
    services.bulk_export_build(export=export)
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    for name in ("certificates:export_detail", "certificates:export_status", "certificates:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("certificates:export_download", args=[export.pk])).status_code == 200
    admin = make_user(roles.PARTNERSHIP_STAFF, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("certificates:export_download", args=[export.pk])).status_code == 200
