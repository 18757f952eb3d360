"""Passing shows the certificate: its name, its status while it is made, then the PDF, Open Badge and public page."""
import pytest

from certificates.services import certificate_issue
from courses.models import Enrolment
from tests.courses.test_pages import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(client, learner, course, lessons):
    """The learner completed the module; the certificate task has not run yet."""
    enrolment = complete(learner, course)
    client.force_login(learner)
    return enrolment


def test_while_the_certificate_is_made_the_pass_page_names_it_and_offers_a_refresh(client, passed, course, lessons):
    page = client.get(lessons[-1].url).content.decode()
    assert "You passed" in page
    assert f"We are making your certificate “{course.title}”" in page
    assert 'data-state="making"' in page and "Refresh this page" in page
    assert "js/site/certificate-status.js" in page
    assert client.get(f"/learning/modules/{course.pk}/certificate.json").json() == {
        "state": "making", "title": course.title
    }


def test_once_made_the_pass_page_links_the_pdf_badge_and_public_page(client, passed, course, lessons):
    certificate = certificate_issue(source=passed)
    page = client.get(lessons[-1].url).content.decode()
    assert f"Your certificate “{certificate.achievement_title}” is ready." in page
    for url in (f"/certificates/download/{certificate.code}.pdf", f"/certificates/download/{certificate.code}.jwt",
                certificate.get_absolute_url()):
        assert f'href="{url}"' in page
    assert "certificate-status.js" not in page  # nothing left to wait for
    status = client.get(f"/learning/modules/{course.pk}/certificate.json").json()
    assert status["state"] == "ready" and status["pdf"] == f"/certificates/download/{certificate.code}.pdf"


def test_the_status_is_only_for_the_learners_own_completed_module(client, make_user, passed, course):
    certificate_issue(source=passed)
    client.force_login(make_user())
    assert client.get(f"/learning/modules/{course.pk}/certificate.json").status_code == 404
    assert Enrolment.objects.count() == 1
