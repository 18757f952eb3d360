"""Sign-in limits hold on every sign-in page, per address and per account, without locking the owner out."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts import roles
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = ["/account/login/", "/admin/login/", "/_util/login/"]
TOO_MANY = "Too many failed attempts"
ACCOUNT_CEILING = "too many failed attempts to sign in to this account"


@pytest.fixture
def owner(make_user):
    user = make_user(roles.LEARNER, email="owner@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def browser(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def try_password(client: Client, page: str, email: str, password: str):
    """Type the password on `page`; where it sends the person to the site's sign-in page, type it there too."""
    response = client.post(page, {"login": email, "username": email, "password": password})
    if response.status_code == 303 and response["Location"].startswith("/account/login/"):
        assert "_auth_user_id" not in client.session  # the other page itself signed no one in
        response = client.post(response["Location"], {"login": email, "password": password})
    return response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_twenty_five_wrong_passwords_then_the_right_one_does_not_sign_in(owner, page):
    client = browser("203.0.113.9")
    for _ in range(25):
        try_password(client, page, owner.email, "wrong-password")
        assert not signed_in(client)
    try_password(client, page, owner.email, PASSWORD)
    assert not signed_in(client)


def test_five_wrong_from_one_address_then_the_right_one_from_another_new_device_is_held(owner):
    attacker = browser("203.0.113.9")
    for _ in range(5):
        try_password(attacker, "/account/login/", owner.email, "wrong-password")
    elsewhere = browser("198.51.100.20")
    response = try_password(elsewhere, "/account/login/", owner.email, PASSWORD)
    assert not signed_in(elsewhere)
    assert ACCOUNT_CEILING in response.content.decode().lower()
    assert "reset your password" in response.content.decode()


def test_guessing_from_many_addresses_meets_the_account_ceiling(owner):
    refused = 0
    for n in range(30):
        response = try_password(browser(f"198.51.100.{n}"), "/account/login/", owner.email, "wrong-password")
        refused += ACCOUNT_CEILING in response.content.decode().lower()
    # Only the first few of 30 addresses were even checked against the password.
    assert refused >= 25


def test_the_owner_on_a_device_they_have_signed_in_on_before_still_gets_in(owner):
    own_device = browser("198.51.100.7")
    try_password(own_device, "/account/login/", owner.email, PASSWORD)
    assert signed_in(own_device)
    own_device.post("/account/logout/")
    for n in range(10):
        try_password(browser(f"203.0.113.{n}"), "/account/login/", owner.email, "wrong-password")
    assert not signed_in(browser("198.51.100.8")) and ACCOUNT_CEILING in try_password(
        browser("198.51.100.8"), "/account/login/", owner.email, PASSWORD).content.decode().lower()
    try_password(own_device, "/account/login/", owner.email, PASSWORD)
    assert signed_in(own_device)


def test_a_forged_known_device_cookie_counts_for_nothing(owner, settings):
    for n in range(10):
        try_password(browser(f"203.0.113.{n}"), "/account/login/", owner.email, "wrong-password")
    forger = browser("198.51.100.9")
    forger.cookies[settings.KNOWN_DEVICE_COOKIE_NAME] = "e30:forged:signature"
    try_password(forger, "/account/login/", owner.email, PASSWORD)
    assert not signed_in(forger)


def test_the_owner_on_a_new_device_gets_in_after_a_password_reset(owner):
    for n in range(10):
        try_password(browser(f"203.0.113.{n}"), "/account/login/", owner.email, "wrong-password")
    new_device = browser("198.51.100.30")
    try_password(new_device, "/account/login/", owner.email, PASSWORD)
    assert not signed_in(new_device)
    new_device.post("/account/password/reset/", {"email": owner.email})
    link = re.search(r"http://testserver(/account/password/reset/key/[^\s]+)", mail.outbox[-1].body).group(1)
    form = new_device.get(link, follow=True)
    new_password = "a-new-and-unusual-passphrase-77"
    new_device.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                    {"password1": new_password, "password2": new_password})
    try_password(new_device, "/account/login/", owner.email, new_password)
    assert signed_in(new_device)


def test_the_admins_password_reset_cannot_send_eight_emails_in_a_row(owner):
    client = browser("198.51.100.40")
    for _ in range(8):
        client.post("/admin/password_reset/", {"email": owner.email})
    assert len(mail.outbox) == 0
    # allauth's reset, where the admin's sends people, is limited per address.
    for _ in range(8):
        client.post("/account/password/reset/", {"email": owner.email})
    assert 1 <= len(mail.outbox) < 8
