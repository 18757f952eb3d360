"""The site shell: home, standard pages, admin login and error pages."""
import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(site_pages):
    return site_pages


def test_home_page_describes_the_programme(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Training to prevent serious violence" in text
    assert "Skip to main content" in text
    for link in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'href="{link}"' in text


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/cookies/"])
def test_footer_pages_exist(client, demo_site, path):
    assert client.get(path).status_code == 200


def test_admin_login_sends_people_to_the_sites_sign_in(client, demo_site):
    # One way in (accounts.entrances): the admin has no sign-in form of its own.
    response = client.get("/admin/login/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/login/")
    assert response.status_code == 200


def test_unknown_page_gets_a_friendly_404(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_seed_demo_twice_duplicates_nothing(db):
    call_command("seed_demo", quiet=True)
    from accounts.models import Organisation, User
    from lms.models import HomePage, StandardPage

    counts = (User.objects.count(), Organisation.objects.count(), HomePage.objects.count(), StandardPage.objects.count())
    call_command("seed_demo", quiet=True)
    assert counts == (
        User.objects.count(), Organisation.objects.count(), HomePage.objects.count(), StandardPage.objects.count()
    )
    assert HomePage.objects.count() == 1


def test_demo_logins_are_not_created_where_settings_forbid_them(db, settings):
    from accounts.models import User

    settings.DEMO_ACCOUNTS_ALLOWED = False
    call_command("seed_demo", quiet=True)
    assert not User.objects.filter(email__endswith="@demo.test").exists()
