"""Expiry reminders: 30 days before, 7 days before and on the last day, each once, with a link to renew."""
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from certificates import tasks
from certificates.models import CertificateStatus, ExpiryReminder


def at_seven(day):
    """07:00 on that day, when the beat schedule runs the task."""
    return timezone.make_aware(datetime.combine(day, time(7, 0)))


def run_on(day) -> list:
    before = len(mail.outbox)
    with time_machine.travel(at_seven(day), tick=False):
        tasks.send_expiry_reminders.apply().get()
    return mail.outbox[before:]


@pytest.fixture
def expiring(certificate):
    mail.outbox.clear()  # the issue email
    return certificate


def test_reminders_go_30_and_7_days_before_and_on_the_day_each_once(expiring):
    last_day = expiring.valid_until
    sent_by_day = {}
    day = last_day - timedelta(days=35)
    while day <= last_day + timedelta(days=3):
        # Twice a day, as if the beat had fired twice: still once each.
        sent_by_day[(last_day - day).days] = run_on(day) + run_on(day)
        day += timedelta(days=1)
    days_with_mail = {days_left: messages for days_left, messages in sent_by_day.items() if messages}
    assert sorted(days_with_mail, reverse=True) == [30, 7, 0]
    assert all(len(messages) == 1 for messages in days_with_mail.values())
    assert "expires in 30 days" in days_with_mail[30][0].subject
    assert "expires in 7 days" in days_with_mail[7][0].subject
    assert "expires today" in days_with_mail[0][0].subject
    for messages in days_with_mail.values():
        assert messages[0].to == [expiring.recipient.email]
        assert "renew" in messages[0].body.lower()
        assert "http" in messages[0].body
    assert sorted(ExpiryReminder.objects.values_list("days_before", flat=True)) == [0, 7, 30]


def test_the_day_after_the_last_day_it_is_marked_expired(expiring):
    run_on(expiring.valid_until + timedelta(days=1))
    expiring.refresh_from_db()
    assert expiring.status == CertificateStatus.EXPIRED
    assert expiring.events.filter(action="expired").count() == 1
    run_on(expiring.valid_until + timedelta(days=2))
    assert expiring.events.filter(action="expired").count() == 1


def test_a_missed_run_sends_the_reminder_still_due_but_not_the_passed_ones(expiring):
    # The worker was down from 31 days before until 5 days before: only the 7-day reminder goes.
    messages = run_on(expiring.valid_until - timedelta(days=5))
    assert len(messages) == 1
    assert "expires in 5 days" in messages[0].subject
    assert list(ExpiryReminder.objects.values_list("days_before", flat=True)) == [7]


def test_no_reminders_for_revoked_or_replaced_or_never_expiring_certificates(expiring, staff, issue, make_user):
    from certificates import services

    services.certificate_revoke(certificate=expiring, by=staff, reason="Issued in error")
    forever = issue(make_user(), validity_months=None)
    mail.outbox.clear()
    assert run_on(expiring.valid_until - timedelta(days=7)) == []
    assert forever.valid_until is None


def test_a_failed_send_is_tried_again_next_run(expiring, monkeypatch):
    from smtplib import SMTPException

    from django.core.mail.backends.locmem import EmailBackend

    from certificates import services

    def broken(backend, messages):
        raise SMTPException("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with time_machine.travel(at_seven(expiring.valid_until - timedelta(days=30))):
        assert services.expiry_reminders_send() == 0
    assert ExpiryReminder.objects.count() == 0
    monkeypatch.undo()
    assert len(run_on(expiring.valid_until - timedelta(days=29))) == 1


def test_the_beat_schedule_runs_the_task_by_name(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.send_expiry_reminders.name == "certificates.send_expiry_reminders"
    assert "certificates.send_expiry_reminders" in names
