"""A lead reminds their own staff to start training or renew a certificate: shown first, sent once a week at most."""
import csv
import io
from datetime import date

import pytest
import time_machine
from django.core import mail

from accounts import roles
from accounts.models import AuditEntry
from lms.reporting import reminders, services


@pytest.fixture
def lead(client, partnership, make_user):
    user = make_user(roles.ORGANISATION_LEAD, organisation=partnership.police, area=partnership.north,
                     full_name="Lee Lead")
    client.force_login(user)
    return user


def test_the_lead_sees_what_the_reminder_says_and_who_gets_it_before_anything_is_sent(client, lead, partnership):
    page = client.get("/dashboard/staff/reminders/?kind=not_started").content.decode()
    assert "A reminder to start your training" in page
    assert "Hello [their first name]," in page and "Police North asks its staff" in page
    # Pat and Pip have started a module; the lead has not (and is an approved member), Pam is still pending.
    recipients = page.split("data-reminder-recipients>", 1)[1].split("</ul>", 1)[0]
    assert "Lee Lead" in recipients and "Pat One" not in recipients and "Pam Three" not in recipients
    assert "Cal One" not in page  # another organisation's staff
    assert mail.outbox == [] and not AuditEntry.objects.filter(action__startswith="staff.reminder").exists()


def test_sending_emails_each_person_once_and_refuses_a_second_send_within_a_week(
        client, lead, partnership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/staff/reminders/", {"kind": "not_started"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert mail.outbox[0].subject == "A reminder to start your training"
    assert "Hello Lee," in mail.outbox[0].body and mail.outbox[0].reply_to == [lead.email]
    # The task is safe to run twice.
    entry = AuditEntry.objects.get(action="staff.reminder.not_started")
    assert reminders.reminder_deliver(entry_id=entry.pk) == 0 and len(mail.outbox) == 1
    again = client.post("/dashboard/staff/reminders/", {"kind": "not_started"}, follow=True).content.decode()
    assert "sent less than a week ago" in again and len(mail.outbox) == 1
    assert "Send the reminder" not in again


def test_a_lead_cannot_remind_another_organisations_staff(client, lead, partnership,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dashboard/staff/reminders/", {"kind": "not_started", "organisation": partnership.council.pk})
    assert all("council" not in address for m in mail.outbox for address in m.to)
    assert AuditEntry.objects.get(action="staff.reminder.not_started").target_id == str(partnership.police.pk)


def test_the_expiring_reminder_goes_to_those_whose_certificate_runs_out_soon(client, lead, partnership):
    with time_machine.travel(date(2025, 4, 1)):
        page = client.get("/dashboard/staff/reminders/?kind=expiring").content.decode()
    recipients = page.split("data-reminder-recipients>", 1)[1].split("</ul>", 1)[0]
    assert "Pat One" in recipients and "Pip Two" not in recipients  # Pat's certificate ends 19 May 2025


def test_learners_and_teachers_cannot_send_reminders(client, partnership, make_user):
    for role in (roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR):
        client.force_login(make_user(role))
        assert client.get("/dashboard/staff/reminders/").status_code == 403
        assert client.post("/dashboard/staff/reminders/", {"kind": "not_started"}).status_code == 403
    assert mail.outbox == []


def test_the_staff_export_has_completion_and_expiry_dates_for_each_module(partnership, make_user):
    staff = make_user(roles.PARTNERSHIP_STAFF)
    export = services.staff_export_build(
        export=services.staff_export_request(by=staff, organisation=partnership.police, file_format="csv"))
    with export.file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    header, pat = rows[0], next(row for row in rows if row[0] == "Pat One")
    modules = [column for column in header[3:] if ":" not in column]
    assert len(modules) == 2
    first = modules[0]
    at = header.index(first)
    assert header[at + 1:at + 3] == [f"{first}: completed on", f"{first}: certificate expires on"]
    assert pat[at + 1] == "2024-05-20" and pat[at + 2] == "2025-05-19"
