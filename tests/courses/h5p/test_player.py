"""The player and package files are served only on the H5P origin, with a strict policy; the site origin never serves them."""
import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.test import RequestFactory

from courses.h5p.middleware import H5POriginMiddleware

from .conftest import H5P

pytestmark = pytest.mark.django_db

H5P_HOST = H5P.split("//", 1)[1]
BUILT_FRAME_BUNDLE = Path(django_settings.BASE_DIR) / "static" / "build" / "h5p-player" / "frame.bundle.js"


def on_h5p(client, url, **extra):
    return client.get(url, HTTP_HOST=H5P_HOST, **extra)


def test_the_player_page_is_served_on_the_h5p_origin_with_a_strict_policy(client, stored_package):
    response = on_h5p(client, f"/h5p/play/{stored_package.uuid}/")

    assert response.status_code == 200
    csp = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == f"'self' 'sha256-{django_settings.H5P_FRAME_BOOTSTRAP_SHA256}'"
    assert csp["frame-ancestors"] == "http://127.0.0.1:8000"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Frame-Options" not in response  # framing is decided by frame-ancestors: the site only
    html = response.content.decode()
    assert "/static/h5p-player/main.bundle.js" in html
    assert f'"h5pJsonPath": "/h5p/content/{stored_package.uuid}"' in html
    assert '"parentOrigin": "http://127.0.0.1:8000"' in html
    # No inline script: the configuration is a JSON data block, the rest are files from this origin.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)


def test_the_csp_hash_matches_the_bootstrap_script_of_the_built_player():
    bundle = BUILT_FRAME_BUNDLE.read_text()
    inline = re.search(r'"<script>(H5PIntegration = window\.parent\.H5PIntegration;[^"]*)<\\/script>"', bundle)
    assert inline, "h5p-standalone's inline bootstrap script was not found: update H5P_FRAME_BOOTSTRAP_SHA256"
    digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
    assert digest == django_settings.H5P_FRAME_BOOTSTRAP_SHA256


def test_the_site_origin_never_serves_the_player_or_package_files(client, stored_package):
    assert client.get(f"/h5p/play/{stored_package.uuid}/").status_code == 404
    assert client.get(f"/h5p/content/{stored_package.uuid}/h5p.json").status_code == 404


def test_the_h5p_origin_never_serves_the_sites_pages(client, admin_user):
    client.force_login(admin_user)
    for path in ["/", "/account/login/", "/admin/", "/my-learning/", "/h5p/xapi/1/abc/"]:
        assert on_h5p(client, path).status_code == 404, path


def test_the_h5p_origin_never_sees_the_sites_cookies(rf):
    seen = {}

    def view(request):
        seen["cookies"] = dict(request.COOKIES)
        seen["header"] = request.META.get("HTTP_COOKIE")
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/h5p/play/x/", HTTP_HOST=H5P_HOST, HTTP_COOKIE="sessionid=secret; csrftoken=t")
    H5POriginMiddleware(view)(request)
    assert seen == {"cookies": {}, "header": None}


def test_unknown_packages_are_not_found(client):
    assert on_h5p(client, "/h5p/play/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert on_h5p(client, "/h5p/content/00000000-0000-0000-0000-000000000000/h5p.json").status_code == 404


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("h5p.json", "application/json"),
        ("content/content.json", "application/json"),
        ("libraries/H5P.VrpCheck-1.0/library.json", "application/json"),
        ("libraries/H5P.VrpCheck-1.0/vrp-check.js", "text/javascript; charset=utf-8"),
        ("libraries/H5P.VrpCheck-1.0/vrp-check.css", "text/css; charset=utf-8"),
    ],
)
def test_package_files_are_served_with_their_own_types(client, stored_package, path, content_type):
    # Libraries are shared by packages: one copy under /h5p/libraries/, the package's own files under its id.
    url = f"/h5p/{path}" if path.startswith("libraries/") else f"/h5p/content/{stored_package.uuid}/{path}"
    response = on_h5p(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "path",
    ["../../../etc/passwd", "content/../../x.json", "%2e%2e/%2e%2e/settings.py", "content/.hidden.json",
     "H5P.VrpCheck-1.0/missing.js", "content", "h5p.php"],
)
def test_paths_outside_the_package_or_of_unknown_type_are_not_served(client, stored_package, path):
    assert on_h5p(client, f"/h5p/content/{stored_package.uuid}/{path}").status_code == 404
    assert on_h5p(client, f"/h5p/libraries/H5P.VrpCheck-1.0/{path}").status_code == 404


def test_another_packages_folder_cannot_be_reached_through_a_package(client, stored_package, settings):
    secret = Path(settings.MEDIA_ROOT) / "secret.json"
    secret.write_text("{}")
    assert on_h5p(client, f"/h5p/content/{stored_package.uuid}/../secret.json").status_code == 404


def test_an_h5p_origin_equal_to_the_site_is_a_configuration_error(settings):
    settings.H5P_ORIGIN = settings.SITE_URL
    assert "h5p.E002" in [message.id for message in run_checks()]
    settings.H5P_ORIGIN = "localhost:8001"
    assert "h5p.E001" in [message.id for message in run_checks()]


def test_the_site_origin_does_not_serve_stored_packages_from_media(settings):
    """Where media is served by Django (development), MEDIA_ROOT/h5p/ stays out of reach of the site origin."""
    from django.http import HttpResponse

    middleware = H5POriginMiddleware(lambda request: HttpResponse("served"))
    site = RequestFactory()
    assert middleware(site.get(f"{settings.MEDIA_URL}h5p/some-package/H5P.Evil-1.0/icon.svg")).status_code == 404
    assert middleware(site.get(f"{settings.MEDIA_URL}original_images/photo.jpg")).status_code == 200


def test_cookies_shared_with_the_h5p_origin_are_a_configuration_error(settings):
    settings.SITE_URL, settings.H5P_ORIGIN = "https://training.example.org", "https://h5p.example.org"
    settings.SESSION_COOKIE_DOMAIN = ".example.org"
    assert "h5p.E003" in [message.id for message in run_checks()]
    settings.SESSION_COOKIE_DOMAIN = None
    settings.CSRF_COOKIE_DOMAIN = "h5p.example.org"
    assert "h5p.E003" in [message.id for message in run_checks()]
    settings.CSRF_COOKIE_DOMAIN = None
    assert "h5p.E003" not in [message.id for message in run_checks()]
