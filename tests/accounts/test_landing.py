"""After signing in, each person lands where their work is; a page they were on their way to wins, even after
two-step verification."""
import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import roles
from tests.conftest import TEST_TOTP_SECRET, totp_code
from tests.factories import PASSWORD


def sign_in(client, user, next_url: str | None = None):
    """The real sign-in form, then the code from the authenticator app if the account has one."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    data = {"login": user.email, "password": PASSWORD, **({"next": next_url} if next_url else {})}
    response = client.post(url, data)
    assert response.status_code == 302
    if response.url == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
        assert response.status_code == 302
    return response.url


@pytest.mark.parametrize("role, landing", [
    (roles.LEARNER, "/my-learning/"),
    (roles.INSTRUCTOR, "/schools/my-sessions/"),
    (roles.ORGANISATION_LEAD, "/dashboard/"),
    (roles.PARTNERSHIP_STAFF, "/schools/manage/"),
    (roles.EDITOR, "/admin/"),
    (roles.TRAINER, "/admin/"),
    (roles.CLINICIAN, "/admin/"),
])
def test_each_role_lands_where_their_work_is(client, site_pages, make_user, role, landing):
    user = make_user(role)
    assert sign_in(client, user) == landing
    assert client.get(landing).status_code == 200


def test_a_teacher_with_a_school_lands_on_their_bookings(client, site_pages, make_user):
    from tests.schools.bookings import world

    teacher = make_user(roles.TEACHER)
    world.link(teacher, world.school())
    assert sign_in(client, teacher) == "/schools/bookings/"


def test_a_teacher_without_a_school_is_first_asked_to_find_it(client, site_pages, make_user):
    from accounts.models import MembershipStatus

    teacher = make_user(roles.TEACHER, organisation=None, area=None, membership_status=MembershipStatus.NONE)
    assert sign_in(client, teacher) == "/schools/join/"


def test_someone_with_two_roles_lands_on_the_busier_job(client, site_pages, make_user):
    user = make_user(roles.INSTRUCTOR)
    roles.assign_role(user, roles.ORGANISATION_LEAD)
    assert sign_in(client, user) == "/dashboard/"


def test_the_page_they_were_going_to_is_kept_through_two_step_verification(client, site_pages, make_user):
    staff = make_user(roles.PARTNERSHIP_STAFF)
    assert sign_in(client, staff, next_url="/schools/manage/sessions/") == "/schools/manage/sessions/"
    learner = make_user()
    client.logout()
    assert sign_in(client, learner, next_url="/modules/") == "/modules/"
