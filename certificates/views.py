"""Public verification, holders' downloads, the issuer's Open Badges documents, and staff management pages."""
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.decorators import permission_required
from accounts.downloads import stored_file_response
from accounts.network import rate_limit_wait

from . import badges, selectors, services
from foundation.background_exports import export_status_response, visible_export
from .forms import BulkExportForm, CertificateFilterForm, CredentialCheckForm, ReasonForm, ReissueForm, VerifyForm
from .models import BulkExport, Certificate, CertificateStatus

MANAGE = services.MANAGE_PERMISSION
# Anonymous people are asked to sign in; signed-in people without the permission get 403.
staff_only = permission_required(MANAGE)


# --- public verification -------------------------------------------------------------------------

def _rate_limited(request) -> HttpResponse | None:
    """A per-IP count of lookups in the current minute; past the limit, a plain 429."""
    wait = rate_limit_wait(request, scope="certificates:verify", limit=settings.CERTIFICATE_VERIFY_RATE_LIMIT)
    if wait is None:
        return None
    response = HttpResponse(
        "You have checked a lot of certificates in a short time. Please wait a minute, then try again.\n",
        status=429, content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(wait)
    return response


def verify(request):
    """Enter a code. The form is a GET, so a typed code lands on its certificate's page, which counts the lookup."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify_code", code=form.cleaned_data["code"])
    return render(request, "certificates/verify.html", {"form": form})


def verify_code(request, code: str):
    if limited := _rate_limited(request):
        return limited
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return render(request, "certificates/verify_not_found.html",
                      {"code": code[:40], "form": VerifyForm()}, status=404)
    response = render(request, "certificates/verify_result.html", {"certificate": certificate})
    # The page can change (revocation), and says who holds what: no shared caches.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def credential_check(request):
    """Check the signature of an Open Badges credential someone pasted or uploaded."""
    form = CredentialCheckForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if limited := _rate_limited(request):
            return limited
        if form.is_valid():
            result = badges.check(form.cleaned_data["credential"])
    return render(request, "certificates/credential_check.html", {"form": form, "result": result})


@cache_control(public=True, max_age=300)
def issuer_profile(request):
    return JsonResponse(badges.issuer_profile(), json_dumps_params={"indent": 2})


@cache_control(public=True, max_age=300)
def issuer_jwks(request):
    return JsonResponse({"keys": [badges.public_jwk()]}, json_dumps_params={"indent": 2})


@cache_control(public=True, max_age=60)
def revocation_list(request):
    return JsonResponse(badges.revocation_list(), json_dumps_params={"indent": 2})


# --- the holder's downloads ----------------------------------------------------------------------

def _own_certificate(request, code: str) -> Certificate:
    """The certificate if this person holds it or is partnership staff; otherwise as if it did not exist."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None or not (certificate.owned_by(request.user) or request.user.has_perm(MANAGE)):
        raise Http404("No certificate of yours has this code.")
    return certificate


def _revoked(request, certificate: Certificate):
    """A revoked certificate is never handed out again, as PDF or freshly signed badge: its holder is told why."""
    context = {"certificate": certificate, "reason": selectors.revocation_reason(certificate)}
    return TemplateResponse(request, "certificates/revoked.html", context, status=410)


@login_required
def certificate_pdf(request, code: str):
    certificate = _own_certificate(request, code)
    if certificate.status == CertificateStatus.REVOKED:
        return _revoked(request, certificate)
    certificate = services.certificate_pdf_ensure(certificate=certificate)
    return stored_file_response(certificate.pdf, content_type="application/pdf",
                                filename=f"certificate-{certificate.display_code}.pdf")


@login_required
def certificate_badge(request, code: str):
    """The Open Badges 3.0 credential, signed (VC-JWT): what a badge wallet or employer's system takes."""
    certificate = _own_certificate(request, code)
    if certificate.status == CertificateStatus.REVOKED:
        return _revoked(request, certificate)
    response = HttpResponse(badges.sign(certificate), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="open-badge-{certificate.display_code}.jwt"'
    return response


@login_required
def certificate_badge_json(request, code: str):
    """The same credential as readable JSON (unsigned; the .jwt file is the one that proves itself)."""
    certificate = _own_certificate(request, code)
    if certificate.status == CertificateStatus.REVOKED:
        return _revoked(request, certificate)
    response = HttpResponse(json.dumps(badges.credential(certificate), indent=2),
                            content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="open-badge-{certificate.display_code}.json"'
    return response


# --- partnership staff -----------------------------------------------------------------------------

@staff_only
def manage_list(request):
    form = CertificateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    certificates = selectors.certificates_for_staff(**filters)
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "certificates/manage/list.html",
                  {"form": form, "page": page, "query": query.urlencode()})


def _staff_certificate(code: str) -> Certificate:
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404("No certificate has this code.")
    return certificate


def _detail(request, certificate: Certificate, *, revoke_form=None, reissue_form=None, status: int = 200):
    return render(request, "certificates/manage/detail.html", {
        "certificate": certificate,
        "events": certificate.events.select_related("actor"),
        "revoke_form": revoke_form or ReasonForm(prefix="revoke"),
        "reissue_form": reissue_form or ReissueForm(prefix="reissue"),
    }, status=status)


@staff_only
def manage_detail(request, code: str):
    return _detail(request, _staff_certificate(code))


@require_POST
@staff_only
def manage_revoke(request, code: str):
    certificate = _staff_certificate(code)
    form = ReasonForm(request.POST, prefix="revoke")
    if form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except services.CertificateError as refusal:
            messages.error(request, str(refusal))
        else:
            audit_record(actor=request.user, action="certificate.revoke", target=certificate,
                         detail=form.cleaned_data["reason"], request=request)
            messages.success(request, f"Certificate {certificate.display_code} has been revoked.")
            return redirect("certificates:manage_detail", code=certificate.code)
    return _detail(request, certificate, revoke_form=form, status=400)


@require_POST
@staff_only
def manage_reissue(request, code: str):
    certificate = _staff_certificate(code)
    form = ReissueForm(request.POST, prefix="reissue")
    if form.is_valid():
        try:
            new = services.certificate_reissue(certificate=certificate, by=request.user, **form.cleaned_data)
        except services.CertificateError as refusal:
            messages.error(request, str(refusal))
        else:
            audit_record(actor=request.user, action="certificate.reissue", target=certificate,
                         detail=f"Reissued as {new.display_code}. {form.cleaned_data.get('reason', '')}".strip(),
                         request=request)
            messages.success(request, f"Reissued as {new.display_code}. The old certificate's page points to it.")
            return redirect("certificates:manage_detail", code=new.code)
    return _detail(request, certificate, reissue_form=form, status=400)


@staff_only
def export_list(request):
    form = BulkExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = services.bulk_export_request(by=request.user, **form.cleaned_data)
        except services.CertificateError as refusal:
            form.add_error(None, str(refusal))
        else:
            audit_record(actor=request.user, action="report.export", target=export,
                         detail="Certificates bulk export requested", request=request)
            return redirect("certificates:export_detail", pk=export.pk)
    return render(request, "certificates/manage/exports.html",
                  {"form": form, "exports": selectors.exports_for(request.user)[:20]})


@staff_only
def export_detail(request, pk: int):
    return render(request, "certificates/manage/export_detail.html",
                  {"export": visible_export(BulkExport.objects.all(), pk=pk, user=request.user)})


@staff_only
def export_status(request, pk: int):
    export = visible_export(BulkExport.objects.all(), pk=pk, user=request.user)
    return export_status_response(export, reverse("certificates:export_download", args=[export.pk]))


@staff_only
def export_download(request, pk: int):
    export = visible_export(BulkExport.objects.all(), pk=pk, user=request.user)
    if not export.file:
        raise Http404("This export is not ready yet.")
    audit_record(actor=request.user, action="report.export", target=export,
                 detail="Certificates bulk export downloaded", request=request)
    return stored_file_response(export.file, content_type="application/zip", filename=f"certificates-{export.pk}.zip")
