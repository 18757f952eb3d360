"""Launches from a real LTI 1.3 platform (tests/lti/platform_server.py on loopback), through the Django client.

Who gets signed in (a new learner of the platform's organisation, or an existing account only after its owner
signs in), the one-time new-window step, and every refusal: each a plain page, nothing created.
"""
import pytest
from django.contrib.auth import get_user_model
from lti_tool.models import LtiDeployment, LtiRegistration, LtiUser

from accounts import roles
from accounts.models import MembershipStatus
from partners.lti.models import GradeTarget, LaunchHandoff, PartnerPlatform
from tests.courses.conftest import PLACEHOLDER_COURSE, build_course, site  # noqa: F401 - fixtures
from tests.factories import PASSWORD

from .conftest import DEPLOYMENT_ID, launch, platform_launch_form

pytestmark = pytest.mark.django_db
User = get_user_model()

LEARNER = {"sub": "moodle-user-42", "name": "Sam Partner", "email": "sam.partner@wiltshire.police.uk"}


@pytest.fixture
def module(build_course):  # noqa: F811
    return build_course()


def launch_module(client, platform, module, **extra):
    return launch(client, platform, **{**LEARNER, "custom": {"module": str(module.pk)}, **extra})


def enter_link(response) -> str:
    import re

    return re.search(r'href="(/lti/enter/[^"]+)"', response.content.decode()).group(1)


def test_a_framed_launch_makes_a_learner_of_the_platforms_organisation_and_opens_in_a_new_window(
        client, registered_platform, module):
    response, _ = launch_module(client, registered_platform, module)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Open in a new window" in page
    # Only the registered platform may frame it.
    assert "frame-ancestors http://127.0.0.1:%d" % registered_platform.port in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "_auth_user_id" not in client.session

    user = User.objects.get(email=LEARNER["email"])
    assert user.full_name == "Sam Partner"
    assert user.organisation == registered_platform.organisation
    assert user.membership_status == MembershipStatus.APPROVED
    assert roles.user_roles(user) == [roles.LEARNER]
    assert not user.has_usable_password()

    # The new window (a top-level page of our own site) exchanges the one-time key for a session.
    link = enter_link(response)
    framed_again = client.get(link, HTTP_SEC_FETCH_DEST="iframe")
    assert "Open in a new window" in framed_again.content.decode()
    opened = client.get(link, HTTP_SEC_FETCH_DEST="document")
    assert opened.status_code == 302
    assert opened["Location"] == module.url
    assert client.session["_auth_user_id"] == str(user.pk)
    # Once only.
    again = client.get(link, HTTP_SEC_FETCH_DEST="document")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    # The line item of this link is remembered for the grade.
    target = GradeTarget.objects.get(user=user, course=module)
    assert target.lineitem_url.endswith("/lineitems/link-1")


def test_a_launch_in_a_whole_window_moves_on_to_the_module(client, registered_platform, module):
    response, _ = launch_module(client, registered_platform, module, frame=False)
    page = response.content.decode()
    assert 'http-equiv="refresh"' in page
    opened = client.get(enter_link(response))
    assert opened["Location"] == module.url


def test_the_second_launch_signs_the_same_person_in_without_a_new_account(client, registered_platform, module):
    launch_module(client, registered_platform, module)
    second, _ = launch_module(client, registered_platform, module, email="changed@elsewhere.example")
    assert second.status_code == 200
    assert User.objects.filter(email=LEARNER["email"]).count() == 1
    assert not User.objects.filter(email="changed@elsewhere.example").exists()


def test_an_existing_account_is_linked_only_after_its_owner_signs_in(client, registered_platform, module, make_user):
    owner = make_user(roles.LEARNER, email=LEARNER["email"], full_name="Sam Owner")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    response, _ = launch_module(client, registered_platform, module)
    page = response.content.decode()
    assert response.status_code == 200
    assert "You already have an account with us" in page
    assert "_auth_user_id" not in client.session
    assert LtiUser.objects.get(sub=LEARNER["sub"]).auth_user is None
    import re

    link_url = re.search(r'href="(/lti/link/[^"]+)"', page).group(1)
    # Not signed in: the link step asks for the password first.
    assert client.get(link_url)["Location"].startswith("/account/login/")
    client.post("/account/login/", {"login": owner.email, "password": PASSWORD})
    confirm = client.get(link_url)
    assert confirm.status_code == 200
    assert "Link my account" in confirm.content.decode()
    linked = client.post(link_url)
    assert linked.status_code == 302 and linked["Location"] == module.url
    assert LtiUser.objects.get(sub=LEARNER["sub"]).auth_user == owner
    owner.refresh_from_db()
    assert roles.user_roles(owner) == [roles.LEARNER]
    # From now on the platform signs them in.
    client.logout()
    again, _ = launch_module(client, registered_platform, module)
    assert "Open in a new window" in again.content.decode()


