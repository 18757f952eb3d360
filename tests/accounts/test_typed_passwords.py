"""A form error elsewhere does not wipe the new password a person typed; sign-in never shows a password back."""
from bs4 import BeautifulSoup

from tests.accounts.test_signup import GOOD_PASSWORD, police, signup  # noqa: F401  (police is a fixture)
from tests.factories import PASSWORD


def password_inputs(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    return {tag["name"]: tag.get("value") for tag in soup.select("input[type=password]")}


def test_signup_with_organisation_missing_keeps_the_passwords_typed(client, police):  # noqa: F811
    response = signup(client, email="sam@gmail.example", organisation="")
    assert "Choose your organisation from the list." in response.content.decode()
    assert password_inputs(response) == {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}


def test_signup_with_name_missing_keeps_the_passwords_typed(client, police):  # noqa: F811
    response = signup(client, full_name="")
    assert "Enter your full name" in response.content.decode()
    assert password_inputs(response) == {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}


def test_a_refused_password_is_not_shown_again(client, police):  # noqa: F811
    common = signup(client, password1="password1", password2="password1")
    assert "This password is too common." in common.content.decode()
    assert password_inputs(common) == {"password1": None, "password2": None}
    mismatch = signup(client, password2="something-else-entirely-9")
    assert "You must type the same password each time." in mismatch.content.decode()
    assert password_inputs(mismatch) == {"password1": None, "password2": None}


def test_a_blank_signup_page_has_empty_password_boxes(client, police):  # noqa: F811
    assert password_inputs(client.get("/account/signup/")) == {"password1": None, "password2": None}


def test_changing_password_with_a_wrong_current_one_keeps_the_new_one_but_not_the_current(client, make_user):
    client.force_login(make_user())
    response = client.post("/account/password/change/", {
        "oldpassword": "not-my-password", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 200
    assert password_inputs(response) == {"oldpassword": None, "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}


def test_sign_in_after_a_wrong_password_never_shows_it_back(client, make_user):
    user = make_user()
    response = client.post("/account/login/", {"login": user.email, "password": "a-wrong-password-typed"})
    assert response.status_code == 200
    assert "a-wrong-password-typed" not in response.content.decode()
    assert password_inputs(response) == {"password": None}
    right = client.post("/account/login/", {"login": "", "password": PASSWORD})  # error elsewhere: still not shown
    assert PASSWORD not in right.content.decode()
