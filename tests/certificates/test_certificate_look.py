"""Certificates that look official: signatory and organisation from site settings, nothing said twice, safe wording."""
import io
import re

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Site

from accounts import roles
from certificates import pdf
from certificates.models import CertificateSettings, CertificateTemplate


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if len(part.strip()) > 12]


@pytest.fixture
def site_settings(db):
    settings = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Northshire Violence Reduction Partnership"
    settings.signatory_name = "Dr Morgan Okafor"
    settings.signatory_title = "Director of Prevention"
    settings.save()
    return settings


def test_the_pdf_names_the_signatory_title_and_organisation_from_site_settings(site_settings, certificate):
    text = pdf_text(certificate)
    assert "Dr Morgan Okafor" in text
    assert "Director of Prevention" in text
    assert "Northshire Violence Reduction Partnership" in text


def test_no_sentence_or_fact_is_said_twice(site_settings, certificate):
    text = pdf_text(certificate)
    said = sentences(text)
    assert len(said) == len(set(said)), said
    # The wording states the achievement and the date, so the details below it do not repeat them.
    assert text.count(certificate.achievement_title) == 1
    assert "Achievement:" not in text and "Date:" not in text
    assert "CPD:" in text  # the wording does not mention the hours, so the details do


def test_a_template_that_names_its_own_signatory_prints_that_one(site_settings, issue, learner, default_template):
    default_template.signatory_name = "Alex Trainer"
    default_template.signatory_role = "Lead trainer"
    default_template.save()
    text = pdf_text(issue(learner))
    assert "Alex Trainer" in text and "Lead trainer" in text
    assert "Dr Morgan Okafor" not in text


def test_details_leave_out_only_what_the_wording_says(db):
    template = CertificateTemplate(title="t", wording="Awarded for {achievement} ({hours}).")
    document = pdf.sample_document(template)
    labels = [label for label, _ in pdf.details(document)]
    assert labels == ["Date", "Valid until"]


@pytest.mark.django_db
def test_an_unknown_placeholder_is_refused_with_the_known_ones():
    template = CertificateTemplate(title="t", wording="Well done {nmae} for {achievement}")
    with pytest.raises(ValidationError) as refusal:
        template.full_clean()
    message = " ".join(refusal.value.message_dict["wording"])
    assert "{nmae}" in message
    for known in ("{name}", "{achievement}", "{date}", "{hours}", "{expiry}"):
        assert known in message


def test_the_admin_refuses_to_save_a_template_with_a_misspelt_placeholder(client, make_user, default_template):
    client.force_login(make_user(roles.EDITOR))
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = client.post(url, {
        "title": "Misspelt", "heading": "Certificate of completion", "wording": "Well done {nmae}",
        "primary_colour": "#3d2b63", "accent_colour": "#00703c", "orientation": "landscape",
    })
    assert response.status_code == 200
    assert "{nmae}" in response.content.decode()
    assert "You can use: {name}, {achievement}, {date}, {hours}, {expiry}." in response.content.decode()
    assert not CertificateTemplate.objects.filter(title="Misspelt").exists()
