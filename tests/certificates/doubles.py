"""A stand-in for a completion record, so certificate tests need no courses or schools code.

A User plays the source record (as if they had completed something); by default they are the
recipient and their organisation is the achievement. Tests change the details for one source
through `DETAILS[source.pk]`, e.g. to make two sources earn the same achievement for one person.
"""
from accounts.models import User
from certificates.achievements import CertificateDetails

DETAILS: dict[int, dict] = {}


def certificate_details(source) -> CertificateDetails:
    values = {
        "achievement": source.organisation,
        "achievement_title": f"Bleeding control for {source.organisation.name}",
        "recipient": source,
        "cpd_hours": 1.5,
        "validity_months": 12,
    }
    values.update(DETAILS.get(source.pk, {}))
    return CertificateDetails(**values)


def install() -> None:
    User.certificate_details = certificate_details


def uninstall() -> None:
    DETAILS.clear()
    if "certificate_details" in User.__dict__:
        del User.certificate_details