def test_someone_signed_in_to_another_account_cannot_take_the_link(client, registered_platform, module, make_user):
    make_user(roles.LEARNER, email=LEARNER["email"])
    response, _ = launch_module(client, registered_platform, module)
    import re

    link_url = re.search(r'href="(/lti/link/[^"]+)"', response.content.decode()).group(1)
    other = make_user(roles.LEARNER, email="someone.else@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    client.post("/account/login/", {"login": other.email, "password": PASSWORD})
    assert "You are signed in as someone.else@example.org" in client.get(link_url).content.decode()
    refused = client.post(link_url)
    assert refused.status_code == 409
    assert LtiUser.objects.get(sub=LEARNER["sub"]).auth_user is None


def test_a_claimed_instructor_role_still_gives_only_a_learner(client, registered_platform, module):
    launch_module(client, registered_platform, module,
                  role="http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator")
    user = User.objects.get(email=LEARNER["email"])
    assert roles.user_roles(user) == [roles.LEARNER]
    assert not user.is_staff and not user.is_superuser


def test_a_closed_account_is_not_signed_in(client, registered_platform, module):
    launch_module(client, registered_platform, module)
    User.objects.filter(email=LEARNER["email"]).update(is_active=False)
    handoffs = LaunchHandoff.objects.count()
    response, _ = launch_module(client, registered_platform, module)
    assert response.status_code == 400
    assert "has been closed" in response.content.decode()
    assert LaunchHandoff.objects.count() == handoffs


def test_a_link_that_names_no_published_module_is_refused_plainly(client, registered_platform, module):
    response, _ = launch(client, registered_platform, **LEARNER)
    assert response.status_code == 400
    assert "does not say which of our modules to open" in response.content.decode()
    assert not User.objects.filter(email=LEARNER["email"]).exists()


# --- Refusals -----------------------------------------------------------------------------------------------


def counts():
    return (User.objects.count(), LtiUser.objects.count(), LaunchHandoff.objects.count(),
            GradeTarget.objects.count(), LtiDeployment.objects.count())


def assert_refused(response, words: str, before):
    assert response.status_code in (400, 403)
    page = response.content.decode()
    assert "We could not open the module" in page
    assert words in page
    assert "_auth_user_id" not in response.client.session
    assert counts() == before


@pytest.mark.parametrize("test, words", [
    ("rogue-key", "signature does not match"),
    ("expired", "has expired"),
    ("other-deployment", "not one the partnership team has registered"),
    ("other-audience", "meant for a different tool"),
])
def test_a_bent_launch_is_refused_in_plain_english_and_creates_nothing(client, registered_platform, module, test,
                                                                       words):
    before = counts()
    response, _ = launch_module(client, registered_platform, module, test=test)
    assert_refused(response, words, before)


def test_a_replayed_launch_is_refused(client, registered_platform, module):
    action, fields = platform_launch_form(client, registered_platform, **LEARNER,
                                          custom={"module": str(module.pk)})
    assert client.post("/lti/launch/", fields).status_code == 200
    client.logout()
    before = counts()
    assert_refused(client.post("/lti/launch/", fields), "already been used", before)


def test_a_token_with_another_logins_nonce_is_refused(client, registered_platform, module):
    _, first = platform_launch_form(client, registered_platform, **LEARNER, custom={"module": str(module.pk)})
    _, second = platform_launch_form(client, registered_platform, **LEARNER, custom={"module": str(module.pk)})
    before = counts()
    # The first login's signed token presented with the second login's state: its nonce is not that login's.
    assert_refused(client.post("/lti/launch/", {"id_token": first["id_token"], "state": second["state"]}),
                   "already been used", before)


def test_a_platform_nobody_registered_is_refused_at_login_and_at_launch(client, lti_platform, module):
    before = counts()
    import requests
    from urllib.parse import urlsplit

    start = requests.get(lti_platform.start_url(**LEARNER), allow_redirects=False, timeout=5)
    login_url = urlsplit(start.headers["Location"])
    response = client.get(login_url.path + "?" + login_url.query)
    assert_refused(response, "not registered with us", before)
    assert_refused(client.post("/lti/launch/", {"id_token": "a.b.c", "state": "x"}), "arrived incomplete", before)


def test_a_forged_token_from_an_unknown_issuer_is_refused(client, registered_platform, module):
    _, fields = platform_launch_form(client, registered_platform, **LEARNER, custom={"module": str(module.pk)})
    LtiRegistration.objects.update(issuer="https://someone-else.example")
    before = counts()
    assert_refused(client.post("/lti/launch/", fields), "not registered with us", before)


def test_a_garbled_launch_is_refused(client, registered_platform):
    before = counts()
    for fields in ({}, {"id_token": "not-a-token", "state": "x"}, {"state": "x"}):
        assert_refused(client.post("/lti/launch/", fields), "arrived incomplete", before)
    assert client.get("/lti/launch/").status_code == 405


# --- Registration by staff ----------------------------------------------------------------------------------


def test_partnership_staff_register_a_platform_and_see_our_addresses(client, make_user, lti_platform, site_pages):
    from accounts.models import Organisation

    staff = make_user(roles.PARTNERSHIP_STAFF)
    client.force_login(staff)
    organisation = Organisation.objects.first()
    page = client.get("/lti/manage/new/")
    assert page.status_code == 200
    text = page.content.decode()
    for address in ("/lti/login/", "/lti/launch/", "/lti/jwks.json"):
        assert "http://testserver" + address in text
    details = lti_platform.details()
    form = {**details, "deployment_ids": "deployment-1\ndeployment-2\n", "name": "Force Moodle",
            "organisation": organisation.pk}
    assert client.post("/lti/manage/new/", form).status_code == 302
    platform = PartnerPlatform.objects.get()
    assert platform.organisation == organisation
    assert sorted(platform.registration.deployments.values_list("deployment_id", flat=True)) == [
        "deployment-1", "deployment-2"]
    # Changing it: a deployment taken off the list is switched off.
    form["deployment_ids"] = "deployment-2"
    assert client.post(f"/lti/manage/{platform.pk}/", form).status_code == 302
    assert list(platform.registration.deployments.filter(is_active=True).values_list("deployment_id", flat=True)) \
        == ["deployment-2"]
    # The same issuer and client twice is refused, plainly.
    clash = client.post("/lti/manage/new/", form)
    assert clash.status_code == 400
    assert "already registered" in clash.content.decode()
    assert PartnerPlatform.objects.count() == 1


def test_bad_registration_details_are_refused_with_a_message_each(client, make_user, site_pages):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    response = client.post("/lti/manage/new/", {"issuer": "not a url", "deployment_ids": "  "})
    text = response.content.decode()
    assert response.status_code == 400
    for message in ("Choose the partner organisation", "Enter the issuer as a web address", "Enter the client ID",
                    "Enter at least one deployment ID", "Enter the platform"):
        assert message in text
    assert not LtiRegistration.objects.exists()


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TEACHER, roles.ORGANISATION_LEAD, roles.EDITOR])
def test_only_partnership_staff_reach_the_registration_pages(client, make_user, role, site_pages):
    client.force_login(make_user(role))
    assert client.get("/lti/manage/").status_code == 403
    assert client.get("/lti/manage/new/").status_code == 403
    client.logout()
    assert client.get("/lti/manage/")["Location"].startswith("/account/login/")


