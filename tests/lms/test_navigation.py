"""The header shows each person the links their role needs, and nothing else."""
import pytest
from django.test import RequestFactory

from accounts import roles
from lms.views import server_error


@pytest.fixture
def site(site_pages):
    return site_pages


def nav_labels(client) -> str:
    html = client.get("/").content.decode()
    return html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]


def test_anonymous_visitors_see_sign_in_and_no_staff_links(client, site):
    nav = nav_labels(client)
    assert "Sign in" in nav and "Create an account" in nav
    assert "Members" not in nav and "Admin" not in nav and "Sign out" not in nav


def test_a_learner_sees_their_account_but_no_staff_links(client, site, make_user):
    client.force_login(make_user(roles.LEARNER))
    nav = nav_labels(client)
    assert "Your account" in nav and "Sign out" in nav
    assert "Members" not in nav and "Admin" not in nav


def test_partnership_staff_see_member_approval_and_admin(client, site, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    nav = nav_labels(client)
    assert "Members" in nav and "Admin" in nav


def test_an_editor_sees_the_admin_but_not_member_approval(client, site, make_user):
    client.force_login(make_user(roles.EDITOR))
    nav = nav_labels(client)
    assert "Admin" in nav and "Members" not in nav


def test_the_server_error_page_apologises_without_blaming(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_roles_can_be_ensured_again_without_duplicates(db):
    from django.contrib.auth.models import Group

    roles.ensure_roles()
    roles.ensure_roles()
    assert sorted(Group.objects.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True)) == sorted(roles.ALL_ROLES)
    staff = Group.objects.get(name=roles.PARTNERSHIP_STAFF)
    assert staff.permissions.filter(codename="approve_members").exists()
