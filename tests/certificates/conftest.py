"""Fixtures for certificate tests: a source double, issued certificates, people in every role."""
import pytest

from accounts import roles
from tests.certificates import doubles


@pytest.fixture(autouse=True)
def source_double():
    doubles.install()
    yield doubles
    doubles.uninstall()


@pytest.fixture
def default_template(db):
    from certificates import demo

    return demo.seed()


@pytest.fixture
def issue(db, default_template):
    """Issue a certificate for `source` (a user, who is also the recipient unless DETAILS say otherwise)."""
    from certificates import services

    def do_issue(source, **details):
        if details:
            doubles.DETAILS[source.pk] = details
        return services.certificate_issue(source=source)

    return do_issue


@pytest.fixture
def certificate(issue, learner):
    return issue(learner)


@pytest.fixture
def staff(make_user):
    return make_user(roles.PARTNERSHIP_STAFF)


@pytest.fixture
def person_in_role(make_user):
    """Someone in the given role (None: signed in with no role)."""
    return make_user
