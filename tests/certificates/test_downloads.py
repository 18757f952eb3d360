"""Who may download a certificate's PDF and Open Badge: the holder and partnership staff, nobody else."""
import pytest
from django.urls import reverse

from accounts import roles

# Everyone but the holder and partnership staff is refused, whatever their role.
OTHERS = [roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR, roles.ORGANISATION_LEAD, roles.EDITOR, None]
DOWNLOADS = ["certificates:pdf", "certificates:badge", "certificates:badge_json"]


@pytest.mark.parametrize("download", DOWNLOADS)
def test_the_holder_downloads(client, certificate, download):
    client.force_login(certificate.recipient)
    response = client.get(reverse(download, args=[certificate.code]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_the_pdf_download_is_the_stored_pdf(client, certificate):
    client.force_login(certificate.recipient)
    response = client.get(reverse("certificates:pdf", args=[certificate.code]))
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    with certificate.pdf.open("rb") as stored:
        assert body == stored.read()
    assert certificate.display_code in response["Content-Disposition"]


@pytest.mark.parametrize("download", DOWNLOADS)
def test_partnership_staff_download(client, certificate, staff, download):
    client.force_login(staff)
    assert client.get(reverse(download, args=[certificate.code])).status_code == 200


@pytest.mark.parametrize("role", OTHERS, ids=lambda role: role or "no role")
@pytest.mark.parametrize("download", DOWNLOADS)
def test_every_other_role_is_refused(client, certificate, make_user, role, download):
    # Same organisation as the holder, so an organisation lead is refused too.
    client.force_login(make_user(role, organisation=certificate.recipient.organisation))
    assert client.get(reverse(download, args=[certificate.code])).status_code == 404


@pytest.mark.parametrize("download", DOWNLOADS)
def test_anonymous_visitors_are_sent_to_sign_in(client, certificate, download):
    response = client.get(reverse(download, args=[certificate.code]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_the_contact_of_a_school_certificate_downloads_it(client, issue, learner, make_user):
    teacher = make_user(roles.TEACHER)
    certificate = issue(learner, recipient=None, recipient_name="Oakfield Primary School", contact=teacher)
    client.force_login(teacher)
    assert client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 200
    client.force_login(learner)
    assert client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 404


def test_the_stored_file_name_cannot_be_guessed_from_the_code(certificate):
    assert certificate.code not in certificate.pdf.name
    assert certificate.recipient_name.split()[0] not in certificate.pdf.name
