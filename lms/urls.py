"""URLs of the whole site. Wagtail serves every path not matched above it."""
import posixpath
import re

from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.urls import serve_pattern
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import entrances
from courses import page_cache

# Media folders anyone may fetch by address: Wagtail's images (originals and renditions), as on any web server.
PUBLIC_MEDIA_FOLDERS = ("images", "original_images")

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"

urlpatterns = [
    # One way in (accounts.entrances): Wagtail's own sign-in and password-reset pages send people to allauth's,
    # where the sign-in limits and two-step verification apply. Listed before the admin so they win.
    path("admin/login/", entrances.admin_sign_in),
    re_path(r"^admin/password_reset/", entrances.admin_password_reset),
    # Wagtail's front-end sign-in (private pages): Django's own login form, so the same.
    path("_util/login/", entrances.admin_sign_in, {"default_next": "/"}),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("accounts.urls")),
    path("account/organisation/", include("accounts.federation.urls")),
    path("account/", include("allauth.urls")),
    path("certificates/", include("certificates.urls")),
    path("schools/", include("schools.urls")),
    path("h5p/", include("courses.h5p.urls")),
    path("dashboard/", include("lms.reporting.urls")),
    path("scorm/", include("courses.scorm.urls")),
    path("lti/", include("partners.lti.urls")),
    path("partners/lrs/", include("partners.lrs.urls")),
    path("", include("courses.urls")),
    path("", include("lms.site_urls")),
]

if settings.DEBUG and settings.MEDIA_URL.startswith("/"):
    # Development serves only the public part of media: Wagtail's images. Everything else there (exports,
    # certificate PDFs, packages) is private and is downloaded through the views that check who may have it.
    def serve_public_media(request, path):
        # "images/../reports/..." names a private file: judge the path as the file system will read it.
        folder = posixpath.normpath(path).split("/", 1)[0]
        if folder not in PUBLIC_MEDIA_FOLDERS or ".." in path.split("/"):
            raise Http404("Not a public file")
        return serve_media(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_public_media))

# Pages are served by Wagtail with the site and route from the cache; Wagtail's own URLs stay for the rest.
urlpatterns.append(re_path(serve_pattern, page_cache.serve, name="wagtail_serve"))
urlpatterns.append(path("", include(wagtail_urls)))
