"""A revoked certificate's holder is told why, and no PDF or freshly signed credential of it is served."""
import pytest

from certificates import services
from tests.certificates.test_my_learning import render_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoked(certificate, staff):
    return services.certificate_revoke(
        certificate=certificate, by=staff, reason="The assessment was taken by someone else."
    )


@pytest.mark.parametrize("suffix", ["pdf", "jwt", "json"])
def test_no_download_of_a_revoked_certificate_for_its_holder_or_staff(client, learner, staff, revoked, suffix):
    for person in (learner, staff):
        client.force_login(person)
        response = client.get(f"/certificates/download/{revoked.code}.{suffix}")
        assert response.status_code == 410
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert "This certificate was revoked" in page
        assert "The assessment was taken by someone else." in page


def test_my_learning_says_why_a_certificate_was_revoked(learner, revoked):
    html = render_for(learner)
    assert "The assessment was taken by someone else." in html
    assert f"{revoked.code}.pdf" not in html and f"{revoked.code}.jwt" not in html


def test_a_valid_certificate_still_downloads(client, learner, certificate):
    client.force_login(learner)
    assert client.get(f"/certificates/download/{certificate.code}.jwt").status_code == 200
