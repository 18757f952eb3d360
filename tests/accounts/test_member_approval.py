"""Approving someone approves the organisation the staff member was shown, and nothing else."""
import pytest
from django.core import mail

from accounts import services
from accounts.models import MembershipStatus
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(role="Partnership staff")


@pytest.fixture
def organisations():
    return OrganisationFactory(name="Fire and Rescue"), OrganisationFactory(name="County Council")


def test_approval_carries_the_organisation_seen(client, staff, make_user, organisations):
    fire, _ = organisations
    member = make_user(organisation=fire, membership_status=MembershipStatus.PENDING)
    client.force_login(staff)
    page = client.get("/account/members/pending/").content.decode()
    assert f'name="organisation" value="{fire.pk}"' in page
    client.post(f"/account/members/{member.pk}/decide/", {"decision": "approve", "organisation": fire.pk})
    member.refresh_from_db()
    assert (member.organisation, member.membership_status) == (fire, MembershipStatus.APPROVED)


def test_a_request_changed_after_it_was_seen_is_shown_again_not_approved(client, staff, make_user, organisations):
    fire, council = organisations
    member = make_user(organisation=fire, membership_status=MembershipStatus.PENDING)
    client.force_login(staff)
    client.get("/account/members/pending/")
    # Meanwhile the person changes their request to another organisation.
    member.organisation = council
    member.save()
    response = client.post(f"/account/members/{member.pk}/decide/", {"decision": "approve", "organisation": fire.pk})
    member.refresh_from_db()
    assert member.membership_status == MembershipStatus.PENDING and member.organisation == council
    page = client.get(response["Location"]).content.decode()
    assert f"request changed after you saw it: they now ask to join {council}" in page.replace("&#x27;", "'")
    assert f'name="organisation" value="{council.pk}"' in page


def test_a_decision_without_the_organisation_seen_changes_nothing(client, staff, make_user, organisations):
    fire, _ = organisations
    member = make_user(organisation=fire, membership_status=MembershipStatus.PENDING)
    client.force_login(staff)
    client.post(f"/account/members/{member.pk}/decide/", {"decision": "approve"})
    member.refresh_from_db()
    assert member.membership_status == MembershipStatus.PENDING


def test_a_matching_domain_is_trusted_only_once_the_address_is_verified(make_user):
    police = OrganisationFactory(name="Police", email_domains="police.example")
    person = make_user(email="pat@police.example")
    services.member_place(user=person, chosen=None)
    person.refresh_from_db()
    assert (person.organisation, person.membership_status) == (police, MembershipStatus.NONE)
    assert services.member_email_verified(user=person, email="pat@police.example") is True
    person.refresh_from_db()
    assert person.membership_status == MembershipStatus.APPROVED
    assert not mail.outbox


def test_the_person_is_emailed_the_decision_once(client, staff, make_user, organisations,
                                                 django_capture_on_commit_callbacks):
    fire, council = organisations
    member = make_user(organisation=fire, membership_status=MembershipStatus.PENDING, full_name="Ada Lovelace")
    declined = make_user(organisation=council, membership_status=MembershipStatus.PENDING)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/members/{member.pk}/decide/", {"decision": "approve", "organisation": fire.pk})
        client.post(f"/account/members/{declined.pk}/decide/", {"decision": "decline", "organisation": council.pk})
    approved_mail, declined_mail = mail.outbox[-2], mail.outbox[-1]
    assert approved_mail.to == [member.email] and approved_mail.subject == "You are now a member of Fire and Rescue"
    assert "Hello Ada," in approved_mail.body and "example.com" not in approved_mail.body
    assert declined_mail.to == [declined.email] and "was not confirmed" in declined_mail.subject
    # A retried task sends nothing more.
    from accounts.models import AuditEntry

    entry = AuditEntry.objects.filter(action="member.decision_emailed", target_id=str(member.pk)).get()
    member.refresh_from_db()
    sent = len(mail.outbox)
    assert not services.member_decision_email_send(member=member, approved=True, organisation_name="Fire and Rescue",
                                                   decided_at=entry.detail)
    assert len(mail.outbox) == sent
