"""A person's certificates are in their data download; deleting the account removes their name and PDFs."""
from accounts.services import account_delete, account_export
from certificates.models import Certificate, CertificateStatus


def test_the_data_download_lists_my_certificates(certificate):
    data = account_export(user=certificate.recipient)
    assert data["certificates"] == [{
        "code": certificate.display_code,
        "name_printed": certificate.recipient_name,
        "achievement": certificate.achievement_title,
        "issued_at": certificate.issued_at.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "status": "Valid",
        "cpd_hours": "1.50",
    }]


def test_deleting_the_account_removes_the_name_and_pdf_but_keeps_the_record(certificate):
    path = certificate.pdf.path
    account_delete(user=certificate.recipient)
    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.recipient_name == ""
    assert not kept.pdf
    assert kept.status == CertificateStatus.VALID  # partnership figures do not change
    assert kept.events.filter(action="name_removed").exists()
    import os

    assert not os.path.exists(path)
