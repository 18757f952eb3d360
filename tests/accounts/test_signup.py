"""Signing up: the organisation is found from the email domain or chosen; bad input creates nothing."""
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts import roles
from accounts.models import MembershipStatus, User
from tests.factories import AreaFactory, OrganisationFactory

GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def police(db):
    roles.ensure_roles()
    return OrganisationFactory(name="Wiltshire Police", email_domains="police.example, police.example.org")


@pytest.fixture
def other(db):
    return OrganisationFactory(name="Other organisation", email_domains="")


def signup(client, **overrides):
    data = {
        "email": "sam.jones@police.example",
        "full_name": "Sam Jones",
        "organisation": "",
        "job_role": "Neighbourhood officer",
        "area": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return client.post("/account/signup/", data)


def confirm_email(client):
    import re

    link = re.search(r"http://testserver(/account/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)
    return client.post(link)


def test_matching_email_domain_joins_the_organisation_once_the_address_is_confirmed(client, police):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="sam.jones@police.example")
    assert user.full_name == "Sam Jones"
    assert user.organisation == police
    # Anyone can type an address: the domain counts only once its owner has confirmed it.
    assert user.membership_status == MembershipStatus.NONE
    assert roles.has_role(user, roles.LEARNER)
    confirm_email(client)
    user.refresh_from_db()
    assert (user.organisation, user.membership_status) == (police, MembershipStatus.APPROVED)


def test_other_domain_picks_an_organisation_and_waits_for_approval(client, police):
    area = AreaFactory(name="Swindon", slug="swindon")
    response = signup(client, email="sam@gmail.example", organisation=police.pk, area=area.pk)
    assert response.status_code == 302
    user = User.objects.get(email="sam@gmail.example")
    assert user.organisation == police
    assert user.membership_status == MembershipStatus.PENDING
    assert user.area == area


def test_signup_sends_a_confirmation_email_and_blocks_login_until_confirmed(client, police):
    signup(client)
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()
    assert not EmailAddress.objects.get(email="sam.jones@police.example").verified
    response = client.post("/account/login/", {"login": "sam.jones@police.example", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response.url


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"full_name": ""}, "Enter your full name, as it should appear on your certificates."),
        ({"password1": "password1", "password2": "password1"}, "This password is too common."),
        ({"password2": "something-else-entirely-9"}, "You must type the same password each time."),
        ({"email": "sam@gmail.example", "organisation": "99999"}, "Choose your organisation from the list."),
        ({"email": "sam@gmail.example", "organisation": ""}, "Choose your organisation from the list."),
    ],
)
def test_bad_signup_gets_a_clear_message_and_creates_nothing(client, police, overrides, message):
    response = signup(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0
    assert len(mail.outbox) == 0


def test_a_taken_email_answers_as_a_new_one_does_and_tells_its_owner_by_email(client, police, make_user):
    owner = make_user(email="sam.jones@police.example")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    taken = signup(client)
    taken_page = client.get(taken["Location"]).content.decode()
    fresh = signup(Client(), email="new.person@police.example")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert "An account already uses this email address" not in taken_page
    assert User.objects.filter(email__iexact="sam.jones@police.example").count() == 1
    to_owner = [message for message in mail.outbox if message.to == ["sam.jones@police.example"]]
    assert len(to_owner) == 1 and "already" in to_owner[0].body.lower()


def test_taken_email_is_matched_whatever_the_case(client, police, make_user):
    make_user(email="sam.jones@police.example")
    signup(client, email="Sam.Jones@Police.Example")
    assert User.objects.count() == 1


def test_wrong_passwords_from_someone_else_do_not_lock_the_owner_out(client, make_user):
    from django.test import Client as Browser

    user = make_user(email="someone@example.org", password="correct-horse-battery-staple")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # The owner's own device, where they have signed in before (accounts.adapter: a known device).
    owner = Browser(REMOTE_ADDR="198.51.100.7")
    owner.post("/account/login/", {"login": user.email, "password": "correct-horse-battery-staple"})
    owner.post("/account/logout/")
    assert "_auth_user_id" not in owner.session
    attacker = Browser(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        attacker.post("/account/login/", {"login": user.email, "password": "wrong-password"})
    assert "Too many failed attempts" in attacker.post(
        "/account/login/", {"login": user.email, "password": "wrong-password"}
    ).content.decode()
    response = owner.post("/account/login/", {"login": user.email, "password": "correct-horse-battery-staple"})
    assert response.status_code == 302 and "_auth_user_id" in owner.session


def test_repeated_failed_logins_are_rate_limited(client, make_user):
    user = make_user(email="someone@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        response = client.post("/account/login/", {"login": user.email, "password": "wrong-password"})
        assert "Too many failed attempts" not in response.content.decode()
    response = client.post("/account/login/", {"login": user.email, "password": "wrong-password"})
    assert "Too many failed attempts to sign in" in response.content.decode()
    # Even the right password is refused while the limit is in force.
    response = client.post("/account/login/", {"login": user.email, "password": "correct-horse-battery-staple"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
