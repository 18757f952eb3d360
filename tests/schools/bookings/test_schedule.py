"""Celery beat sends the booking reminders daily and withdraws expired waiting-list offers every few minutes."""
from django.conf import settings

from lms.celery import app


def test_the_beat_schedule_runs_the_booking_tasks_and_keeps_the_others():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"schools.send_booking_reminders", "schools.expire_waiting_list_offers",
            "certificates.send_expiry_reminders"} <= tasks
    app.loader.import_default_modules()
    assert {"schools.send_booking_reminders", "schools.expire_waiting_list_offers",
            "schools.booking_event_email"} <= set(app.tasks)


def test_staff_see_manage_in_the_header(client, site_pages, make_user):
    from accounts import roles

    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    nav = client.get("/").content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/schools/manage/"' in nav and ">Manage<" in nav
    client.force_login(make_user(roles.TEACHER))
    nav = client.get("/").content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert "/schools/manage/" not in nav and "Book a session" in nav
