"""Public verification: anyone checks a code without signing in, and sees only what the certificate says."""
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import CertificateStatus


def page(client, code):
    return client.get(reverse("certificates:verify_code", args=[code]))


def test_the_code_form_is_public_and_named_verify(client, db):
    response = client.get("/certificates/verify/")
    assert response.status_code == 200
    assert reverse("certificates:verify") == "/certificates/verify/"
    assert "Certificate code" in response.content.decode()


def test_a_typed_code_goes_to_its_page_whatever_the_case_or_spacing(client, certificate):
    typed = certificate.display_code.lower().replace("-", " ")
    response = client.get("/certificates/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()


def test_a_malformed_code_gets_a_plain_error(client, db):
    response = client.get("/certificates/verify/", {"code": "not a code"})
    assert response.status_code == 200
    assert "16 letters and numbers" in response.content.decode()


def test_a_valid_certificate_says_valid_with_its_details(client, certificate):
    response = page(client, certificate.display_code.lower())
    text = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in text
    assert certificate.recipient_name in text
    assert certificate.achievement_title in text
    assert timezone.localtime(certificate.issued_at).strftime("%-d %B %Y") in text
    assert certificate.valid_until.strftime("%-d %B %Y") in text
    assert "Violence Reduction Partnership training" in text  # the issuer
    assert response["Cache-Control"] == "private, no-cache"


def test_an_expired_certificate_says_expired(client, certificate):
    with time_machine.travel(certificate.valid_until + timedelta(days=1)):
        text = page(client, certificate.code).content.decode()
    assert "Expired" in text
    assert "stopped being valid" in text
    assert "This is a genuine certificate" not in text


def test_a_certificate_is_still_valid_on_its_last_day(client, certificate):
    with time_machine.travel(certificate.valid_until):
        assert "This is a genuine certificate" in page(client, certificate.code).content.decode()


def test_a_revoked_certificate_says_revoked_without_the_reason(client, certificate, staff):
    services.certificate_revoke(certificate=certificate, by=staff, reason="Confidential disciplinary matter")
    text = page(client, certificate.code).content.decode()
    assert "Revoked" in text
    assert "no longer valid" in text
    assert "disciplinary" not in text


def test_a_superseded_certificate_points_to_the_new_one(client, certificate, staff):
    learner = certificate.recipient
    learner.full_name = "Alexandra New-Name"
    learner.save()
    new = services.certificate_reissue(certificate=certificate, by=staff, reason="Name change")
    old_text = page(client, certificate.code).content.decode()
    assert "replaced by a newer one" in old_text
    assert new.get_absolute_url() in old_text
    assert new.display_code in old_text
    new_text = page(client, new.code).content.decode()
    assert "Alexandra New-Name" in new_text
    assert "Valid" in new_text


def test_an_unknown_code_says_so_plainly(client, db):
    response = page(client, "ABCD-EFGH-JKMN-PQRS")
    assert response.status_code == 404
    text = response.content.decode()
    assert "We could not find that certificate" in text
    assert "ABCD-EFGH-JKMN-PQRS" in text


def test_the_public_page_shows_no_personal_data_beyond_the_name(client, certificate):
    learner = certificate.recipient
    learner.job_role = "Detective sergeant"
    learner.save()
    text = page(client, certificate.code).content.decode()
    assert learner.full_name in text
    for private in (learner.email, learner.email.split("@")[0], learner.organisation.email_domains,
                    "Detective sergeant", str(learner.pk) + "/"):
        assert private not in text
    assert "download" not in text.lower()  # no link to the PDF or the badge


def test_the_public_page_needs_no_login(client, certificate):
    assert page(client, certificate.code).status_code == 200


def test_a_deleted_account_leaves_a_certificate_without_a_name(client, certificate):
    from accounts.services import account_delete

    name = certificate.recipient_name
    account_delete(user=certificate.recipient)
    certificate.refresh_from_db()
    text = page(client, certificate.code).content.decode()
    assert name not in text
    assert "Name removed" in text
    assert not certificate.pdf


@pytest.mark.parametrize("path", ["verify_code", "form"])
def test_lookups_are_rate_limited_per_address(client, certificate, settings, path):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 5

    def look():
        if path == "form":
            return client.get("/certificates/verify/", {"code": certificate.code}, follow=True)
        return page(client, certificate.code)

    statuses = [look().status_code for _ in range(5)]
    assert 429 not in statuses
    limited = look()
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("text/plain")
    assert "wait a minute" in limited.content.decode()
    # Another address is not affected.
    assert client.get(reverse("certificates:verify_code", args=[certificate.code]),
                      REMOTE_ADDR="10.9.8.7").status_code == 200


def test_the_limit_resets_after_a_minute(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 1
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert page(client, certificate.code).status_code == 200
        assert page(client, certificate.code).status_code == 429
        clock.shift(timedelta(seconds=61))
        assert page(client, certificate.code).status_code == 200


def test_status_after_the_nightly_job_marks_it_expired(client, certificate):
    with time_machine.travel(certificate.valid_until + timedelta(days=2)):
        services.expiry_reminders_send()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    assert "Expired" in page(client, certificate.code).content.decode()
