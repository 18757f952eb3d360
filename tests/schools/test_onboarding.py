"""Teachers sign up, find their school and are linked: at once when their verified email is the school's,
otherwise after partnership staff approve. A teacher may belong to several schools."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts import roles
from accounts.models import MembershipStatus as OrganisationStatus
from accounts.models import User
from schools.models import MembershipStatus, SchoolMembership
from schools.selectors import schools_for_teacher
from tests.factories import PASSWORD
from tests.schools.factories import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def st_marys(db):
    roles.ensure_roles()
    return SchoolFactory(urn=990001, name="St Mary’s Catholic Primary School", town="Devizes",
                         postcode="SN10 2PH", email_domains="stmarys-devizes.wilts.sch.uk")


@pytest.fixture
def kennet(db):
    return SchoolFactory(urn=990005, name="Kennet Downs School", town="Marlborough", postcode="SN8 1PA",
                         email_domains="kennetdowns.wilts.sch.uk")


def school_user(make_user, email, verified=True):
    user = make_user(roles.LEARNER, email=email, organisation=None, area=None,
                     membership_status=OrganisationStatus.NONE)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def link(client, school, role="Head of PSHE"):
    return client.post(f"/schools/join/{school.urn}/", {"role_in_school": role})


def test_sign_up_as_school_staff_then_confirm_and_sign_in_leads_to_find_your_school(client, st_marys):
    response = client.post("/account/signup/", {
        "email": "jo.head@stmarys-devizes.wilts.sch.uk", "full_name": "Jo Head", "works_in_school": "on",
        "organisation": "", "job_role": "", "area": "", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD,
    })
    assert response.status_code == 302
    user = User.objects.get(email="jo.head@stmarys-devizes.wilts.sch.uk")
    assert user.organisation is None  # no catch-all schools organisation any more
    confirm = re.search(r"https?://\S+/account/confirm-email/\S+", mail.outbox[-1].body).group(0)
    client.post(confirm.split("testserver", 1)[-1])
    response = client.post("/account/login/", {"login": user.email, "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/schools/join/"


def test_professionals_are_not_sent_to_find_a_school(client, make_user):
    user = make_user(roles.LEARNER)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.url != "/schools/join/"


def test_verified_email_at_the_schools_domain_links_at_once_and_gives_the_teacher_role(client, make_user, st_marys):
    user = school_user(make_user, "jo@stmarys-devizes.wilts.sch.uk")
    client.force_login(user)
    page = client.get(f"/schools/join/{st_marys.urn}/")
    assert "you will be linked straight away" in page.content.decode()
    response = link(client, st_marys)
    assert response.url == "/schools/mine/"
    membership = SchoolMembership.objects.get(user=user)
    assert membership.status == MembershipStatus.APPROVED
    assert membership.role_in_school == "Head of PSHE"
    user = User.objects.get(pk=user.pk)
    assert roles.has_role(user, roles.TEACHER) and user.has_perm("accounts.book_sessions")
    assert list(schools_for_teacher(user=user)) == [st_marys]
    assert "You are linked to St Mary’s Catholic Primary School" in client.get("/schools/mine/").content.decode()


def test_matching_domain_waits_until_the_address_is_verified_then_links(client, make_user, st_marys):
    user = school_user(make_user, "jo@stmarys-devizes.wilts.sch.uk", verified=False)
    client.force_login(user)
    link(client, st_marys)
    assert SchoolMembership.objects.get(user=user).status == MembershipStatus.PENDING
    assert not User.objects.get(pk=user.pk).has_perm("accounts.book_sessions")

    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key
    client.post(f"/account/confirm-email/{key}/")
    assert SchoolMembership.objects.get(user=user).status == MembershipStatus.APPROVED
    assert roles.has_role(user, roles.TEACHER)


def test_other_domain_waits_for_staff_who_see_it_beside_organisation_requests_and_approve(
    client, make_user, st_marys, site_pages, django_capture_on_commit_callbacks
):
    teacher = school_user(make_user, "jo.head@gmail.example")
    client.force_login(teacher)
    page = client.get(f"/schools/join/{st_marys.urn}/").content.decode()
    assert "Partnership staff will check that you work here" in page
    response = link(client, st_marys, role="Year 9 lead")
    assert SchoolMembership.objects.get(user=teacher).status == MembershipStatus.PENDING
    assert "Partnership staff will check" in client.get(response.url).content.decode()
    assert not roles.has_role(teacher, roles.TEACHER)

    staff = make_user(roles.PARTNERSHIP_STAFF)
    client.force_login(staff)
    pending = client.get("/account/members/pending/").content.decode()
    assert "People waiting to join an organisation" in pending
    assert "Teachers waiting to be linked to a school" in pending
    assert "jo.head@gmail.example" in pending and "Year 9 lead" in pending
    membership = SchoolMembership.objects.get(user=teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/schools/memberships/{membership.pk}/decide/", {"decision": "approve"})
    assert response.url == "/account/members/pending/"
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED and membership.decided_by == staff
    assert roles.has_role(teacher, roles.TEACHER)
    assert mail.outbox[-1].to == ["jo.head@gmail.example"]
    assert "You are linked to St Mary’s Catholic Primary School" == mail.outbox[-1].subject
    from accounts.models import AuditEntry

    entry = AuditEntry.objects.get(action="schools.link_approve")
    assert entry.actor == staff and "URN 990001" in entry.detail
    assert "jo.head@gmail.example" not in client.get("/account/members/pending/").content.decode()
    # Deciding twice is refused with a message, and changes nothing.
    response = client.post(f"/schools/memberships/{membership.pk}/decide/", {"decision": "decline"}, follow=True)
    assert "has already been approved" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED


def test_staff_decline_leaves_the_person_without_the_teacher_role(
    client, make_user, st_marys, django_capture_on_commit_callbacks
):
    membership = SchoolMembershipFactory(school=st_marys)
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/schools/memberships/{membership.pk}/decide/", {"decision": "decline"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert not roles.has_role(membership.user, roles.TEACHER)
    assert "was not confirmed" in mail.outbox[-1].subject


def test_only_approvers_may_decide(client, make_user, st_marys):
    membership = SchoolMembershipFactory(school=st_marys)
    client.force_login(make_user(roles.TEACHER))
    assert client.post(f"/schools/memberships/{membership.pk}/decide/", {"decision": "approve"}).status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_a_teacher_can_belong_to_two_schools(client, make_user, st_marys, kennet):
    user = school_user(make_user, "pe.lead@stmarys-devizes.wilts.sch.uk")
    client.force_login(user)
    link(client, st_marys, role="Trust PE lead")
    link(client, kennet, role="Trust PE lead")
    statuses = dict(SchoolMembership.objects.filter(user=user).values_list("school__urn", "status"))
    assert statuses == {990001: MembershipStatus.APPROVED, 990005: MembershipStatus.PENDING}
    page = client.get("/schools/mine/").content.decode()
    assert "St Mary’s Catholic Primary School" in page and "Kennet Downs School" in page
    assert "Add another school" in page
    SchoolMembership.objects.filter(school=kennet).update(status=MembershipStatus.APPROVED)
    assert list(schools_for_teacher(user=user)) == [kennet, st_marys]


def test_bad_requests_are_refused_with_a_message_and_change_nothing(client, make_user, st_marys):
    user = school_user(make_user, "jo@stmarys-devizes.wilts.sch.uk")
    client.force_login(user)
    page = link(client, st_marys, role="   ").content.decode()
    assert "Enter your role in the school" in page
    assert not SchoolMembership.objects.exists()
    link(client, st_marys)
    page = link(client, st_marys).content.decode()
    assert "You are already linked to St Mary’s Catholic Primary School." in page
    assert SchoolMembership.objects.count() == 1
    closed = SchoolFactory(status="closed")
    assert client.get(f"/schools/join/{closed.urn}/").status_code == 404
    assert client.get("/schools/join/123456789/").status_code == 404


def test_find_your_school_works_without_javascript_and_offers_a_partial_for_the_script(client, make_user, st_marys):
    client.force_login(school_user(make_user, "jo@example.org"))
    page = client.get("/schools/join/", {"q": "st marys"}).content.decode()
    assert "1 school found" in page and f"/schools/join/{st_marys.urn}/" in page
    assert "<html" in page
    partial = client.get("/schools/join/", {"q": "st marys", "partial": "1"}).content.decode()
    assert "1 school found" in partial and "<html" not in partial
    nothing = client.get("/schools/join/", {"q": "zzzz"}).content.decode()
    assert "No open school matches “zzzz”" in nothing


def test_a_person_can_remove_their_own_link_only_and_stops_being_a_teacher_with_none_left(client, make_user, st_marys):
    mine = SchoolMembershipFactory(school=st_marys, status=MembershipStatus.APPROVED)
    roles.ensure_roles()
    roles.assign_role(mine.user, roles.TEACHER)
    theirs = SchoolMembershipFactory(school=st_marys)
    client.force_login(mine.user)
    assert client.post(f"/schools/mine/{theirs.pk}/leave/").status_code == 404
    client.post(f"/schools/mine/{mine.pk}/leave/")
    assert list(SchoolMembership.objects.all()) == [theirs]
    assert not User.objects.get(pk=mine.user.pk).has_perm("accounts.book_sessions")


def test_school_links_are_in_the_data_download_and_removed_with_the_account(client, make_user, st_marys):
    membership = SchoolMembershipFactory(school=st_marys, role_in_school="Head of PSHE")
    client.force_login(membership.user)
    data = client.get("/account/data/").json()
    assert data["schools"][0]["school"] == "St Mary’s Catholic Primary School"
    assert data["schools"][0]["role_in_school"] == "Head of PSHE"
    client.post("/account/delete/", {"password": PASSWORD})
    assert not SchoolMembership.objects.exists()


def test_pending_lists_and_my_schools_do_not_grow_queries_with_rows(client, make_user, st_marys, django_assert_max_num_queries):
    teacher = school_user(make_user, "jo@example.org")
    staff = make_user(roles.PARTNERSHIP_STAFF)
    SchoolMembershipFactory(school=st_marys, user=teacher)
    SchoolMembershipFactory()
    pages = [(teacher, "/schools/mine/", 10), (teacher, "/schools/join/?q=test+school", 10),
             (staff, "/account/members/pending/", 13)]
    first = {}
    for user, path, most in pages:
        client.force_login(user)
        with django_assert_max_num_queries(most) as few:
            assert client.get(path).status_code == 200
        first[path] = len(few.captured_queries)
    for _ in range(5):
        SchoolMembershipFactory(school=SchoolFactory(), user=teacher)
        SchoolMembershipFactory()
    for user, path, _ in pages:
        client.force_login(user)
        with django_assert_max_num_queries(first[path]):
            assert client.get(path).status_code == 200


# --- shared web hosts: a domain that is not one school's own never links anyone by itself -----------------

@pytest.fixture
def shared_host_schools(db):
    """Two schools whose GIAS websites are folders on their authority's host, as the review found."""
    roles.ensure_roles()
    return [SchoolFactory(urn=990101, name="School A", email_domains="wilts.sch.uk"),
            SchoolFactory(urn=990102, name="School B", email_domains="wilts.sch.uk")]


