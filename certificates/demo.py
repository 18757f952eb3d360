"""Demo content for certificates: the default template. Idempotent."""
from django.db import transaction
from wagtail.models import Site

from .models import CertificateSettings, CertificateTemplate

DEFAULT_TEMPLATE = {
    "title": "Partnership certificate",
    "heading": "Certificate of completion",
    # The name is printed large above the wording, and the details below it list only what the wording leaves out.
    "wording": "For completing {achievement}, a training programme of the Violence Reduction Partnership, on {date}.",
}

# A school's certificate for a bleeding-control session: pupils took part in a session, they did not complete a
# programme, and the booking page and emails call it a certificate of participation.
PARTICIPATION_TEMPLATE = {
    "title": "School session certificate",
    "heading": "Certificate of participation",
    "wording": "For taking part in {achievement}, a session delivered by the Violence Reduction Partnership, on {date}.",
}

# Demo values, to be replaced by the partnership's real signatory before going live (needs sign-off).
DEMO_SETTINGS = {
    "organisation_name": "Violence Reduction Partnership",
    "signatory_name": "Sam Programme-Lead (demo signatory: needs sign-off)",
    "signatory_title": "Programme Lead, Violence Reduction Partnership",
}


@transaction.atomic
def seed() -> CertificateTemplate:
    """Make sure a default template exists; an editor's changes to it are kept."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is None:
        template = CertificateTemplate.objects.create(is_default=True, **DEFAULT_TEMPLATE)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        site_settings = CertificateSettings.for_site(site)
        if not site_settings.signatory_name:
            for name, value in DEMO_SETTINGS.items():
                setattr(site_settings, name, value)
            site_settings.save()
    return template


@transaction.atomic
def seed_participation_template() -> CertificateTemplate:
    """The template schools' session certificates use; an editor's changes to it are kept."""
    template = CertificateTemplate.objects.filter(title=PARTICIPATION_TEMPLATE["title"]).first()
    if template is None:
        template = CertificateTemplate.objects.create(is_default=False, **PARTICIPATION_TEMPLATE)
    return template
