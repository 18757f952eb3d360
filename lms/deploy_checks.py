"""Deployment checks (`manage.py check --deploy`): production refuses settings that would run it wrong.

Each check is an Error, so `check --deploy` exits non-zero and `make serve-prod` (and any deployment
that runs it first) stops before serving. They run only with --deploy: development on localhost is fine.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}

# Public suffixes with two labels that a UK partnership is likely to use. "Same site" compares the
# registrable domain (one label under the public suffix); without the full public suffix list this
# covers the usual cases and errs towards calling two hosts the same site.
TWO_LABEL_SUFFIXES = {
    "co.uk", "org.uk", "gov.uk", "ac.uk", "nhs.uk", "police.uk", "sch.uk", "net.uk", "ltd.uk", "plc.uk",
    "me.uk", "mod.uk", "com.au", "org.au", "gov.au", "co.nz", "org.nz", "co.za", "com.br",
}
# Caches shared by every web process (and machine), which rate limits need to count across them.
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
    "django_redis.cache.RedisCache",
)


CONTENT_ORIGIN_SETTINGS = ("H5P_ORIGIN", "SCORM_ORIGIN")


def content_origins() -> list[tuple[str, str]]:
    """(setting name, concrete origin) for the H5P and SCORM content origins; a per-package template such as
    `https://{package}.h5p.example.org` becomes a sample origin, so its host is checked like a plain one."""
    found = []
    for name in CONTENT_ORIGIN_SETTINGS:
        raw = getattr(settings, name, "") or ""
        if raw:
            found.append((name, raw.replace("{package}", "package-id")))
    return found


def registrable_domain(host: str) -> str:
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in TWO_LABEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_local(host: str | None) -> bool:
    return (host or "").lower() in LOCAL_HOSTS or (host or "").lower().endswith(".localhost")


@register(Tags.security, deploy=True)
def signing_key_is_set(app_configs, **kwargs):
    if getattr(settings, "OPEN_BADGES_DERIVE_KEY_FROM_SECRET", False):
        return [Error("OPEN_BADGES_DERIVE_KEY_FROM_SECRET is on: credentials would be signed with a key derived "
                      "from SECRET_KEY.", hint="Turn it off and set OPEN_BADGES_SIGNING_KEY.", id="lms.E101")]
    pem = getattr(settings, "OPEN_BADGES_SIGNING_KEY", "")
    if not pem:
        return [Error(
            "OPEN_BADGES_SIGNING_KEY is not set: certificates cannot be signed as Open Badges and the issuer's "
            "public key (jwks.json) cannot be published.",
            hint="Make a key with `openssl genpkey -algorithm ed25519` and put the PEM in OPEN_BADGES_SIGNING_KEY.",
            id="lms.E102",
        )]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(pem.replace("\\n", "\n").encode(), password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        return [Error("OPEN_BADGES_SIGNING_KEY is not an unencrypted Ed25519 private key in PEM format.",
                      hint="Make one with `openssl genpkey -algorithm ed25519`.", id="lms.E103")]
    return []


@register(Tags.security, deploy=True)
def public_addresses_are_set(app_configs, **kwargs):
    errors = []
    site = urlsplit(getattr(settings, "SITE_URL", ""))
    if is_local(site.hostname):
        errors.append(Error(
            f"SITE_URL is {settings.SITE_URL!r}: emails, certificates and QR codes would link to this machine.",
            hint="Set SITE_URL to the site's public address, such as https://learn.example.org.", id="lms.E104"))
    elif site.scheme != "https":
        errors.append(Error("SITE_URL must start with https://.", id="lms.E105"))
    for name, origin in content_origins():
        content = urlsplit(origin)
        if is_local(content.hostname):
            errors.append(Error(
                f"{name} is {getattr(settings, name)!r}: learners' browsers could not load interactive activities.",
                hint=f"Set {name} to the public address of the content origin, on a domain of its own.",
                id="lms.E106"))
        elif content.scheme != "https":
            errors.append(Error(f"{name} must start with https://.", id="lms.E107"))
        elif site.hostname and registrable_domain(content.hostname) == registrable_domain(site.hostname):
            errors.append(Error(
                f"{name} ({content.hostname}) is on the same site as SITE_URL ({site.hostname}): content there "
                "could set cookies for the site and is treated as same-site by browsers.",
                hint="Serve H5P and SCORM content from a separate registrable domain, such as "
                     "h5p.example-content.org.",
                id="lms.E108"))
    return errors


def rate_limits_in_use() -> bool:
    return bool(getattr(settings, "ACCOUNT_RATE_LIMITS", None)) or bool(
        getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", 0))


@register(Tags.caches, deploy=True)
def rate_limits_have_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if rate_limits_in_use() and backend not in SHARED_CACHE_BACKENDS:
        return [Error(
            f"Rate limits count in the cache, but the default cache ({backend.rsplit('.', 1)[-1]}) is not shared "
            "between web processes: each process would count on its own and allow several times the limit.",
            hint="Set CACHE_URL to a Redis server, such as redis://redis.internal:6379/1.", id="lms.E109")]
    return []


@register(Tags.files, deploy=True)
def media_bucket_is_whole(app_configs, **kwargs):
    """S3 media settings given in part would quietly put certificates and exports on one machine's disk, or fail
    at the first upload; a bucket without a shared folder for unpacked packages needs one web machine."""
    given = set(getattr(settings, "S3_SETTINGS_GIVEN", []))
    if not given:
        return []
    if "AWS_STORAGE_BUCKET_NAME" not in given:
        return [Error(
            f"{', '.join(sorted(given))} set but AWS_STORAGE_BUCKET_NAME is not: certificate PDFs, exports and "
            "uploads would be written to this machine's disk, not to the bucket.",
            hint="Set AWS_STORAGE_BUCKET_NAME to the bucket's name, or remove the other AWS_ settings.",
            id="lms.E110")]
    errors = []
    if ("AWS_ACCESS_KEY_ID" in given) != ("AWS_SECRET_ACCESS_KEY" in given):
        missing = "AWS_SECRET_ACCESS_KEY" if "AWS_ACCESS_KEY_ID" in given else "AWS_ACCESS_KEY_ID"
        errors.append(Error(f"{missing} is not set: the media bucket's key is given only in part.",
                            hint="Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither to use the "
                                 "machine's own role.", id="lms.E111"))
    endpoint = settings.STORAGES["default"].get("OPTIONS", {}).get("endpoint_url") or ""
    if endpoint and urlsplit(endpoint).scheme != "https":
        errors.append(Error(f"AWS_S3_ENDPOINT_URL ({endpoint}) must start with https://: signed links to "
                            "people's certificates would travel unencrypted.", id="lms.E112"))
    if not getattr(settings, "CONTENT_PACKAGES_ROOT", ""):
        errors.append(CheckWarning(
            "Media are in the bucket, but unpacked H5P and SCORM packages stay on this machine's disk under "
            "MEDIA_ROOT: a second web machine would not find them.",
            hint="Set CONTENT_PACKAGES_ROOT to a volume every web machine mounts (or keep one web machine).",
            id="lms.W110"))
    return errors
