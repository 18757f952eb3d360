"""allauth's pages read like the rest of the service: plain words, GOV.UK components, one error per field."""
import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from lms.models import ServiceSettings

SIGNED_OUT = {
    "/account/login/": "Sign in",
    "/account/signup/": "Create an account",
    "/account/password/reset/": "Reset your password",
    "/account/password/reset/done/": "Check your email",
    "/account/confirm-email/": "Confirm your email address",
    "/account/inactive/": "Your account is closed",
}
SIGNED_IN = {
    "/account/email/": "Your email addresses",
    "/account/password/change/": "Change your password",
    "/account/logout/": "Sign out",
    "/account/reauthenticate/": "Enter your password again",
}


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def summary_items(soup) -> list[str]:
    summary = soup.select_one(".govuk-error-summary__list")
    return [item.get_text(" ", strip=True) for item in summary.select("li")] if summary else []


def check_in_service_voice(soup, heading: str) -> None:
    assert soup.h1.get_text(strip=True) == heading
    assert soup.title.get_text().strip().startswith(heading)
    text = soup.get_text(" ")
    for allauth_words in ("Please contact us", "Sign In", "Sign Up", "Remember Me", "E-mail", "Signup"):
        assert allauth_words not in text
    main = soup.find("main")
    for control in main.select("input:not([type=hidden]), button, textarea, select"):
        assert any(c.startswith("govuk-") for c in control.get("class", [])), control
    assert not main.find("script")


@pytest.mark.parametrize("url, heading", SIGNED_OUT.items())
def test_signed_out_pages_speak_plainly_with_govuk_components(client, site_pages, url, heading):
    check_in_service_voice(soup_of(client.get(url)), heading)


@pytest.mark.parametrize("url, heading", SIGNED_IN.items())
def test_account_management_pages_speak_plainly_with_govuk_components(client, site_pages, learner, url, heading):
    client.force_login(learner)
    check_in_service_voice(soup_of(client.get(url)), heading)


def test_sign_in_offers_remember_me_and_names_each_missing_field_once(client, site_pages):
    soup = soup_of(client.get("/account/login/"))
    assert soup.find("label", string=re.compile(r"^\s*Remember me\s*$"))
    soup = soup_of(client.post("/account/login/", {"login": "", "password": ""}))
    assert summary_items(soup) == ["Enter your email address", "Enter your password"]
    assert soup.select_one("a[href='#id_login']") and soup.select_one("a[href='#id_password']")


def test_a_weak_password_is_one_line_in_the_summary(client, site_pages, learner):
    client.force_login(learner)
    soup = soup_of(client.post("/account/password/change/", {"oldpassword": "", "password1": "1", "password2": ""}))
    items = summary_items(soup)
    assert items[0] == "Enter your current password"
    assert len(items) == 3  # current, new and again: one line each, though the new one has several problems
    assert len([a for a in soup.select(".govuk-error-summary__list a") if a["href"] == "#id_password1"]) == 1


def test_contact_address_is_offered_only_when_there_is_one(client, site_pages):
    text = soup_of(client.get("/account/password/reset/")).get_text(" ")
    assert "contact" not in text.lower() and "email training@" not in text
    details = ServiceSettings.for_site(Site.objects.get(is_default_site=True))
    details.contact_email = "help@vrp.example"
    details.save()
    soup = soup_of(client.get("/account/password/reset/"))
    assert soup.select_one("a[href='mailto:help@vrp.example']")
