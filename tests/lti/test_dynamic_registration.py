"""LTI Dynamic Registration with the real test platform: staff make a one-use address, the platform's
administrator opens it from the platform, and the two register each other; a launch then works."""
import re

import pytest
from lti_tool.models import LtiRegistration

from accounts import roles
from accounts.models import Organisation
from partners.lti.models import PartnerPlatform
from tests.courses.conftest import PLACEHOLDER_COURSE, build_course, site  # noqa: F401 - fixtures

from .conftest import CLIENT_ID, DEPLOYMENT_ID
from .platform_server import REGISTRATION_TOKEN
from .test_launch import LEARNER, launch_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def address(client, make_user, site_pages):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    organisation = Organisation.objects.order_by("pk").first()
    page = client.post("/lti/manage/invite/", {"organisation": organisation.pk})
    assert page.status_code == 200
    found = re.search(r"<code>http://testserver(/lti/register/[^<]+)</code>", page.content.decode()).group(1)
    client.logout()
    return found, organisation


def test_the_platform_registers_itself_and_then_launches(client, lti_platform, address, build_course):  # noqa: F811
    path, organisation = address
    opened = client.get(path, {"openid_configuration": lti_platform.base + "/.well-known/openid-configuration",
                               "registration_token": REGISTRATION_TOKEN})
    assert opened.status_code == 200, opened.content.decode()
    assert "Our training is registered" in opened.content.decode()
    assert f"frame-ancestors {lti_platform.base}" in opened["Content-Security-Policy"]
    sent = lti_platform.received()["registrations"]
    assert sent[0]["initiate_login_uri"] == "http://testserver/lti/login/"
    assert sent[0]["jwks_uri"] == "http://testserver/lti/jwks.json"
    platform = PartnerPlatform.objects.get()
    assert platform.organisation == organisation
    assert platform.registration.client_id == CLIENT_ID
    assert platform.registration.issuer == lti_platform.base
    assert list(platform.registration.deployments.values_list("deployment_id", flat=True)) == [DEPLOYMENT_ID]
    # The address worked once.
    again = client.get(path, {"openid_configuration": lti_platform.base + "/.well-known/openid-configuration",
                              "registration_token": REGISTRATION_TOKEN})
    assert again.status_code == 400 and "already been used" in again.content.decode()
    # A launch from the platform now signs a learner in to that organisation.
    lti_platform.organisation = organisation
    response, _ = launch_module(client, lti_platform, build_course())
    assert "Open in a new window" in response.content.decode()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(email=LEARNER["email"]).organisation == organisation


def test_a_refused_registration_creates_nothing_and_says_why(client, lti_platform, address):
    path, _ = address
    wrong = client.get(path, {"openid_configuration": lti_platform.base + "/.well-known/openid-configuration",
                              "registration_token": "not-the-token"})
    assert wrong.status_code == 400
    assert "did not accept our registration" in wrong.content.decode()
    elsewhere = client.get(path, {"openid_configuration": "http://127.0.0.1:9/.well-known/openid-configuration"})
    assert "configuration at the address it gave us" in elsewhere.content.decode()
    assert "Start the registration from your platform" in client.get(path).content.decode()
    assert not LtiRegistration.objects.exists()
    # Still usable after those failures.
    ok = client.get(path, {"openid_configuration": lti_platform.base + "/.well-known/openid-configuration",
                           "registration_token": REGISTRATION_TOKEN})
    assert ok.status_code == 200


def test_only_partnership_staff_make_registration_addresses(client, make_user, site_pages):
    client.force_login(make_user(roles.ORGANISATION_LEAD))
    assert client.get("/lti/manage/invite/").status_code == 403
    assert client.post("/lti/manage/invite/", {"organisation": Organisation.objects.first().pk}).status_code == 403


def test_an_address_nobody_gave_out_is_refused(client, lti_platform, db):
    response = client.get("/lti/register/made-up/", {
        "openid_configuration": lti_platform.base + "/.well-known/openid-configuration",
        "registration_token": REGISTRATION_TOKEN})
    assert response.status_code == 400
    assert "not one we gave out" in response.content.decode()
    assert "registrations" not in lti_platform.received()
