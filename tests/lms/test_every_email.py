"""Every email the site sends names the service and its real address, never Django's "example.com"."""
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.utils import timezone

ROOT = Path(settings.BASE_DIR) / "templates"
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"

# Our own emails, rendered below with the context their service builds.
PROJECT_EMAILS = {
    "certificates/email/issued.txt", "certificates/email/reminder.txt",
    "schools/email/booking_event.txt", "schools/email/reminder.txt",
}


def _email_templates(base: Path) -> set[str]:
    return {str(p.relative_to(base)) for p in base.rglob("*.txt") if "/email/" in f"/{p.relative_to(base)}"}


def _allauth_prefixes() -> list[str]:
    names = _email_templates(ALLAUTH_TEMPLATES)
    # The sendable ones have a subject; base_message and base_notification are only the frame.
    return sorted({n.removesuffix("_subject.txt") for n in names if n.endswith("_subject.txt")})


def test_every_email_template_is_one_this_file_renders():
    """A new email template cannot slip past the checks below."""
    ours = _email_templates(ROOT)
    allauth_names = _email_templates(ALLAUTH_TEMPLATES)
    covered = PROJECT_EMAILS | allauth_names
    assert ours - covered == set(), "add the new email template to this test"
    # Every email allauth can send is written in the service's own words, not allauth's.
    assert allauth_names - ours == set()


def test_the_site_record_carries_the_service_name_and_address(db):
    site = Site.objects.get_current()
    assert site.name == settings.SERVICE_NAME
    assert site.domain == re.sub(r"^https?://", "", settings.SITE_URL)
    assert "example.com" not in (site.name + site.domain)


def test_a_stale_example_com_site_is_corrected_on_the_next_migrate(db):
    from django.apps import apps
    from accounts.site_identity import sync_after_migrate

    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    sync_after_migrate(sender=apps.get_app_config("sites"), apps=apps)
    assert Site.objects.get_current().domain != "example.com"


def _context(user):
    now = timezone.now()
    return {
        "user": user, "email": user.email, "code": "ABC123",
        "activate_url": f"{settings.SITE_URL}/account/confirm-email/key/",
        "password_reset_url": f"{settings.SITE_URL}/account/password/reset/key/1-abc/",
        "signup_url": f"{settings.SITE_URL}/account/signup/",
        "ip": "203.0.113.9", "user_agent": "Firefox", "timestamp": now,
        "from_email": "old@nhs.net", "to_email": "new@nhs.net", "deleted_email": "old@nhs.net",
        "key": "abc", "provider": "NHSmail",
    }


@pytest.mark.parametrize("prefix", _allauth_prefixes())
def test_each_account_email_names_the_service_and_its_address(prefix, learner, settings):
    settings.SITE_URL = "https://training.vrp.example.org"
    settings.SERVICE_NAME = "Wessex VRP training"
    from django.apps import apps
    from accounts.site_identity import sync_after_migrate

    sync_after_migrate(sender=apps.get_app_config("sites"), apps=apps)
    request = RequestFactory().get("/")
    request.user = learner
    with request_context(request):
        get_adapter().send_mail(prefix, learner.email, _context(learner))
    message = mail.outbox[-1]
    # The overriding template is ours, not allauth's.
    assert str(ROOT) in get_template(f"{prefix}_message.txt").origin.name
    text = message.subject + "\n" + message.body
    assert "example.com" not in text
    assert "Wessex VRP training" in message.body
    assert "https://training.vrp.example.org/" in message.body
    # Plain English: no shouted Title Case subjects, no allauth phrases.
    assert message.subject[0].isupper() and not re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", message.subject[1:])
    assert "Hello from" not in message.body and "Thank you for using" not in message.body
    assert "{{" not in text and "{%" not in text


def test_the_times_in_account_change_emails_are_uk_time(learner, settings):
    from zoneinfo import ZoneInfo

    request = RequestFactory().get("/")
    request.user = learner
    moment = timezone.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("UTC"))
    with request_context(request):
        get_adapter().send_mail("account/email/password_changed", learner.email,
                                {**_context(learner), "timestamp": moment})
    assert "15 June 2026 at 10:00 (UK time)" in mail.outbox[-1].body


def _project_contexts(learner):
    person = learner
    certificate = SimpleNamespace(
        recipient_id=learner.pk, achievement_title="Trauma-informed practice", recipient_name="Ada Learner",
        code="ABCD", display_code="ABCD-EFGH", get_verify_url=lambda: f"{settings.SITE_URL}/certificates/verify/ABCD/",
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    session = SimpleNamespace(starts_at=timezone.now(), ends_at=timezone.now(), instructor=learner)
    booking = SimpleNamespace(
        pk=7, teacher=learner, school=SimpleNamespace(name="Devizes School"),
        session_type=SimpleNamespace(title="Bleeding control", requirements=["A hall"]), year_group=9, pupils=25,
        room="Hall", preferred_dates="", offer_expires_at=timezone.now(),
    )
    base = {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME, "greeting_name": "Sam"}
    return {
        "certificates/email/issued.txt": {**base, "certificate": certificate, "person": person},
        "certificates/email/reminder.txt": {"certificate": certificate, "person": person, "when": "in 30 days",
                                            "renew_url": settings.SITE_URL + "/", "service_name": settings.SERVICE_NAME},
        "schools/email/booking_event.txt": {**base, "booking": booking, "session": session,
                                            "event": SimpleNamespace(action="confirmed", reason="", sequence=None)},
        "schools/email/reminder.txt": {**base, "booking": booking, "session": session, "when": "tomorrow"},
    }


@pytest.mark.parametrize("name", sorted(PROJECT_EMAILS))
def test_each_of_our_emails_names_the_service_and_its_address(name, learner):
    body = render_to_string(name, _project_contexts(learner)[name])
    assert "example.com" not in body
    assert settings.SERVICE_NAME in body
    assert settings.SITE_URL in body


def test_the_school_link_decision_email_names_the_site(db):
    from schools.models import MembershipStatus
    from schools.tasks import membership_decision_email
    from tests.schools.factories import SchoolMembershipFactory

    membership = SchoolMembershipFactory(status=MembershipStatus.APPROVED)
    assert membership_decision_email(membership.pk)
    body = mail.outbox[-1].body
    assert "example.com" not in body and settings.SITE_URL in body and settings.SERVICE_NAME in body
