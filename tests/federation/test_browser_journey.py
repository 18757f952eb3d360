"""In Chromium: a police officer signs in with their organisation's account for the first time and becomes a
learner in Wiltshire Police; a token from another tenant is refused with a plain message. Real provider on loopback."""
import pytest
from django.contrib.auth import get_user_model

from tests.conftest import check_accessibility
from tests.e2e.layout import assert_no_sideways_scroll

from .provider import OTHER_TENANT, PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def checked(page) -> None:
    check_accessibility(page)
    assert_no_sideways_scroll(page)


def sign_in_with_organisation(page, live_server, person: str) -> None:
    page.goto("/account/login/")
    checked(page)
    page.get_by_label("Work email address").fill(f"{person}@wiltshire.police.uk")
    page.get_by_role("button", name="Continue").last.click()
    page.wait_for_url("**/account/organisation/")
    assert page.get_by_role("heading", name="Sign in with your Wiltshire Police account").is_visible()
    checked(page)
    page.get_by_role("button", name="Continue to Wiltshire Police").click()
    page.wait_for_url("http://127.0.0.1:*/accounts/login/**")
    page.get_by_label("Username").fill(f"{person}@wiltshire.police.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state("networkidle")


def test_first_sign_in_makes_a_learner_in_the_organisation(page, live_server, sign_in_setup, provider):
    sign_in_with_organisation(page, live_server, "ada")
    user = get_user_model().objects.get(email="ada@wiltshire.police.uk")
    assert user.organisation.name == "Wiltshire Police"
    assert user.full_name == "Ada Officer"
    assert "/account/login/" not in page.url and "/account/oidc/" not in page.url
    checked(page)
    # Signing out here offers signing out at the provider too.
    page.goto("/account/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/organisation/signed-out/wiltshire-police/")
    checked(page)
    assert page.get_by_role("link", name="Sign out of your Wiltshire Police account too").is_visible()


def test_a_token_from_another_tenant_is_refused_in_plain_words(page, live_server, sign_in_setup, provider):
    provider.choose_claims("ben", tid=OTHER_TENANT)
    sign_in_with_organisation(page, live_server, "ben")
    assert page.get_by_role("heading", name="We could not sign you in").is_visible()
    assert page.get_by_text("That account belongs to a different organisation's directory").is_visible()
    checked(page)
    assert not get_user_model().objects.exists()


def test_an_existing_account_is_linked_after_an_emailed_code(page, live_server, sign_in_setup, provider, make_user):
    import re

    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount
    from django.core import mail

    owner = make_user(email="cara@wiltshire.police.uk")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    sign_in_with_organisation(page, live_server, "cara")
    page.wait_for_url("**/account/organisation/link/")
    assert page.get_by_role("heading", name="You already have an account").is_visible()
    checked(page)
    assert not SocialAccount.objects.exists()
    page.get_by_role("button", name="Email me a code").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Link my accounts").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("That code is not the one we sent").first.is_visible()
    checked(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Link my accounts").click()
    page.wait_for_load_state("networkidle")
    assert "/account/organisation/link/" not in page.url
    assert SocialAccount.objects.get().user == owner
