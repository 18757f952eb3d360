"""Issuing: one certificate per person and achievement, however often or however interrupted the task runs."""
import pytest
from celery.exceptions import Retry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction

from certificates import services, tasks
from certificates.models import Certificate, CertificateEvent, CertificateStatus
from certificates.signals import achievement_completed
from tests.certificates import doubles
from tests.factories import OrganisationFactory


def run_task(source):
    return tasks.issue_certificate.apply(args=[ContentType.objects.get_for_model(source).pk, source.pk]).get()


def test_issue_creates_the_certificate_from_the_source_details(issue, learner):
    certificate = issue(learner)
    assert certificate.recipient == learner
    assert certificate.recipient_name == learner.full_name
    assert certificate.achievement == learner.organisation
    assert certificate.achievement_title == f"Bleeding control for {learner.organisation.name}"
    assert certificate.source == learner
    assert float(certificate.cpd_hours) == 1.5
    assert certificate.status == CertificateStatus.VALID
    assert certificate.valid_until.year == certificate.issued_at.year + 1
    assert certificate.template.is_default
    assert certificate.pdf
    assert list(certificate.events.values_list("action", flat=True)) == ["issued", "emailed"]


def test_the_learner_gets_one_email_with_the_link(issue, learner):
    certificate = issue(learner)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert certificate.get_verify_url() in message.body
    assert certificate.display_code in message.body
    assert certificate.issued_email_sent_at is not None


def test_running_the_task_twice_issues_one_certificate_and_one_email(default_template, learner):
    first = run_task(learner)
    second = run_task(learner)
    assert first == second
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_crash_before_the_email_is_finished_on_retry_without_duplicates(default_template, learner, monkeypatch):
    calls = {"n": 0}
    real_render = services.render_pdf

    def crash_once(document):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("worker killed while printing")
        return real_render(document)

    monkeypatch.setattr(services, "render_pdf", crash_once)
    with pytest.raises(OSError):
        run_task(learner)
    assert Certificate.objects.count() == 1  # the record was committed before the crash
    assert len(mail.outbox) == 0

    run_task(learner)
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Certificate.objects.get().pdf


def test_a_mail_server_failure_is_retried_and_sends_once(default_template, learner, monkeypatch):
    from smtplib import SMTPServerDisconnected

    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky_send(backend, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SMTPServerDisconnected("mail server went away")
        return real_send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky_send)
    # A transient failure asks Celery for a retry; the retry (run here by hand) sends the email.
    with pytest.raises(Retry):
        run_task(learner)
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 0
    run_task(learner)
    run_task(learner)
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Certificate.objects.get().events.filter(action="emailed").count() == 1
    assert Certificate.objects.get().issued_email_sent_at is not None


def test_the_database_refuses_a_second_current_certificate(certificate):
    duplicate = Certificate(
        recipient=certificate.recipient, recipient_name="Someone", achievement=certificate.achievement,
        achievement_title="Copy", source=certificate.source,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_earning_it_again_from_a_new_record_renews_and_supersedes(issue, learner, make_user):
    first = issue(learner)
    retake = make_user()  # a second completion record for the same person and achievement
    second = issue(retake, recipient=learner, achievement=learner.organisation,
                   achievement_title=first.achievement_title)
    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED
    assert first.superseded_by == second
    assert second.status == CertificateStatus.VALID
    assert Certificate.objects.current().filter(recipient=learner).get() == second
    # A late retry of the first record changes nothing.
    assert issue(learner) == second
    assert Certificate.objects.count() == 2


def test_a_revoked_certificate_is_not_silently_replaced(issue, learner, make_user, staff):
    first = issue(learner)
    services.certificate_revoke(certificate=first, by=staff, reason="Issued in error")
    retake = make_user()
    doubles.DETAILS[retake.pk] = {"recipient": learner, "achievement": learner.organisation,
                                  "achievement_title": first.achievement_title}
    assert run_task(retake) is None
    assert Certificate.objects.count() == 1


def test_a_certificate_for_a_name_goes_to_the_contact(issue, make_user, learner):
    teacher = make_user()
    school = OrganisationFactory(name="Oakfield Primary School")
    certificate = issue(learner, recipient=None, recipient_name="Oakfield Primary School", achievement=school,
                        achievement_title="Bleeding control session", contact=teacher, validity_months=None)
    assert certificate.recipient is None
    assert certificate.recipient_name == "Oakfield Primary School"
    assert certificate.valid_until is None
    assert mail.outbox[0].to == [teacher.email]


def test_the_signal_queues_the_task_after_commit(default_template, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        achievement_completed.send(sender=type(learner), source=learner)
    assert Certificate.objects.count() == 0  # nothing before the commit
    # Other apps may queue their own work on the same commit (reporting clears its cache); one issue task.
    issue_tasks = [c for c in callbacks
                   if getattr(getattr(getattr(c, "func", None), "__self__", None), "name", "") == "certificates.issue"]
    assert len(issue_tasks) == 1
    issue_tasks[0]()
    assert Certificate.objects.filter(recipient=learner).count() == 1


def test_a_rolled_back_completion_issues_nothing(default_template, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                achievement_completed.send(sender=type(learner), source=learner)
                raise RuntimeError("the completion failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert Certificate.objects.count() == 0


def test_the_task_ignores_a_source_that_no_longer_exists(default_template):
    content_type = ContentType.objects.get_for_model(doubles.User)
    assert tasks.issue_certificate.apply(args=[content_type.pk, 999999]).get() is None
    assert CertificateEvent.objects.count() == 0


def test_every_attempt_at_one_email_carries_the_same_message_id(issue, learner, make_user):
    """A copy resent after a crash is the same message to mail systems; another certificate's email is not."""
    first = issue(learner)
    second = issue(make_user())
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert ids == [services.message_id(first, "issued"), services.message_id(second, "issued")]
    assert ids[0] != ids[1] and ids[0].startswith("<") and ids[0].endswith(">")
