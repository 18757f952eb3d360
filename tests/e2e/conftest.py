"""Fixtures for browser journeys: the demo site on the live server, and a learner signed in through the form."""
import pytest

from tests.conftest import check_accessibility
from tests.e2e.layout import assert_no_sideways_scroll


@pytest.fixture
def axe():
    """Every page a journey checks with axe-core is also checked for sideways scrolling at 320 CSS px."""

    def check(page) -> None:
        check_accessibility(page)
        assert_no_sideways_scroll(page)

    return check


@pytest.fixture
def live_demo(transactional_db, live_server, settings):
    """The demo pages, modules and certificate template, with links and the H5P origin on the live server.

    The same live server stands in for the H5P origins under other host names (see NOTES.md).
    """
    from accounts.demo import seed_organisations
    from certificates.demo import seed as seed_certificates
    from courses.demo import seed as seed_courses
    from lms.demo import seed as seed_site

    assert "://localhost:" in live_server.url
    settings.SITE_URL = live_server.url
    # Each package plays on an origin of its own, p<id>.localhost, which Chromium resolves to loopback.
    settings.H5P_ORIGIN = live_server.url.replace("://localhost:", "://p{package}.localhost:")
    seed_organisations()
    seed_site()
    seed_certificates()
    seed_courses()


@pytest.fixture
def sign_in_new_learner(make_user, login):
    """Make a learner with a confirmed email and sign them in through the login form."""
    from allauth.account.models import EmailAddress

    from tests.factories import PASSWORD

    def sign_in(full_name: str):
        user = make_user(full_name=full_name)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        login(user.email, PASSWORD)
        return user

    return sign_in
