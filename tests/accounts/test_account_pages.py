"""A person's own account: profile, data download, deletion; approval of people waiting to join."""
import json

import pytest

from accounts import roles
from accounts.models import MembershipStatus, User
from tests.factories import AreaFactory, OrganisationFactory


def test_profile_edit_changes_name_role_and_area(client, learner):
    area = AreaFactory(name="Swindon", slug="swindon")
    client.force_login(learner)
    response = client.post(
        "/account/profile/",
        {"full_name": "Alex Morgan-Smith", "job_role": "Youth worker", "organisation": learner.organisation_id,
         "area": area.pk},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.full_name, learner.job_role, learner.area) == ("Alex Morgan-Smith", "Youth worker", area)
    assert learner.membership_status == MembershipStatus.APPROVED


def test_moving_to_another_organisation_needs_approval_again(client, learner):
    other = OrganisationFactory(name="Swindon Borough Council")
    client.force_login(learner)
    client.post("/account/profile/", {"full_name": learner.full_name, "organisation": other.pk})
    learner.refresh_from_db()
    assert learner.organisation == other
    assert learner.membership_status == MembershipStatus.PENDING


def test_profile_refuses_an_empty_name_and_changes_nothing(client, learner):
    before = learner.full_name
    client.force_login(learner)
    response = client.post("/account/profile/", {"full_name": "  ", "organisation": learner.organisation_id})
    assert response.status_code == 200
    assert "Enter your full name" in response.content.decode()
    learner.refresh_from_db()
    assert learner.full_name == before


def test_data_download_holds_what_we_know_about_me_only(client, make_user):
    me = make_user(full_name="Alex Learner", email="alex@example.org", job_role="Nurse")
    make_user(full_name="Somebody Else", email="else@example.org")
    client.force_login(me)
    response = client.get("/account/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "alex@example.org"
    assert data["account"]["full_name"] == "Alex Learner"
    assert data["account"]["job_role"] == "Nurse"
    assert data["account"]["roles"] == [roles.LEARNER]
    assert "else@example.org" not in response.content.decode()


def test_delete_account_needs_the_password(client, learner):
    client.force_login(learner)
    response = client.post("/account/delete/", {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That password is not right" in response.content.decode()
    learner.refresh_from_db()
    assert learner.is_active


def test_delete_account_removes_personal_data_and_signs_out(client, learner):
    learner_id, organisation = learner.pk, learner.organisation
    client.force_login(learner)
    response = client.post("/account/delete/", {"password": "correct-horse-battery-staple"})
    assert response.status_code == 302
    user = User.objects.get(pk=learner_id)
    assert user.is_anonymised and not user.is_active
    assert user.full_name == "Deleted account"
    assert "@deleted.invalid" in user.email
    assert not user.has_usable_password()
    # Kept for anonymous partnership figures.
    assert user.organisation == organisation
    assert "_auth_user_id" not in client.session
    assert client.get("/account/profile/").status_code == 302


@pytest.fixture
def waiting(make_user):
    return make_user(full_name="Pat Waiting", membership_status=MembershipStatus.PENDING)


def test_staff_approve_a_person_waiting_to_join(client, make_user, waiting):
    staff = make_user(roles.PARTNERSHIP_STAFF)
    client.force_login(staff)
    page = client.get("/account/members/pending/")
    assert "Pat Waiting" in page.content.decode()
    response = client.post(
        f"/account/members/{waiting.pk}/decide/", {"decision": "approve", "organisation": waiting.organisation_id}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.membership_status == MembershipStatus.APPROVED


def test_staff_decline_removes_the_organisation(client, make_user, waiting):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    client.post(
        f"/account/members/{waiting.pk}/decide/", {"decision": "decline", "organisation": waiting.organisation_id}
    )
    waiting.refresh_from_db()
    assert waiting.organisation is None
    assert waiting.membership_status == MembershipStatus.NONE


def test_pending_list_query_count_does_not_grow(client, make_user, django_assert_max_num_queries):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    make_user(membership_status=MembershipStatus.PENDING)
    # 12: the page also lists teachers waiting to be linked to a school (one query per approval queue).
    with django_assert_max_num_queries(12) as one:
        client.get("/account/members/pending/")
    for _ in range(15):
        make_user(membership_status=MembershipStatus.PENDING)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/account/members/pending/")
    assert page.content.decode().count('name="decision" value="approve"') == 16
