"""The H5P host is recognised however its name is spelt: another case or a trailing dot gets the H5P rules."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PACKAGE = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.H5P_ORIGIN = "http://p{package}.localhost:8001"


@pytest.mark.parametrize(
    "host",
    [f"p{PACKAGE}.localhost:8001", f"P{PACKAGE.upper()}.LOCALHOST:8001", f"p{PACKAGE}.localhost.:8001",
     f"P{PACKAGE}.Localhost.:8001"],
)
def test_the_sites_pages_are_never_served_on_a_spelling_of_the_h5p_host(host, site_pages):
    client = Client(raise_request_exception=False)
    for path in ("/", "/account/login/", "/my-learning/", "/admin/"):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 404, (host, path, response.status_code)


def test_the_site_itself_is_unaffected(client, site_pages):
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 200
