"""Printable pupil certificates: one A4 page per pupil, names typed at print time and never stored."""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from certificates.pdf import default_template, image_data_uri


def pupil_certificates_pdf(*, booking, names: list[str], blank: int = 0) -> bytes:
    """The session type's certificate look (or the default) with each name, then `blank` pages with a name line."""
    from weasyprint import HTML  # loads Pango and fonts: only processes that print pay for it

    template = booking.session_type.certificate_template or default_template()
    session_day = timezone.localtime(booking.session.starts_at).date() if booking.session else timezone.localdate()
    html = render_to_string("schools/pdf/pupil_certificates.html", {
        "template": template,
        "css": render_to_string("schools/pdf/pupil_certificates.css", {"template": template}),
        "logo": image_data_uri(template.logo) if template.logo_id else "",
        "names": [*names, *([""] * blank)],
        "booking": booking,
        "session_day": session_day,
        "issuer": settings.SERVICE_NAME,
    })
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant="pdf/ua-1")
