"""Content domains serve package files and nothing else; development serves no private media by address."""
import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db

PACKAGE = "0123456789abcdef0123456789abcdef"
SITE_PATHS = ["/", "/account/login/", "/account/signup/", "/admin/", "/admin/login/", "/my-learning/",
              "/certificates/verify/", "/static/build/site.css", "/h5p/play/x/", "/scorm/play/x/"]


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.SITE_URL = "https://training.vrp.example"
    settings.H5P_ORIGIN = "https://{package}.h5p.vrp-content.example"
    settings.SCORM_ORIGIN = "https://s{package}.scorm.vrp-content.example"


@pytest.mark.parametrize("host", ["evil.h5p.vrp-content.example", "h5p.vrp-content.example",
                                  "www.h5p.vrp-content.example.", "EVIL.H5P.VRP-CONTENT.EXAMPLE",
                                  "nota-package.scorm.vrp-content.example", "scorm.vrp-content.example",
                                  f"{PACKAGE}x.h5p.vrp-content.example", f"s{PACKAGE}.h5p.vrp-content.example"])
def test_a_content_host_that_is_no_packages_serves_nothing(site_pages, host):
    client = Client(raise_request_exception=False)
    for path in SITE_PATHS:
        response = client.get(path, HTTP_HOST=host, secure=True)
        assert response.status_code == 404, (host, path, response.status_code)
        assert not response.cookies, (host, path)
        assert b"<form" not in response.content and b"csrf" not in response.content.lower()
    posted = client.post("/account/login/", {"login": "a@example.org", "password": "x"}, HTTP_HOST=host, secure=True)
    assert posted.status_code == 404 and not posted.cookies


def test_a_packages_own_host_still_answers_and_the_site_is_unaffected(site_pages):
    client = Client(raise_request_exception=False)
    # The package's own origin reaches its player route (404 here only because no such package is stored).
    own = client.get(f"/h5p/play/{PACKAGE}/", HTTP_HOST=f"{PACKAGE}.h5p.vrp-content.example", secure=True)
    assert own.status_code == 404 and own.content != b"Not found"
    assert client.get("/", HTTP_HOST="training.vrp.example", secure=True).status_code == 200


def test_development_defaults_keep_other_local_hosts_out(site_pages, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.H5P_ORIGIN = "http://p{package}.localhost:8001"
    settings.SCORM_ORIGIN = "http://s{package}.localhost:8001"
    client = Client(raise_request_exception=False)
    assert client.get("/account/login/", HTTP_HOST="evil.localhost:8001").status_code == 404
    assert client.get("/account/login/", HTTP_HOST="localhost:8001").status_code == 404
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/", HTTP_HOST="localhost:8000").status_code == 200


@pytest.fixture
def development_urls(settings):
    """The site's URLs as the development settings build them (DEBUG on, media on this disk)."""
    import lms.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(lms.urls)
    yield
    settings.DEBUG = False
    importlib.reload(lms.urls)
    clear_url_caches()


def test_development_media_serves_images_but_no_export_or_certificate(site_pages, settings, development_urls,
                                                                      make_user):
    root = settings.MEDIA_ROOT
    for name in ("reports/exports/staff-list-1.csv", "certificates/exports/certificates-1.zip",
                 "certificates/pdf/2026/03/certificate.pdf", "h5p/x/content.json", "scorm/1/index.html",
                 "original_images/photo.png", "images/photo.width-400.png"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"private: staff names" if "images" not in name else b"\x89PNG picture")
    staff = make_user("Partnership staff")
    for who in (None, staff):
        client = Client(raise_request_exception=False)
        if who is not None:
            client.force_login(who)
        for name in ("reports/exports/staff-list-1.csv", "certificates/exports/certificates-1.zip",
                     "certificates/pdf/2026/03/certificate.pdf", "h5p/x/content.json", "scorm/1/index.html",
                     "reports/../reports/exports/staff-list-1.csv", "images/../reports/exports/staff-list-1.csv"):
            response = client.get(f"/media/{name}")
            assert response.status_code == 404, (name, response.status_code)
            assert b"staff names" not in b"".join(getattr(response, "streaming_content", [response.content]))
        assert client.get("/media/images/photo.width-400.png").status_code == 200
        assert client.get("/media/original_images/photo.png").status_code == 200
