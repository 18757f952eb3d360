"""The certificate PDF: what it says, that it is tagged for screen readers, made once and again only on reissue."""
import io

import pypdf
import pytest
from django.utils import timezone

from certificates import pdf, services
from certificates.models import CertificateTemplate, Orientation


def read(certificate):
    with certificate.pdf.open("rb") as handle:
        return pypdf.PdfReader(io.BytesIO(handle.read()))


def text_of(reader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_name_achievement_date_and_code(certificate):
    reader = read(certificate)
    text = " ".join(text_of(reader).split())
    assert certificate.recipient_name in text
    assert certificate.achievement_title in text
    assert timezone.localtime(certificate.issued_at).strftime("%-d %B %Y") in text
    assert certificate.display_code in text
    assert certificate.valid_until.strftime("%-d %B %Y") in text


def test_the_pdf_is_one_a4_page_and_tagged_for_accessibility(certificate):
    reader = read(certificate)
    assert len(reader.pages) == 1
    width, height = sorted(float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"]
    # PDF/UA: the title is shown instead of the file name.
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert certificate.recipient_name in reader.metadata.title


def test_the_pdf_carries_a_qr_code_image(certificate):
    reader = read(certificate)
    images = reader.pages[0].images
    assert len(images) >= 1  # the QR code (the default template has no logo or signature)


def test_the_qr_code_encodes_the_verification_url(certificate):
    # Rendered here rather than decoded from the PDF: no QR decoder ships with the project.
    uri = pdf.qr_data_uri(certificate.get_verify_url())
    html = pdf.render_html(pdf.document_for(certificate))
    assert uri in html
    assert certificate.get_verify_url() in html


def test_the_pdf_is_made_once(certificate, monkeypatch):
    name = certificate.pdf.name
    monkeypatch.setattr(services, "render_pdf", lambda document: pytest.fail("made again"))
    assert services.certificate_pdf_ensure(certificate=certificate).pdf.name == name
    services.certificate_issue(source=certificate.source)
    certificate.refresh_from_db()
    assert certificate.pdf.name == name


def test_a_reissue_makes_a_new_pdf_with_the_new_name(certificate, staff):
    learner = certificate.recipient
    learner.full_name = "Jamie Renamed"
    learner.save()
    new = services.certificate_reissue(certificate=certificate, by=staff, reason="Married name")
    assert new.pdf and new.pdf.name != certificate.pdf.name
    text = " ".join(text_of(read(new)).split())
    assert "Jamie Renamed" in text
    assert new.display_code in text


def test_the_wording_fills_only_the_known_placeholders():
    template = CertificateTemplate(
        wording="{name} did {achievement} on {date} ({hours}, until {expiry}) {name.__class__} {other}"
    )
    filled = template.render_wording({"name": "Ann", "achievement": "X", "date": "1 May 2026", "hours": "2 hours",
                                      "expiry": "1 May 2027"})
    assert filled == "Ann did X on 1 May 2026 (2 hours, until 1 May 2027) {name.__class__} {other}"


def test_a_portrait_template_with_colours_is_used(issue, learner, default_template):
    default_template.orientation = Orientation.PORTRAIT
    default_template.primary_colour = "#112233"
    default_template.save()
    certificate = issue(learner)
    width, height = (float(v) for v in read(certificate).pages[0].mediabox[2:])
    assert height > width
    assert "#112233" in pdf.render_html(pdf.document_for(certificate))
