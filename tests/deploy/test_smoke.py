"""Deploy smoke test: the production settings, collectstatic and gunicorn behind a TLS proxy serve every kind of page.

Run alone with `pytest -m deploy`. Each page answers 200 and so does every stylesheet and script it links,
so a missing manifest entry or a broken static file shows here before a real deployment finds it.
"""
import re
from urllib.parse import urlsplit

import pytest

from throwaway import stack
from tests.deploy.conftest import PASSWORD, TOTP_SECRET

pytestmark = [pytest.mark.deploy, pytest.mark.services, pytest.mark.alone]


totp_now = stack.totp_now


def sign_in(client: stack.ProxiedClient, email: str) -> None:
    stack.sign_in(client, email, password=PASSWORD, totp_secret=TOTP_SECRET)


def csp_directives(response: stack.Response) -> dict[str, list[str]]:
    policy = response.header("Content-Security-Policy") or ""
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response: stack.Response, path: str, *, host: str, inline_scripts: int) -> None:
    csp = csp_directives(response)
    assert csp, f"{host}{path} has no Content-Security-Policy"
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert "max-age=" in (response.header("Strict-Transport-Security") or "")
    if host.endswith(f".{stack.CONTENT_DOMAIN}"):
        # The player's own policy: framed only by the site.
        assert csp["frame-ancestors"] == [f"https://{stack.SITE_HOST}"], csp
        return
    assert response.header("Cross-Origin-Opener-Policy") == "same-origin"
    assert "camera=()" in (response.header("Permissions-Policy") or "")
    if path.startswith("/admin/"):
        return
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"], csp
    assert f"https://*.h5p.{stack.CONTENT_DOMAIN}" in csp["frame-src"], csp
    assert csp["object-src"] == ["'none'"]
    assert inline_scripts == 0, f"{path} has {inline_scripts} inline script(s), which the policy blocks"
    for cookie in response.header_all("Set-Cookie"):
        name = cookie.split("=", 1)[0]
        assert name.startswith("__Host-"), f"{path} sets the cookie {name} without the __Host- prefix"
        assert "Secure" in cookie and "Path=/" in cookie and "Domain=" not in cookie, cookie


def assert_page_and_assets(client: stack.ProxiedClient, path: str, asset_client: stack.ProxiedClient | None = None):
    response = client.follow(path)
    assert response.status == 200, f"{client.host}{path} answered {response.status}:\n{response.text[:3000]}"
    links = stack.parse(response)
    assert_security_headers(response, path, host=client.host, inline_scripts=links.inline_scripts)
    assets = links.stylesheets + links.scripts
    assert assets, f"{path} links no stylesheet or script"
    for url in assets:
        parts = urlsplit(url)
        fetcher = asset_client or client
        if parts.netloc and parts.netloc != fetcher.host:
            fetcher = stack.ProxiedClient(port=client.port, host=parts.netloc)
        asset = fetcher.get(parts.path)
        assert asset.status == 200, f"{url}, linked from {path}, answered {asset.status}"
        assert asset.body, f"{url} is empty"
        # The manifest storage serves hashed names, which can be cached for ever.
        if parts.path.startswith("/static/"):
            assert re.search(r"\.[0-9a-f]{12}\.", parts.path), f"{url} is not a hashed static file name"
    return response, links


def test_public_pages_and_their_assets(production_stack):
    client = production_stack.client()
    for path in ["/", "/modules/", "/account/login/", "/account/signup/", "/certificates/verify/",
                 "/admin/login/"]:
        assert_page_and_assets(client, path)


def test_signing_in_gives_host_only_secure_cookies(production_stack):
    client = production_stack.client()
    sign_in(client, "learner@deploy.test")
    # __Host-known_device marks a browser that has signed in, for the per-account sign-in limit (accounts.adapter).
    assert set(client.cookies) == {"__Host-csrftoken", "__Host-sessionid", "__Host-known_device"}


def test_plain_http_is_sent_to_https(production_stack):
    client = production_stack.client()
    response = client.get("/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.header("Location") == f"https://{stack.SITE_HOST}/"


def test_jwks_answers_with_the_configured_key(production_stack):
    response = production_stack.client().get("/certificates/issuer/jwks.json")
    assert response.status == 200
    assert '"OKP"' in response.text


def test_learner_reads_a_lesson_and_the_h5p_player_plays_on_its_origin(production_stack):
    client = production_stack.client()
    sign_in(client, "learner@deploy.test")
    catalogue, links = assert_page_and_assets(client, "/modules/")
    module_paths = sorted({urlsplit(href).path for href in links.links
                           if re.fullmatch(r"/modules/[\w-]+/", urlsplit(href).path)})
    assert module_paths, "The catalogue lists no module"
    # The module page offers its lessons; open each module until one has an H5P lesson.
    played = False
    lesson_seen = False
    for module_path in module_paths:
        _, module_links = assert_page_and_assets(client, module_path)
        lesson_paths = sorted({urlsplit(href).path for href in module_links.links
                               if urlsplit(href).path.startswith(module_path) and urlsplit(href).path != module_path})
        for lesson_path in lesson_paths:
            lesson, lesson_links = assert_page_and_assets(client, lesson_path)
            if "/evaluation/before/" in client.last_path:
                # The module first asks how confident the learner feels; skipping is allowed.
                evaluation = client.last_path
                client.post_form(evaluation, {"skip": "1"}, referer_path=evaluation)
                lesson, lesson_links = assert_page_and_assets(client, lesson_path)
                assert client.last_path == lesson_path, f"{lesson_path} still goes to {client.last_path}"
            lesson_seen = True
            for frame in lesson_links.frames:
                parts = urlsplit(frame)
                assert parts.netloc.endswith(f".h5p.{stack.CONTENT_DOMAIN}"), f"{frame} is not on an H5P origin"
                h5p = stack.ProxiedClient(port=client.port, host=parts.netloc)
                assert_page_and_assets(h5p, parts.path)
                played = True
            if played:
                break
        if played:
            break
    assert lesson_seen, "No lesson page was reachable from the catalogue"
    assert played, "No demo lesson embeds the H5P player"


@pytest.mark.parametrize("email", ["staff@deploy.test", "lead@deploy.test", "editor@deploy.test",
                                   "admin@deploy.test"])
def test_staff_pages_and_admin(production_stack, email):
    client = production_stack.client()
    sign_in(client, email)
    home = client.follow("/")
    assert home.status == 200
    # Every link the header offers this person (reports, members, certificates, admin) answers 200.
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", home.text, re.S)
    assert nav, "The home page has no navigation"
    paths = sorted({urlsplit(href).path for href in stack.parse(stack.Response(200, [], nav.group(1).encode())).links
                    if href.startswith("/") and not href.startswith("/account/logout")})
    assert len(paths) >= 2, f"{email} sees too few links: {paths}"
    for path in paths:
        if path.startswith("/admin/"):
            response = client.follow(path)
            assert response.status == 200, f"{path} answered {response.status} for {email}"
        else:
            assert_page_and_assets(client, path)
