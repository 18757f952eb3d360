"""Each H5P package plays on an origin of its own when H5P_ORIGIN is a template: its player and files answer only
there, with the site as the only frame ancestor and no cookies; the lesson checks messages per package origin."""
import io

import pytest
from django.core.checks import run_checks
from django.test import Client, RequestFactory

from tests.courses.h5p import builders
from courses.h5p.middleware import H5POriginMiddleware
from courses.h5p.services import package_import

pytestmark = pytest.mark.django_db

TEMPLATE = "http://p{package}.localhost:8001"


@pytest.fixture(autouse=True)
def _per_package(settings):
    settings.H5P_ORIGIN = TEMPLATE


@pytest.fixture
def two_packages():
    first = package_import(upload=io.BytesIO(builders.quiz_package()))
    second = package_import(upload=io.BytesIO(builders.check_sharing_ui_package()))
    return first, second


def host_of(package) -> str:
    return f"p{package.uuid.hex}.localhost:8001"


def test_each_package_has_its_own_origin(two_packages):
    first, second = two_packages
    assert first.origin == f"http://p{first.uuid.hex}.localhost:8001"
    assert first.origin != second.origin
    assert first.player_url == f"{first.origin}/h5p/play/{first.uuid}/"


def test_a_package_plays_on_its_own_origin_and_not_on_a_siblings(client, two_packages):
    first, second = two_packages
    own = client.get(f"/h5p/play/{first.uuid}/", HTTP_HOST=host_of(first))
    assert own.status_code == 200
    assert "frame-ancestors http://127.0.0.1:8000" in own["Content-Security-Policy"]
    assert "script-src 'self'" in own["Content-Security-Policy"]
    assert client.get(f"/h5p/play/{first.uuid}/", HTTP_HOST=host_of(second)).status_code == 404
    assert client.get(f"/h5p/content/{first.uuid}/h5p.json", HTTP_HOST=host_of(second)).status_code == 404
    assert client.get(f"/h5p/content/{first.uuid}/h5p.json", HTTP_HOST=host_of(first)).status_code == 200


def test_shared_libraries_load_on_any_package_origin(client, two_packages):
    for package in two_packages:
        response = client.get("/h5p/libraries/H5P.VrpUI-1.2/vrp-ui.js", HTTP_HOST=host_of(package))
        assert response.status_code == 200


@pytest.mark.parametrize(
    "host",
    ["p0123456789abcdef0123456789abcdef.localhost:8001.", "P0123456789ABCDEF0123456789ABCDEF.LOCALHOST:8001",
     "x.p0123456789abcdef0123456789abcdef.localhost:8001", "p0123.localhost:8001", "localhost:8001",
     "pp0123456789abcdef0123456789abcdef.localhost:8001"],
)
def test_hosts_that_only_resemble_a_package_origin_are_not_one(host):
    # Trailing dots, other cases, extra labels and short ids are not a package origin: no player is served there
    # (Django itself refuses a malformed host with 400).
    client = Client(raise_request_exception=False)
    assert client.get("/h5p/play/0123456789abcdef0123456789abcdef/", HTTP_HOST=host).status_code in (400, 404)


def test_cookies_never_reach_a_package_origin(two_packages):
    seen = {}

    def view(request):
        seen.update(cookies=dict(request.COOKIES), header=request.META.get("HTTP_COOKIE"))
        from django.http import HttpResponse

        return HttpResponse()

    first, _ = two_packages
    request = RequestFactory().get(f"/h5p/play/{first.uuid}/", HTTP_HOST=host_of(first), HTTP_COOKIE="sessionid=s")
    H5POriginMiddleware(view)(request)
    assert seen == {"cookies": {}, "header": None}


def test_the_lesson_frame_names_its_own_packages_origin(client, learner, h5p_lesson, package):
    client.force_login(learner)
    page = client.get(h5p_lesson.url).content.decode()
    assert f'src="{package.origin}/h5p/play/{package.uuid}/"' in page
    assert f'data-h5p-origin="{package.origin}"' in page


@pytest.mark.parametrize(
    ("origin", "error"),
    [
        ("https://{package}.h5p.example.org", None),
        ("https://h5p.example.org", None),
        ("https://h5p.example.org/{package}", "h5p.E001"),
        ("https://{package}{package}.example.org", "h5p.E001"),
    ],
)
def test_the_origin_template_is_checked(settings, origin, error):
    settings.SITE_URL = "https://training.example.org"
    settings.H5P_ORIGIN = origin
    ids = [message.id for message in run_checks() if message.id.startswith("h5p.")]
    assert ids == ([error] if error else [])


def test_a_cookie_domain_covering_the_package_origins_is_an_error(settings):
    settings.SITE_URL, settings.H5P_ORIGIN = "https://training.example.org", "https://{package}.h5p.example.org"
    settings.SESSION_COOKIE_DOMAIN = ".example.org"
    assert "h5p.E003" in [message.id for message in run_checks()]
