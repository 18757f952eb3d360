"""A staff member sets up two-step verification, sees their recovery codes, and signs in again with a code."""
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_an_authenticator_then_sign_in_with_a_code(page, live_demo, make_user, login, axe):
    from allauth.account.models import EmailAddress

    from accounts import roles
    from tests.factories import PASSWORD

    staff = make_user(roles.PARTNERSHIP_STAFF, with_mfa=False, full_name="Sam Staff")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    login(staff.email, PASSWORD)

    # A staff page sends them to set up two-step verification first (after their password again).
    page.goto("/certificates/manage/")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-step verification"
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    axe(page)

    # Someone who cannot scan the QR code types the key shown as text into their app.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill("12345")
    page.get_by_role("button", name="Turn on two-step verification").click()
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()
    axe(page)
    page.get_by_label("Code from the app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the codes").click()
    assert codes[0] in open(download.value.path()).read()
    axe(page)

    page.goto("/account/logout/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")

    # Later (the code used to set up is not accepted twice), they sign in with the app's current code.
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        page.goto("/account/login/")
        page.get_by_label("Email address").fill(staff.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("heading", level=1).inner_text() == "Enter the code from your authenticator app"
        axe(page)
        page.get_by_label("Code").fill(totp_code(secret, at=time.time()))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state("networkidle")
        page.goto("/certificates/manage/")
        assert "/certificates/manage/" in page.url
        assert page.get_by_role("heading", level=1).is_visible()
