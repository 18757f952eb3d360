"""The staff pages: who may open them, the write-only secret, plain refusals, the status and the retry button."""
from datetime import datetime, timezone as dt_timezone

import pytest
from django.test import Client

from accounts import roles
from accounts.models import AuditEntry
from partners.lrs import services, statements
from partners.lrs.models import LrsDestination, OutboxStatement, OutboxStatus
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NOWHERE = "http://127.0.0.1:9/xAPI/"


@pytest.fixture
def staff_client(make_user):
    client = Client()
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    return client


def form(**changes):
    data = {"name": "Police LRS", "organisation": "", "endpoint": "https://lrs.police.example/xAPI/",
            "key": "our-key", "secret": "very secret", "actor_identification": "mbox", "account_home_page": "",
            "is_active": "on"}
    data.update(changes)
    return data


@pytest.mark.parametrize("path", ["/partners/lrs/", "/partners/lrs/new/", "/partners/lrs/{pk}/",
                                  "/partners/lrs/{pk}/edit/"])
@pytest.mark.parametrize("role", [roles.LEARNER, roles.ORGANISATION_LEAD, roles.EDITOR, roles.TEACHER,
                                  roles.INSTRUCTOR, roles.TRAINER])
def test_only_partnership_staff_open_the_pages(make_user, make_destination, client, path, role):
    destination = make_destination(NOWHERE)
    client.force_login(make_user(role))
    assert client.get(path.format(pk=destination.pk)).status_code == 403
    assert client.post(f"/partners/lrs/{destination.pk}/retry/").status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client, make_destination):
    destination = make_destination(NOWHERE)
    for path in ("/partners/lrs/", f"/partners/lrs/{destination.pk}/"):
        assert client.get(path)["Location"].startswith("/account/login/")


def test_staff_set_up_an_lrs_and_the_secret_is_never_shown_again(staff_client, site_pages):
    police = OrganisationFactory(name="Wessex Police")
    response = staff_client.post("/partners/lrs/new/", form(organisation=police.pk))
    destination = LrsDestination.objects.get()
    assert response["Location"] == f"/partners/lrs/{destination.pk}/"
    assert (destination.organisation, destination.key, destination.actor_identification) == (police, "our-key", "mbox")
    for page in (f"/partners/lrs/{destination.pk}/", f"/partners/lrs/{destination.pk}/edit/", "/partners/lrs/"):
        html = staff_client.get(page).content.decode()
        assert "very secret" not in html and destination.secret_sealed not in html
    assert "Saved (never shown)" in staff_client.get(f"/partners/lrs/{destination.pk}/").content.decode()
    assert AuditEntry.objects.filter(action="lrs.destination.create").count() == 1

    # Saving without a secret keeps the old one; a new one replaces it.
    sealed = destination.secret_sealed
    staff_client.post(f"/partners/lrs/{destination.pk}/edit/", form(organisation=police.pk, secret="", key="k2"))
    destination.refresh_from_db()
    assert (destination.key, destination.secret_sealed) == ("k2", sealed)


@pytest.mark.parametrize("changes, message", [
    ({"endpoint": "not an address"}, "Enter the LRS endpoint as a full web address"),
    ({"endpoint": "https://lrs.example/xAPI/statements"}, "Enter the address without /statements at the end"),
    ({"endpoint": "http://lrs.example/xAPI/"}, "Enter an address starting https://"),
    ({"secret": ""}, "Enter the secret the partner gave you with the key."),
    ({"account_home_page": "https://x.example"}, "Leave the account home page empty when learners are identified"),
    ({"actor_identification": "name"}, "Select a valid choice."),
    ({"name": ""}, "This field is required."),
])
def test_bad_input_is_refused_plainly_and_changes_nothing(staff_client, changes, message, site_pages):
    response = staff_client.post("/partners/lrs/new/", form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LrsDestination.objects.exists()


def test_the_status_page_shows_counts_the_oldest_queued_in_uk_time_and_failures_with_reasons(
        staff_client, make_destination, learner, make_user, django_assert_max_num_queries, site_pages):
    destination = make_destination(NOWHERE, name="Police LRS")
    make_destination(NOWHERE, name="Council LRS", organisation=OrganisationFactory())
    for key in ("a", "b", "c"):
        services.outbox_enqueue(learner=learner, drafts=[statements.Draft(
            key=key, source="module", learner=learner, timestamp=datetime.now(dt_timezone.utc),
            verb=statements.adl_verb("completed"), object=statements.module_activity(1, "M"))])
    rows = list(OutboxStatement.objects.filter(destination=destination).order_by("pk"))
    # Summer: 09:30 UTC is 10:30 in the UK.
    OutboxStatement.objects.filter(pk=rows[0].pk).update(created_at=datetime(2026, 7, 1, 9, 30, tzinfo=dt_timezone.utc))
    OutboxStatement.objects.filter(pk=rows[1].pk).update(status=OutboxStatus.SENT)
    OutboxStatement.objects.filter(pk=rows[2].pk).update(status=OutboxStatus.FAILED,
                                                         last_error="The LRS refused our key and secret (HTTP 401).")

    with django_assert_max_num_queries(12):
        listing = staff_client.get("/partners/lrs/").content.decode()
    assert "Police LRS" in listing and "Council LRS" in listing and "1 Jul 2026 10:30" in listing
    page = staff_client.get(f"/partners/lrs/{destination.pk}/").content.decode()
    assert "1 Jul 2026 10:30 (UK time)" in page
    assert "The LRS refused our key and secret (HTTP 401)." in page
    assert "Retry failed statements" in page

    response = staff_client.post(f"/partners/lrs/{destination.pk}/retry/", follow=True)
    assert "1 failed statement is queued to send again." in response.content.decode()
    assert not OutboxStatement.objects.filter(status=OutboxStatus.FAILED).exists()
    assert AuditEntry.objects.filter(action="lrs.outbox.retry").count() == 1


def test_the_list_page_costs_the_same_queries_for_many_destinations(staff_client, make_destination, site_pages,
                                                                    django_assert_max_num_queries):
    for number in range(15):
        make_destination(NOWHERE, name=f"LRS {number}", organisation=OrganisationFactory())
    with django_assert_max_num_queries(12):
        assert staff_client.get("/partners/lrs/").status_code == 200


def test_retry_is_a_post_only(staff_client, make_destination):
    destination = make_destination(NOWHERE)
    assert staff_client.get(f"/partners/lrs/{destination.pk}/retry/").status_code == 405


def test_the_admin_menu_links_to_the_pages_for_staff_only(client, make_user, site_pages):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    assert "/partners/lrs/" in client.get("/admin/").content.decode()
    client.force_login(make_user(roles.EDITOR))
    assert "/partners/lrs/" not in client.get("/admin/").content.decode()
