"""Demo content for certificates: the default template. Idempotent."""
from django.db import transaction

from .models import CertificateTemplate

DEFAULT_TEMPLATE = {
    "title": "Partnership certificate",
    "heading": "Certificate of completion",
    "wording": (
        "This is to certify that {name} completed {achievement} on {date}, "
        "a training programme of the Violence Reduction Partnership ({hours} of continuing professional development)."
    ),
    "signatory_name": "Programme Lead",
    "signatory_role": "Violence Reduction Partnership",
}


@transaction.atomic
def seed() -> CertificateTemplate:
    """Make sure a default template exists; an editor's changes to it are kept."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is None:
        template = CertificateTemplate.objects.create(is_default=True, **DEFAULT_TEMPLATE)
    return template
