"""The two-step verification pages (allauth.mfa) in GOV.UK style and the service's words, with no inline scripts."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import roles
from tests.conftest import TEST_TOTP_SECRET, totp_code
from tests.factories import PASSWORD

ALLAUTH_WORDS = ["Two-Factor Authentication", "Authenticator App", "Activate", "Deactivate", "Recovery Codes",
                 "Incorrect code", "This field is required"]


def signed_in(client, user):
    """Signed in through the form (allauth asks again for anything sensitive after a forced login)."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if response.url == reverse("mfa_authenticate"):
        client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    # Changing any of it asks for the password again first, as it would a minute after signing in.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def page_text(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    # Data blocks (type="application/json") are never run; any other script must come from a file.
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html)
              if "src=" not in tag and "application/json" not in tag]
    assert inline == [], f"inline scripts: {inline}"
    for words in ALLAUTH_WORDS:
        assert words not in html, f"allauth's own wording {words!r} on {response.request['PATH_INFO']}"
    return html


def heading(html: str) -> str:
    match = re.search(r'<h1 class="govuk-heading-l">(.*?)</h1>', html)
    assert match, "no GOV.UK heading"
    return match.group(1)


@pytest.fixture
def learner_in(client, make_user):
    return signed_in(client, make_user())


def test_the_index_explains_and_offers_set_up(learner_in, site_pages):
    html = page_text(learner_in.get(reverse("mfa_index")))
    assert heading(html) == "Two-step verification"
    assert "govuk-summary-list" in html and "Off</strong>" in html
    assert reverse("mfa_activate_totp") in html


def test_the_account_menu_links_to_it(learner_in, site_pages):
    assert reverse("mfa_index") in learner_in.get(reverse("account_change_password")).content.decode()


def test_set_up_shows_the_qr_code_and_the_key_as_text(learner_in, site_pages):
    html = page_text(learner_in.get(reverse("mfa_activate_totp")))
    assert heading(html) == "Set up two-step verification"
    assert 'src="data:image/svg+xml;base64,' in html and 'alt="QR code for your authenticator app' in html
    secret = learner_in.session["mfa.totp.secret"]
    shown = re.search(r'id="totp-secret"><code>(.*?)</code>', html).group(1)
    assert shown.replace(" ", "") == secret and " " in shown
    assert "authenticator app" in html and 'autocomplete="one-time-code"' in html


@pytest.mark.parametrize("code, message", [
    ("", "Enter the 6-digit code from your authenticator app"),
    ("000000", "That code did not work"),
])
def test_a_wrong_or_missing_code_is_explained_in_an_error_summary(learner_in, site_pages, code, message):
    learner_in.get(reverse("mfa_activate_totp"))
    if code and code == totp_code(learner_in.session["mfa.totp.secret"]):
        code = "111111"
    html = page_text(learner_in.post(reverse("mfa_activate_totp"), {"code": code}))
    assert 'class="govuk-error-summary"' in html and 'href="#id_code"' in html
    assert message in html and "govuk-input--error" in html


def test_turning_it_on_shows_the_recovery_codes_with_a_download(learner_in, site_pages):
    learner_in.get(reverse("mfa_activate_totp"))
    response = learner_in.post(reverse("mfa_activate_totp"), {"code": totp_code(learner_in.session["mfa.totp.secret"])})
    assert response.url == reverse("mfa_view_recovery_codes")
    html = page_text(learner_in.get(response.url))
    assert heading(html) == "Your recovery codes"
    codes = re.findall(r"<li><code>(\w+)</code></li>", html)
    assert len(codes) == 10
    download = learner_in.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200 and all(code in download.content.decode() for code in codes)
    assert reverse("mfa_download_recovery_codes") in html


@pytest.fixture
def with_app(client, make_user):
    return signed_in(client, make_user(roles.PARTNERSHIP_STAFF))


@pytest.mark.parametrize("name, words", [
    ("mfa_index", "Two-step verification"),
    ("mfa_deactivate_totp", "Turn off two-step verification"),
    ("mfa_generate_recovery_codes", "Make new recovery codes"),
    ("mfa_view_recovery_codes", "Your recovery codes"),
    ("mfa_reauthenticate", "Enter a code from your authenticator app"),
])
def test_each_page_for_someone_with_the_app_is_in_the_services_words(with_app, site_pages, name, words):
    html = page_text(with_app.get(reverse(name)))
    assert heading(html) == words


def test_the_index_with_the_app_on_counts_recovery_codes(with_app, site_pages):
    html = page_text(with_app.get(reverse("mfa_index")))
    assert "On</strong>" in html and "10 of 10 unused" in html


def test_signing_in_asks_for_the_code_in_plain_words(client, make_user, site_pages):
    user = make_user(roles.PARTNERSHIP_STAFF)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    html = page_text(client.get(reverse("mfa_authenticate")))
    assert heading(html) == "Enter the code from your authenticator app"
    assert "recovery codes" in html
    wrong = "000000" if totp_code(TEST_TOTP_SECRET) != "000000" else "111111"
    html = page_text(client.post(reverse("mfa_authenticate"), {"code": wrong}))
    assert "govuk-error-summary" in html and "That code did not work" in html
