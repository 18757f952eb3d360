"""Partnership staff set up a partner's LRS, see a refusal with its reason, put it right and retry, in real Chromium
with axe-core on every page and no sideways scroll at 320 px; the statements reach ralph."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts import roles
from partners.lrs import services, statements
from partners.lrs.models import LrsDestination, OutboxStatement, OutboxStatus
from tests.e2e.conftest import axe  # noqa: F401  (axe-core plus the 320 px check)
from tests.factories import PASSWORD

from .conftest import KEY, SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_an_lrs_see_why_it_failed_fix_it_and_retry(page, live_server, ralph, make_user, login, axe,
                                                                settings):
    settings.LRS_ALLOW_HTTP = True  # ralph listens on plain http on loopback
    settings.LRS_TIMEOUT_SECONDS = 60  # a busy CI machine must not turn ralph's refusal into a timeout
    staff = make_user(roles.PARTNERSHIP_STAFF)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    learner = make_user()
    login(staff.email, PASSWORD)

    page.goto("/partners/lrs/")
    assert page.locator("h1").inner_text() == "Partners' learning record stores"
    axe(page)
    page.click("text=Add an LRS")
    page.wait_for_url("**/partners/lrs/new/")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert "Enter the secret the partner gave you with the key." in page.locator(".govuk-error-summary").inner_text()
    axe(page)

    page.fill("#id_name", "Police LRS")
    page.select_option("#id_organisation", label=str(learner.organisation))
    page.fill("#id_endpoint", ralph.endpoint)
    page.fill("#id_key", KEY)
    page.fill("#id_secret", "an old secret")
    page.click("button:has-text('Save')")
    # The new LRS's own page (the form's address, /partners/lrs/new/, would match a wildcard before the save ends).
    page.wait_for_url(re.compile(r"/partners/lrs/\d+/$"))
    destination = LrsDestination.objects.get()
    axe(page)

    # The learner finishes something; the LRS refuses our old secret.
    services.outbox_enqueue(learner=learner, drafts=[statements.Draft(
        key="module:1:completed", source="module", learner=learner, timestamp=timezone.now(),
        verb=statements.adl_verb("completed"), object=statements.module_activity(1, "A module"))])
    row = OutboxStatement.objects.get()
    assert row.status == OutboxStatus.FAILED, (row.status, row.attempts, row.last_error)
    page.reload()
    assert "The LRS refused our key and secret (HTTP 401)" in page.locator("main").inner_text()
    axe(page)

    page.click("text=Change the set-up")
    page.wait_for_url(f"**/partners/lrs/{destination.pk}/edit/")
    assert page.input_value("#id_secret") == ""
    page.fill("#id_secret", SECRET)
    page.click("button:has-text('Save')")
    page.wait_for_url(f"**/partners/lrs/{destination.pk}/")
    page.click("button:has-text('Retry failed statements')")
    page.wait_for_url(f"**/partners/lrs/{destination.pk}/")
    assert "1 failed statement is queued to send again." in page.locator("main").inner_text()
    axe(page)

    assert OutboxStatement.objects.get().status == OutboxStatus.SENT
    assert [statement["actor"]["mbox"] for statement in ralph.statements()] == [f"mailto:{learner.email}"]