def test_our_jwks_publishes_the_key_we_sign_with(client, db):
    keys = client.get("/lti/jwks.json").json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and "d" not in keys[0]
    assert client.get("/lti/jwks.json").json() == {"keys": keys}


def test_the_deployment_fixture_matches_the_platform():
    assert DEPLOYMENT_ID == "deployment-1"


def test_old_login_states_and_handoffs_are_forgotten(client, registered_platform, module):
    from datetime import timedelta

    from django.utils import timezone

    from partners.lti.models import LoginState
    from partners.lti.tasks import purge_launch_records

    launch_module(client, registered_platform, module)
    fresh = (LoginState.objects.count(), LaunchHandoff.objects.count())
    assert purge_launch_records.apply().get() == 0
    LoginState.objects.update(created_at=timezone.now() - timedelta(days=2))
    LaunchHandoff.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert purge_launch_records.apply().get() == sum(fresh)
    assert not LoginState.objects.exists() and not LaunchHandoff.objects.exists()
    # The learner and their link to the platform stay.
    assert LtiUser.objects.get(sub=LEARNER["sub"]).auth_user.email == LEARNER["email"]


def test_the_platforms_posts_need_no_csrf_token_but_staff_forms_do(registered_platform, module, make_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    # The launch is POSTed by the platform's page from its own origin: the signed token is the proof.
    response, _ = launch(strict, registered_platform, **LEARNER, custom={"module": str(module.pk)})
    assert response.status_code == 200 and "Open in a new window" in response.content.decode()
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(make_user(roles.PARTNERSHIP_STAFF))
    assert staff.post("/lti/manage/new/", registered_platform.details()).status_code == 403