def test_a_domain_two_schools_share_links_to_neither_and_waits_for_staff(client, make_user, shared_host_schools,
                                                                         django_capture_on_commit_callbacks):
    school_a, school_b = shared_host_schools
    user = school_user(make_user, "larry@wilts.sch.uk")
    client.force_login(user)
    page = client.get(f"/schools/join/{school_a.urn}/").content.decode()
    assert "you will be linked straight away" not in page and "Partnership staff will check" in page
    link(client, school_a)
    link(client, school_b)
    assert set(SchoolMembership.objects.filter(user=user).values_list("status", flat=True)) == {
        MembershipStatus.PENDING}
    assert not User.objects.get(pk=user.pk).has_perm("accounts.book_sessions")
    assert list(schools_for_teacher(user=user)) == []

    staff = make_user(roles.PARTNERSHIP_STAFF)
    client.force_login(staff)
    assert "larry@wilts.sch.uk" in client.get("/account/members/pending/").content.decode()
    membership = SchoolMembership.objects.get(user=user, school=school_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/schools/memberships/{membership.pk}/decide/", {"decision": "approve"})
    assert list(schools_for_teacher(user=user)) == [school_a]  # only the school staff approved
    assert SchoolMembership.objects.get(user=user, school=school_b).status == MembershipStatus.PENDING


def test_a_local_authoritys_shared_host_never_links_even_for_one_school(client, make_user):
    roles.ensure_roles()
    only = SchoolFactory(urn=990103, name="Lone School", email_domains="swindon.sch.uk")
    user = school_user(make_user, "pat@swindon.sch.uk")
    client.force_login(user)
    link(client, only)
    assert SchoolMembership.objects.get(user=user).status == MembershipStatus.PENDING


def test_a_unique_school_domain_still_links_at_once_when_another_school_exists(client, make_user, st_marys, kennet):
    user = school_user(make_user, "jo@stmarys-devizes.wilts.sch.uk")
    client.force_login(user)
    link(client, st_marys)
    assert SchoolMembership.objects.get(user=user).status == MembershipStatus.APPROVED


@pytest.mark.parametrize("website, domain", [
    ("http://www.wilts.sch.uk/schoola", ""),
    ("www.wilts.sch.uk/schoolb", ""),
    ("https://wilts.sch.uk", ""),
    ("http://www.stmarys-devizes.wilts.sch.uk/", "stmarys-devizes.wilts.sch.uk"),
    ("www.kennetdowns.wilts.sch.uk", "kennetdowns.wilts.sch.uk"),
    ("http://www.kennetdowns.wilts.sch.uk/index.php?page=1", ""),
    ("https://www.some-academy.org.uk/", ""),
])
def test_the_gias_import_derives_a_domain_only_from_a_schools_own_host(website, domain):
    from schools.gias import email_domain_from_website

    assert email_domain_from_website(website) == domain
