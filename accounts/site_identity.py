"""The Sites framework's record of this service: its name and address come from settings, never "example.com"."""
from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    """The host (and port, if any) of SITE_URL: what allauth and Django put in links and emails."""
    return urlsplit(settings.SITE_URL).netloc or settings.SITE_URL


def site_identity_sync(*, site_model) -> None:
    """Make the current Site carry SERVICE_NAME and SITE_URL's host. Safe to run any number of times."""
    wanted = {"domain": site_domain()[:100], "name": settings.SERVICE_NAME[:50]}
    site = site_model.objects.filter(pk=settings.SITE_ID).first()
    if site is None:
        site_model.objects.create(pk=settings.SITE_ID, **wanted)
    elif (site.domain, site.name) != (wanted["domain"], wanted["name"]):
        site_model.objects.filter(pk=site.pk).update(**wanted)
    # Django caches the current Site per process; a stale "example.com" would outlive the fix.
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE.clear()


def sync_after_migrate(sender, apps=None, using="default", **kwargs) -> None:
    """post_migrate receiver for the sites app: runs on every migrate (and test-database flush).

    Django's own receiver creates "example.com" only when no Site exists; ours runs first, so a new database
    gets the right one and an old database is corrected on its next deploy.
    """
    if apps is None:  # sent by hand (some tools omit the migration state): the installed models will do
        from django.apps import apps
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:
        return
    if using != "default":
        return
    site_identity_sync(site_model=site_model)
