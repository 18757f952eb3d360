"""The Wagtail admin shows staff only what they can use, and avatars fetch nothing from other sites."""
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
