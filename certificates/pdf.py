"""Certificate PDFs: an HTML template printed by WeasyPrint on A4, tagged (PDF/UA-1), with a QR code to its page."""
import base64
import functools
import io
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import qrcode
from PIL import Image
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from . import codes
from .models import Certificate, CertificateSettings, CertificateTemplate

TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEET = "certificates/pdf/certificate.css"


@dataclass
class CertificateDocument:
    """Everything printed on one certificate."""

    template: CertificateTemplate
    name: str
    achievement: str
    issued_on: date
    code: str
    verify_url: str
    cpd_hours: Decimal | float = 0
    valid_until: date | None = None
    values: dict = field(init=False)

    def __post_init__(self):
        self.values = {
            "name": self.name,
            "achievement": self.achievement,
            "date": date_format(self.issued_on, "j F Y"),
            "hours": _hours(self.cpd_hours),
            "expiry": date_format(self.valid_until, "j F Y") if self.valid_until else "no expiry",
        }

    @property
    def wording(self) -> str:
        return self.template.render_wording(self.values)

    @property
    def display_code(self) -> str:
        return codes.display(self.code)


def _hours(value) -> str:
    number = Decimal(str(value or 0)).normalize()
    text = f"{number:f}"
    return f"{text} hour" if number == 1 else f"{text} hours"


def default_template() -> CertificateTemplate:
    """The editors' default, or an unsaved plain one so a certificate can always be printed."""
    return CertificateTemplate.objects.filter(is_default=True).first() or CertificateTemplate(title="Plain")


def document_for(certificate: Certificate) -> CertificateDocument:
    return CertificateDocument(
        template=certificate.template or default_template(),
        name=certificate.recipient_name,
        achievement=certificate.achievement_title,
        issued_on=timezone.localtime(certificate.issued_at).date(),
        code=certificate.code,
        verify_url=certificate.get_verify_url(),
        cpd_hours=certificate.cpd_hours,
        valid_until=certificate.valid_until,
    )


def sample_document(template: CertificateTemplate) -> CertificateDocument:
    """Made-up data for previewing a template in the admin."""
    today = timezone.localdate()
    return CertificateDocument(
        template=template,
        name="Alex Sample",
        achievement="Understanding trauma-influenced behaviour",
        issued_on=today,
        code=codes.new_code(),
        verify_url=settings.SITE_URL + "/certificates/verify/",
        cpd_hours=Decimal("1.5"),
        valid_until=today + timedelta(days=365),
    )


def qr_data_uri(url: str) -> str:
    """A QR code for the URL as a PNG data: URI, one pixel per module (the PDF scales it up without smoothing).

    PNG, not SVG: WeasyPrint draws an SVG QR code's many path segments one by one, which took longer
    than the rest of the certificate. The mask is fixed rather than chosen by trying all eight:
    any mask scans, and choosing took more time than printing the page.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=0)
    code.add_data(url)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix), len(matrix)))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@functools.lru_cache(maxsize=32)
def _image_data_uri(name: str, mime: str) -> str:
    # Keyed by the stored file name, which changes whenever an editor uploads a new file.
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as handle:
        return f"data:{mime};base64," + base64.b64encode(handle.read()).decode()


def image_data_uri(image) -> str:
    """A Wagtail image embedded in the page, so rendering works the same with local or remote storage."""
    if image is None or not image.file:
        return ""
    extension = image.file.name.rsplit(".", 1)[-1].lower()
    mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
            "webp": "image/webp"}.get(extension, "image/png")
    return _image_data_uri(image.file.name, mime)


def _stylesheet_text(template: CertificateTemplate) -> str:
    return render_to_string(STYLESHEET, {"template": template})


def details(document: CertificateDocument) -> list[tuple[str, str]]:
    """The facts listed under the wording, leaving out any the wording already states, so nothing is said twice."""
    template, values = document.template, document.values
    facts = [("Achievement", "achievement", values["achievement"]), ("Date", "date", values["date"])]
    if document.cpd_hours:
        facts.append(("CPD", "hours", values["hours"]))
    if document.valid_until:
        facts.append(("Valid until", "expiry", values["expiry"]))
    return [(label, value) for label, placeholder, value in facts if not template.uses(placeholder)]


def render_html(document: CertificateDocument, *, inline_css: bool = True) -> str:
    """The certificate as an HTML page; the PDF path passes the stylesheet separately, already parsed.

    The template's own signatory, signature and logo win; otherwise those in Settings > Certificates.
    """
    template = document.template
    site_settings = CertificateSettings.for_default_site()
    own_signatory = bool(template.signatory_name)
    logo = template.logo if template.logo_id else site_settings.logo
    signature = (template.signature if template.signature_id else None) if own_signatory else site_settings.signature
    return render_to_string(TEMPLATE, {
        "document": document,
        "template": template,
        "details": details(document),
        "css": _stylesheet_text(template) if inline_css else "",
        "logo": image_data_uri(logo),
        "signature": image_data_uri(signature),
        "signatory_name": template.signatory_name if own_signatory else site_settings.signatory_name,
        "signatory_title": template.signatory_role if own_signatory else site_settings.signatory_title,
        "qr_code": qr_data_uri(document.verify_url),
        "issuer": site_settings.organisation_name or settings.SERVICE_NAME,
    })


# Parsing the stylesheet and setting up fonts cost a third of each PDF, and are the same for every
# certificate printed from one template: keep them per thread (WeasyPrint objects are not shared
# across threads) and per look of the template.
_printing = threading.local()


def _printing_tools(template: CertificateTemplate):
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_printing, "fonts"):
        _printing.fonts = FontConfiguration()
        _printing.stylesheets = {}
    text = _stylesheet_text(template)
    stylesheet = _printing.stylesheets.get(text)
    if stylesheet is None:
        if len(_printing.stylesheets) > 32:
            _printing.stylesheets.clear()
        stylesheet = _printing.stylesheets[text] = CSS(string=text, font_config=_printing.fonts)
    return _printing.fonts, stylesheet


def render_pdf(document: CertificateDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which web processes that never print should not pay for.
    from weasyprint import HTML

    fonts, stylesheet = _printing_tools(document.template)
    return HTML(string=render_html(document, inline_css=False), base_url=settings.SITE_URL).write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant="pdf/ua-1",  # tagged structure (StructTreeRoot, MarkInfo) and PDF/UA metadata
        pdf_identifier=document.code.encode(),
    )


def preview_response(template: CertificateTemplate, mode_name: str) -> HttpResponse:
    """The admin's preview of a template with a made-up learner: the page as HTML, or (mode "pdf") the real PDF."""
    document = sample_document(template)
    if mode_name == "pdf":
        return HttpResponse(render_pdf(document), content_type="application/pdf")
    return HttpResponse(render_html(document))
