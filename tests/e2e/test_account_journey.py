"""A professional signs up, confirms their email, signs in, edits their profile and downloads their data."""
import json
import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def demo(transactional_db):
    from accounts.demo import seed_organisations
    from lms.demo import seed

    seed_organisations()
    seed()


def test_sign_up_confirm_sign_in_edit_profile_and_download_data(page, live_server, demo, axe, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    page.goto("/")
    axe(page)
    page.get_by_role("link", name="Create an account").first.click()
    axe(page)

    page.get_by_label("Email address").fill("jo.bloggs@police.demo.test")
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("Job role (optional)").fill("Police community support officer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Enter the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Confirm your email address").is_visible()
    axe(page)

    message = mail.outbox[-1]
    assert message.to == ["jo.bloggs@police.demo.test"]
    link = re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+", message.body).group(0)
    page.goto(link.replace("http://testserver", live_server.url).replace("https://testserver", live_server.url))
    axe(page)
    page.get_by_role("button", name="Confirm my email address").click()
    page.wait_for_load_state("networkidle")

    page.goto("/account/login/")
    axe(page)
    page.get_by_label("Email address").fill("jo.bloggs@police.demo.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Your account").is_visible()

    page.get_by_role("link", name="Your account").click()
    axe(page)
    assert "Wiltshire Police" in page.content()
    page.get_by_label("Full name").fill("Jo Bloggs-Smith")
    page.get_by_role("button", name="Save changes").click()
    assert page.get_by_text("Your profile has been updated.").is_visible()
    axe(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data").first.click()
    data = json.loads(open(download_info.value.path()).read())
    assert data["account"]["full_name"] == "Jo Bloggs-Smith"
    assert data["account"]["organisation"] == "Wiltshire Police"

    page.goto("/account/delete/")
    axe(page)
