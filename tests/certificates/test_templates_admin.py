"""Certificate templates in the Wagtail admin: editors design them and preview them with sample data."""
import pytest
from django.urls import reverse

from accounts import roles
from certificates import demo
from certificates.models import CertificateTemplate


def test_seed_makes_one_default_template_and_keeps_editors_changes(db):
    template = demo.seed()
    template.heading = "Certificate of attendance"
    template.save()
    assert demo.seed() == template
    assert CertificateTemplate.objects.count() == 1
    assert CertificateTemplate.objects.get().heading == "Certificate of attendance"


@pytest.fixture
def editor(make_user):
    from accounts.roles import ensure_roles

    ensure_roles()
    return make_user(roles.EDITOR)


def test_editors_can_open_the_snippet_listing_and_form(client, editor, default_template):
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    assert listing.status_code == 200
    assert default_template.title in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[default_template.pk]))
    assert edit.status_code == 200
    assert "{name}" in edit.content.decode()  # the help text lists the placeholders


def test_the_preview_shows_sample_data_as_html_and_as_pdf(client, editor, default_template):
    client.force_login(editor)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[default_template.pk])
    form = {
        "title": "Preview test", "heading": "Certificate of attendance",
        "wording": "Well done {name} for {achievement}", "signatory_name": "Pat Signer", "signatory_role": "Director",
        "primary_colour": "#123456", "accent_colour": "#654321", "orientation": "portrait",
    }
    assert client.post(url, form).json()["is_valid"]
    html = client.get(url).content.decode()
    assert "Well done Alex Sample for Understanding trauma-influenced behaviour" in html
    assert "#123456" in html
    pdf = client.get(url, {"mode": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_colour_must_be_a_hex_code(default_template):
    from django.core.exceptions import ValidationError

    default_template.primary_colour = "red; background: url(x)"
    with pytest.raises(ValidationError):
        default_template.full_clean()


def test_learners_cannot_edit_templates(client, learner, default_template):
    client.force_login(learner)
    response = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    assert response.status_code in (302, 403)
