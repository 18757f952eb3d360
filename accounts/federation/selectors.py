"""Reads of organisations' sign-in providers: by allauth's provider id, and by an email address's domain."""
from django.db.models import QuerySet

from .models import OrganisationSignIn

PROVIDER_PREFIX = "org-"


def enabled_sign_ins() -> QuerySet[OrganisationSignIn]:
    return OrganisationSignIn.objects.filter(enabled=True).select_related("organisation")


def sign_in_for_provider(provider_id: str) -> OrganisationSignIn | None:
    if not provider_id.startswith(PROVIDER_PREFIX):
        return None
    return enabled_sign_ins().filter(slug=provider_id.removeprefix(PROVIDER_PREFIX)).first()


def _domain(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def sign_in_for_email(email: str, *, include_disabled: bool = False) -> OrganisationSignIn | None:
    """The provider that vouches for this address's domain (home-realm discovery), if any."""
    domain = _domain(email)
    if not domain:
        return None
    candidates = OrganisationSignIn.objects.select_related("organisation")
    if not include_disabled:
        candidates = candidates.filter(enabled=True)
    # Domains are stored as text lines, so narrow in SQL and decide exactly in Python.
    for sign_in in candidates.filter(email_domains__icontains=domain):
        if domain in sign_in.domain_list():
            return sign_in
    return None


def password_closed_for(email: str) -> OrganisationSignIn | None:
    """The organisation whose people must use its own sign-in, when this address is at one of its domains."""
    sign_in = sign_in_for_email(email)
    if sign_in is not None and not sign_in.password_sign_in:
        return sign_in
    return None


def any_sign_in_offered() -> bool:
    return enabled_sign_ins().exists()


def sign_in_of_session(request) -> OrganisationSignIn | None:
    """The organisation provider this session signed in through, if any (allauth's record of how it signed in)."""
    from allauth.account.authentication import get_authentication_records

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    for record in reversed(get_authentication_records(request, user)):
        if record.get("method") == "socialaccount":
            return sign_in_for_provider(str(record.get("provider", "")))
    return None
