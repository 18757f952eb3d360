"""Each organisation's identity provider: how allauth reaches it and what the site trusts it to say."""
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models

ENTRA_ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"


class ProviderKind(models.TextChoices):
    OPENID_CONNECT = "openid_connect", "OpenID Connect"
    ENTRA = "entra", "Microsoft Entra ID"


def _lines(raw: str) -> list[str]:
    return [part.strip().lower().lstrip("@") for part in raw.replace(",", "\n").splitlines() if part.strip()]


class OrganisationSignIn(models.Model):
    """One organisation's "Sign in with your organisation": its provider and the rules the site applies to it."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE,
                                        related_name="sign_in_provider")
    enabled = models.BooleanField("Offer this sign-in", default=True)
    kind = models.CharField("Provider", max_length=20, choices=ProviderKind.choices,
                            default=ProviderKind.OPENID_CONNECT)
    slug = models.SlugField(
        "Short name", max_length=40, unique=True, validators=[validate_slug],
        help_text="Lower-case letters, numbers and hyphens, such as wiltshire-police. It is part of the redirect "
                  "address the organisation's IT team registers: changing it changes that address.")
    issuer = models.URLField(
        "Issuer (server address)", max_length=300,
        help_text="For OpenID Connect, the issuer the provider publishes (its discovery document is at this address "
                  "plus /.well-known/openid-configuration). For Microsoft Entra ID, "
                  "https://login.microsoftonline.com/<tenant id>/v2.0.")
    client_id = models.CharField("Client ID", max_length=200)
    # Kept only to send to the provider; the admin never shows it again after it is saved.
    client_secret = models.CharField("Client secret", max_length=500)
    tenant_ids = models.TextField(
        "Allowed tenant IDs", blank=True,
        help_text="Microsoft Entra ID only: the directory (tenant) IDs whose people may sign in, one per line. "
                  "A token from any other tenant is refused.")
    email_domains = models.TextField(
        "Email domains it vouches for",
        help_text="The work email domains this provider may sign people in for, one per line, such as "
                  "wiltshire.police.uk. An address at any other domain is refused.")
    password_sign_in = models.BooleanField(
        "People may still sign in with a password", default=True,
        help_text="Untick to make this organisation's people (by email domain) sign in only through their "
                  "organisation's account.")
    trust_provider_mfa = models.BooleanField(
        "Accept the provider's own two-step verification", default=False,
        help_text="For staff roles: when the provider's token says the person used a second factor (amr "
                  "includes mfa), do not ask for ours as well.")

    class Meta:
        verbose_name = "organisation sign-in"
        verbose_name_plural = "organisation sign-ins"
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_kind_display()})"

    @property
    def provider_id(self) -> str:
        """The name allauth knows this provider by, in its URLs and in each linked account's `provider`."""
        return f"org-{self.slug}"

    def redirect_path(self) -> str:
        """The redirect address's path, as allauth's URLs produce it: what the organisation's IT team registers."""
        from django.urls import reverse

        return reverse("openid_connect_callback", kwargs={"provider_id": self.provider_id})

    redirect_path.short_description = "Redirect address (after the site's address)"

    def domain_list(self) -> list[str]:
        return _lines(self.email_domains)

    def tenant_list(self) -> list[str]:
        return _lines(self.tenant_ids)

    def issuer_url(self) -> str:
        return self.issuer.rstrip("/")

    def clean(self):
        errors = {}
        if self.kind == ProviderKind.ENTRA and not self.tenant_list():
            errors["tenant_ids"] = ("Enter at least one tenant ID: without one, anyone's Microsoft account could "
                                    "claim an address.")
        if not self.domain_list():
            errors["email_domains"] = "Enter at least one email domain, such as wiltshire.police.uk"
        for domain in self.domain_list():
            if "." not in domain or "@" in domain or " " in domain:
                errors["email_domains"] = (f"“{domain}” is not an email domain. Enter domains such as "
                                           "wiltshire.police.uk")
                break
        if "email_domains" not in errors and self.domain_list():
            # One provider per domain: two could each claim the same person's address.
            for other in OrganisationSignIn.objects.exclude(pk=self.pk).select_related("organisation"):
                shared = set(self.domain_list()) & set(other.domain_list())
                if shared:
                    errors["email_domains"] = (f"{sorted(shared)[0]} is already vouched for by {other.organisation}'s "
                                               "sign-in. Each domain can have only one provider.")
                    break
        if errors:
            raise ValidationError(errors)
