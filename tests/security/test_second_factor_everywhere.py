"""One way in: a session that passed only a password, made through any sign-in page, reaches no staff page.

Walks every URL pattern of the site and the admin (tests/security/urls_walk.py) for each staff role, with a
session made by a real password sign-in on every sign-in page the site has, and with a session that is signed
in by password alone some other way (as a forgotten door would make one). None of them reaches a staff page or
an export: each answers a redirect to the second-factor step or to sign in, 403, 404 or 405, never the page.
"""
import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts import roles
from accounts.mfa import SECOND_STEP_PAGES, mfa_required
from tests.conftest import totp_code
from tests.factories import PASSWORD

from .urls_walk import every_url, reaches_its_view

pytestmark = pytest.mark.django_db

ADMINISTRATOR = "Administrator"
STAFF_ROLES = [roles.PARTNERSHIP_STAFF, roles.ORGANISATION_LEAD, roles.EDITOR, roles.TRAINER, roles.CLINICIAN,
               ADMINISTRATOR]
# What the review reached with a session from /admin/login/ (each a staff page or export for some role).
REVIEWED = ["/admin/", "/dashboard/export/all.csv", "/dashboard/staff/", "/dashboard/staff/refreshers.csv",
            "/certificates/manage/", "/account/members/pending/"]
# Patterns answered by an earlier one on purpose: Wagtail's sign-in and reset pages go to allauth's.
SHADOWED = {"wagtail.admin.views.account.LoginView", "wagtail.admin.views.account.PasswordResetView",
            "wagtail.admin.views.account.PasswordResetDoneView", "wagtail.admin.views.account.PasswordResetConfirmView",
            "wagtail.admin.views.account.PasswordResetCompleteView", "django.contrib.auth.views.LoginView",
            "wagtail.views.authenticate_with_password"}
SIGN_IN_PAGES = ["/account/login/", "/admin/login/", "/_util/login/"]
REFUSALS = {403, 404, 405}


def make_staff(make_user, role):
    if role == ADMINISTRATOR:
        user = make_user(None, is_superuser=True, is_staff=True)
    else:
        user = make_user(role)
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def fresh_client() -> Client:
    return Client(raise_request_exception=False)


def password_sign_in(page: str, user) -> Client:
    """A session that has typed the real password on this sign-in page, and no code."""
    client = fresh_client()
    client.get(page)
    response = client.post(page, {"login": user.email, "username": user.email, "password": PASSWORD})
    assert response.status_code in (302, 303), (page, response.status_code)
    return client


def password_only_session(user) -> Client:
    """Signed in by a password alone, without allauth (a door that skipped it): no second factor recorded."""
    client = fresh_client()
    assert client.login(email=user.email, password=PASSWORD) or client.login(username=user.email, password=PASSWORD)
    assert "_auth_user_id" in client.session
    return client


def every_path():
    return [path for path, _ in every_url()]


def assert_not_reached(client, path: str, role: str) -> None:
    response = client.get(path)
    status = response.status_code
    if status in REFUSALS:
        return
    if status in (301, 302, 303, 307):
        target = response["Location"]
        assert target.startswith(("/account/login/", "/account/2fa/reauthenticate/", "/account/2fa/totp/activate/")) \
            or not path.startswith(("/admin/", "/dashboard/", "/certificates/manage/", "/account/members/")), \
            (role, path, target)
        return
    raise AssertionError(f"{role}: {path} answered {status} to a session without a second factor")


def test_the_walk_covers_every_pattern(site_pages):
    urls = every_url()
    assert len(urls) > 300
    missed = [(path, view) for path, view in urls if not reaches_its_view(path, view) and view not in SHADOWED]
    assert missed == []


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_needs_a_second_factor(make_user, role):
    assert mfa_required(make_staff(make_user, role))


