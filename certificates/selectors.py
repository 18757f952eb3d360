"""Reads of certificates."""
from datetime import date, timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery

from . import codes
from .models import BulkExport, Certificate, CertificateEvent, CertificateStatus


def certificates_for_user(user) -> QuerySet[Certificate]:
    """The person's own certificates, newest first, for My learning: those made out to them or sent to them
    (a school's certificate goes to the teacher who booked). Replaced ones are left out: their successor is listed."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return (
        Certificate.objects.current()
        .filter(Q(recipient=user) | Q(contact=user))
        .annotate(revoked_reason=_revoked_reason())
        .order_by("-issued_at", "-pk")
    )


def _revoked_reason():
    # The holder of a revoked certificate is told why, in the words staff gave when revoking it.
    return Subquery(
        CertificateEvent.objects.filter(certificate=OuterRef("pk"), action=CertificateEvent.Action.REVOKED)
        .order_by("-pk")
        .values("reason")[:1]
    )


def revocation_reason(certificate: Certificate) -> str:
    return (
        CertificateEvent.objects.filter(certificate=certificate, action=CertificateEvent.Action.REVOKED)
        .order_by("-pk")
        .values_list("reason", flat=True)
        .first()
        or ""
    )


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate with this code as someone typed it (any case, spaces or hyphens), or None."""
    code = codes.normalise(text)
    if code is None:
        return None
    try:
        # get(), not first(): the code is unique, and first() would add an ORDER BY to a hot public query.
        return Certificate.objects.select_related("superseded_by").get(code=code)
    except Certificate.DoesNotExist:
        return None


def certificate_by_credential_id(credential_id) -> Certificate | None:
    return Certificate.objects.select_related("superseded_by").filter(credential_id=credential_id).first()


def certificates_expiring(*, today: date, within_days: int) -> QuerySet[Certificate]:
    """Valid certificates whose last day falls between today and `within_days` from now."""
    return Certificate.objects.filter(
        status=CertificateStatus.VALID, valid_until__gte=today, valid_until__lte=today + timedelta(days=within_days)
    )


def certificates_for_staff(*, search: str = "", achievement: tuple[int, int] | None = None,
                           status: str = "") -> QuerySet[Certificate]:
    """Certificates for the partnership's list, filtered by name or code, achievement and status."""
    queryset = Certificate.objects.select_related("recipient", "recipient__organisation")
    if search:
        code = codes.normalise(search)
        queryset = queryset.filter(Q(recipient_name__icontains=search.strip()) | Q(code=code or "-"))
    if achievement is not None:
        queryset = queryset.filter(achievement_content_type_id=achievement[0], achievement_object_id=achievement[1])
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-issued_at", "-pk")


def achievements_with_certificates() -> list[tuple[str, str]]:
    """(value, title) choices of every achievement anyone holds a certificate for; value is "type-id"."""
    rows = (
        Certificate.objects.order_by("achievement_content_type_id", "achievement_object_id", "-issued_at")
        .values_list("achievement_content_type_id", "achievement_object_id", "achievement_title")
    )
    seen: dict[str, str] = {}
    for type_id, object_id, title in rows:
        seen.setdefault(f"{type_id}-{object_id}", title)  # the newest title of each
    return sorted(seen.items(), key=lambda item: item[1].lower())


def certificates_for_export(export: BulkExport) -> QuerySet[Certificate]:
    """The certificates a bulk export covers: current ones matching its achievement and period."""
    queryset = Certificate.objects.current().exclude(status=CertificateStatus.REVOKED)
    if export.achievement_content_type_id:
        queryset = queryset.filter(
            achievement_content_type_id=export.achievement_content_type_id,
            achievement_object_id=export.achievement_object_id,
        )
    if export.issued_from:
        queryset = queryset.filter(issued_at__date__gte=export.issued_from)
    if export.issued_to:
        queryset = queryset.filter(issued_at__date__lte=export.issued_to)
    return queryset.select_related("template__logo", "template__signature").order_by(
        "achievement_title", "recipient_name", "pk"
    )


def exports_for(user) -> QuerySet[BulkExport]:
    return BulkExport.objects.filter(requested_by=user).order_by("-created_at", "-pk")
