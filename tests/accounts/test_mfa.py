"""Two-factor sign-in: staff roles reach no staff page without a second factor; learners may opt in."""
import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import roles
from tests.conftest import TEST_TOTP_SECRET, totp_code
from tests.factories import PASSWORD

STAFF_PAGES = ["/admin/", "/account/members/pending/", "/certificates/manage/", "/certificates/manage/exports/"]
STAFF_ROLES = [roles.PARTNERSHIP_STAFF, roles.ORGANISATION_LEAD, roles.EDITOR, "administrator"]


def make(make_user, role, **kwargs):
    if role == "administrator":
        return make_user(None, is_superuser=True, is_staff=True, **kwargs)
    return make_user(role, **kwargs)


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, site_pages, make_user, role, path):
    client.force_login(make(make_user, role, with_mfa=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    # Following the redirects never lands on the staff page.
    followed = client.get(path, follow=True)
    assert all(not url.startswith(path) for url, _ in followed.redirect_chain)
    assert followed.request["PATH_INFO"] != path


def test_the_set_up_page_says_why(client, site_pages, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF, with_mfa=False))
    response = client.get("/certificates/manage/", follow=True)
    assert "second way to prove it is you" in response.content.decode()


@pytest.mark.parametrize("role, path", [(roles.PARTNERSHIP_STAFF, "/certificates/manage/"), (roles.EDITOR, "/admin/"),
                                        ("administrator", "/admin/")])
def test_staff_with_a_second_factor_reach_their_pages(client, site_pages, make_user, role, path):
    client.force_login(make(make_user, role))
    assert client.get(path).status_code == 200


def test_staff_without_a_second_factor_still_reach_their_own_learning(client, site_pages, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF, with_mfa=False))
    assert client.get("/my-learning/").status_code == 200


def test_learners_need_no_second_factor_but_may_add_one(client, site_pages, make_user):
    client.force_login(make_user())
    assert client.get("/my-learning/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def sign_in(client, user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_signing_in_asks_staff_for_the_code_and_refuses_a_wrong_one(client, site_pages, make_user):
    user = make_user(roles.PARTNERSHIP_STAFF)
    response = sign_in(client, user)
    assert response.url == reverse("mfa_authenticate")
    # Not signed in yet: the staff page asks to sign in.
    assert client.get("/certificates/manage/").status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code() != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "That code did not work" in wrong.content.decode()
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert right.status_code == 302
    assert client.get("/certificates/manage/").status_code == 200


def test_staff_set_up_an_authenticator_and_then_reach_staff_pages(client, site_pages, make_user):
    from allauth.mfa.models import Authenticator

    user = make_user(roles.PARTNERSHIP_STAFF, with_mfa=False)
    sign_in(client, user)
    setup = client.get("/certificates/manage/", follow=True)
    if setup.request["PATH_INFO"] == reverse("account_reauthenticate"):
        # allauth may ask for the password again before a security change.
        setup = client.post(setup.request["PATH_INFO"] + "?" + setup.request["QUERY_STRING"],
                            {"password": PASSWORD}, follow=True)
    assert setup.request["PATH_INFO"] == reverse("mfa_activate_totp")
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/certificates/manage/").status_code == 200


def test_a_session_signed_in_before_an_authenticator_was_added_must_pass_it_next(client, site_pages, make_user):
    """Whether a person has an authenticator is remembered between requests; adding one must still count at once."""
    from accounts.mfa import totp_enable

    learner = make_user(roles.LEARNER, with_mfa=False)
    EmailAddress.objects.get_or_create(user=learner, email=learner.email, defaults={"verified": True, "primary": True})
    client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    response = client.get("/my-learning/")
    assert response.status_code == 200, response.get("Location")  # remembered: no authenticator
    totp_enable(user=learner, secret=TEST_TOTP_SECRET)  # e.g. from another browser
    response = client.get("/my-learning/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