def test_roles_that_only_book_or_deliver_their_own_sessions_need_none(make_user):
    # Instructors and teachers reach only their own sessions, no staff page and no admin (accounts.mfa).
    assert not mfa_required(make_user(roles.INSTRUCTOR))
    assert not mfa_required(make_user(roles.TEACHER))
    assert not mfa_required(make_user(roles.LEARNER))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_password_only_session_reaches_no_page_at_all(site_pages, make_user, role):
    """Signed in by password alone (some other door): every pattern of the site and the admin is refused or sent
    to the second-factor step, except that step itself and signing out."""
    user = make_staff(make_user, role)
    client = password_only_session(user)
    reached = []
    for path, view in every_url():
        response = client.get(path)
        if response.status_code in REFUSALS:
            continue
        if response.status_code in (301, 302, 303, 307):
            if response["Location"].startswith("/account/2fa/reauthenticate/"):
                continue
        match = response.resolver_match
        if match is not None and match.url_name in SECOND_STEP_PAGES:
            continue
        reached.append((path, response.status_code))
    assert reached == []
    # Still not signed in fully afterwards; and the step itself asks for the code.
    step = client.get("/dashboard/staff/", follow=True)
    assert step.request["PATH_INFO"] == "/account/2fa/reauthenticate/"
    assert "Enter a code from your authenticator app" in step.content.decode()


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_password_typed_on_any_sign_in_page_reaches_no_staff_page(site_pages, make_user, role):
    user = make_staff(make_user, role)
    full = fresh_client()
    full.force_login(user)
    # The pages this role reaches when fully signed in, and anonymous visitors do not: its staff pages.
    anonymous = fresh_client()
    staff_pages = [path for path in every_path()
                   if full.get(path).status_code == 200 and anonymous.get(path).status_code != 200]
    assert len(staff_pages) >= 3, "a fully signed-in staff member reaches their staff pages"
    for page in SIGN_IN_PAGES:
        client = password_sign_in(page, user)
        assert "_auth_user_id" not in client.session, page
        for path in staff_pages + REVIEWED:
            assert_not_reached(client, path, f"{role} via {page}")


def test_the_code_step_after_a_password_opens_the_staff_pages(site_pages, make_user):
    """The same walk's counterpart: passing the second factor is what opens them."""
    user = make_staff(make_user, roles.PARTNERSHIP_STAFF)
    client = password_sign_in("/account/login/", user)
    response = client.post("/account/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    for path in REVIEWED:
        assert client.get(path).status_code == 200, path


def test_a_password_only_session_passes_the_code_step_and_carries_on(site_pages, make_user):
    user = make_staff(make_user, roles.ORGANISATION_LEAD)
    client = password_only_session(user)
    response = client.get("/dashboard/staff/refreshers.csv")
    assert response.status_code == 302
    step = response["Location"]
    wrong = client.post(step, {"code": "000000" if totp_code() != "000000" else "111111"})
    assert wrong.status_code == 200
    assert client.get("/dashboard/staff/refreshers.csv").status_code == 302
    right = client.post(step, {"code": totp_code()})
    assert right.status_code == 302
    assert right["Location"] == "/dashboard/staff/refreshers.csv"
    assert client.get("/dashboard/staff/refreshers.csv").status_code == 200


def test_wagtails_sign_in_pages_send_people_to_allauths_keeping_where_they_were_going(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/account/login/?next=%2Fadmin%2F"
    posted = client.post("/admin/login/", {"username": "someone@example.org", "password": "x"})
    assert posted.status_code == 303
    assert client.get("/admin/")["Location"].startswith("/account/login/")
    for path in ("/admin/password_reset/", "/admin/password_reset/done/", "/admin/password_reset/confirm/MQ/x-y/",
                 "/admin/password_reset/complete/"):
        assert client.get(path)["Location"] == "/account/password/reset/"


@pytest.mark.parametrize("role", [roles.TRAINER, roles.CLINICIAN])
def test_trainers_and_clinicians_set_up_a_second_factor_before_the_admin(site_pages, make_user, role):
    user = make_user(role, with_mfa=False)
    client = fresh_client()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/totp/activate/")
    assert client.get("/admin/pages/").status_code == 302


def test_the_rule_follows_permissions_not_a_list_of_roles(make_user):
    """A group made later that can open any staff page (here: one organisation's reports) needs a second factor."""
    from django.contrib.auth.models import Group, Permission

    user = make_user(roles.LEARNER)
    assert not mfa_required(user)
    group = Group.objects.create(name="Safeguarding reviewers")
    group.permissions.add(Permission.objects.get(codename="view_organisation_reports"))
    user.groups.add(group)
    user = type(user).objects.get(pk=user.pk)
    assert mfa_required(user)
