"""The Wagtail admin shows staff only what they can use, and avatars fetch nothing from other sites."""
import pytest
from django.urls import reverse

from accounts import roles


def test_staff_see_no_help_menu_and_no_gravatar(client, make_user, site_pages):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    page = client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()
    assert "What's new in Wagtail" not in page and "Editor Guide" not in page


def test_editors_keep_the_editor_guide(client, make_user, site_pages):
    client.force_login(make_user(roles.EDITOR))
    page = client.get("/admin/").content.decode()
    assert "Editor Guide" in page
    assert "gravatar" not in page.lower()


@pytest.mark.parametrize("role, sees_templates", [
    (roles.PARTNERSHIP_STAFF, False), (roles.EDITOR, True), (roles.TRAINER, False), (roles.CLINICIAN, False),
])
def test_certificate_templates_show_in_the_admin_menu_only_for_roles_that_can_open_them(
    client, make_user, site_pages, role, sees_templates
):
    roles.ensure_roles()
    client.force_login(make_user(role))
    menu = client.get("/admin/").content.decode()
    listing = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    assert ("Certificate templates" in menu) is sees_templates
    assert (listing.status_code == 200) is sees_templates


def test_certificate_templates_are_hidden_from_roles_without_admin_access(client, make_user, site_pages):
    roles.ensure_roles()
    for role in (roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR, roles.ORGANISATION_LEAD):
        client.force_login(make_user(role))
        listing = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
        # The admin asks them to sign in on the site's one sign-in page (accounts.entrances).
        assert listing.status_code == 302 and "/account/login/" in listing["Location"]
