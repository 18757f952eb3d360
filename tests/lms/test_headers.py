"""Every kind of site page carries the Content Security Policy, Permissions-Policy and COOP, with no inline script."""
import re

import pytest
from django.urls import reverse

from lms.security import origin_source

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)


def directives(response) -> dict[str, list[str]]:
    return {words[0]: words[1:] for words in (part.split() for part in response["Content-Security-Policy"].split(";"))
            if words}


@pytest.mark.parametrize("path", ["/", "/account/login/", "/account/signup/", "/certificates/verify/"])
def test_public_pages_carry_the_policy_and_no_inline_script(client, site_pages, settings, path):
    settings.H5P_ORIGIN = "https://h5p.vrp-content.example"
    response = client.get(path)
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "https://h5p.vrp-content.example" in csp["frame-src"]
    assert csp["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert not INLINE_SCRIPT.search(response.content.decode()), "an inline script would be blocked"


def test_staff_pages_carry_the_policy(client, make_user, site_pages):
    from accounts import roles

    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    response = client.get(reverse("accounts:pending_members"), follow=True)
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_a_per_package_h5p_origin_becomes_a_wildcard_frame_source(client, site_pages, settings):
    settings.H5P_ORIGIN = "https://{package}.h5p.vrp-content.example"
    assert "https://*.h5p.vrp-content.example" in directives(client.get("/"))["frame-src"]


@pytest.mark.parametrize("url, expected", [
    ("https://h5p.example.org", "https://h5p.example.org"),
    ("https://{package}.h5p.example.org", "https://*.h5p.example.org"),
    ("http://localhost:8001", "http://localhost:8001"),
    ("", None),
])
def test_origin_source(url, expected):
    assert origin_source(url) == expected


def test_media_on_another_origin_is_allowed_for_images_only_by_origin(client, site_pages, settings):
    settings.MEDIA_URL = "https://media.vrp.example/uploads/"
    csp = directives(client.get("/"))
    assert "https://media.vrp.example" in csp["img-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
