"""The real OpenID Connect provider the federation tests start: a subprocess on a free loopback port.

It is tests/federation/idp (django-oauth-toolkit with OIDC, an RS256 key, discovery and JWKS), with its own SQLite
file in a temporary folder, people and a client created from setup.json, and the claims each person's next token
carries chosen by the test (claims.json). `sign_in_at_provider` plays the person at the provider's own sign-in
form over HTTP, for tests that drive the site with Django's test client.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from throwaway import servers as services

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "provider-password-1"
CLIENT_ID = "vrp-training-site"
CLIENT_SECRET = "site-secret-at-the-provider"
OTHER_CLIENT_ID = "another-service"
TENANT = "3f2a6c1e-0000-4000-8000-00000000a11e"
OTHER_TENANT = "9b1d0000-0000-4000-8000-0000000000ff"
PEOPLE = ["ada", "ben", "cara", "dev", "eve", "fay", "gus", "hal", "ivy", "jo", "kit", "lou"]


@dataclass
class Provider:
    port: int
    folder: Path
    process: subprocess.Popen
    chosen: dict = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/o"

    def choose_claims(self, person: str, **claims) -> None:
        """The claims `person`'s next ID token carries, over the defaults (their email, verified, our tenant)."""
        self.chosen[f"{person}@wiltshire.police.uk"] = claims
        (self.folder / "claims.json").write_text(json.dumps(self.chosen))

    def forget_claims(self) -> None:
        self.chosen = {"*": {"tid": TENANT}}
        (self.folder / "claims.json").write_text(json.dumps(self.chosen))


def start_provider() -> Provider:
    folder = Path(tempfile.mkdtemp(prefix="oidc-provider-"))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "rsa.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "setup.json").write_text(json.dumps({
        "users": [{"email": f"{name}@wiltshire.police.uk", "password": PASSWORD, "first_name": name.title(),
                   "last_name": "Officer"} for name in PEOPLE],
        "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                     "post_logout_redirect_uris": "http://testserver/"},
                    {"client_id": OTHER_CLIENT_ID, "client_secret": "other-secret"}],
    }))
    port = services.free_port()
    env = {**os.environ, "IDP_DIR": str(folder), "IDP_PORT": str(port), "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen([sys.executable, str(ROOT / "tests/federation/idp/serve.py")], env=env,
                               stdout=open(folder / "provider.log", "wb"), stderr=subprocess.STDOUT)
    try:
        services.wait_for_port(port, timeout=60)
    except TimeoutError:
        process.kill()
        raise RuntimeError((folder / "provider.log").read_text())
    provider = Provider(port=port, folder=folder, process=process)
    provider.forget_claims()
    return provider


def stop_provider(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(10)
    except subprocess.TimeoutExpired:
        provider.process.kill()


def sign_in_at_provider(authorize_url: str, person: str, session: requests.Session | None = None) -> str:
    """Sign in as `person` at the provider's own form and follow it back: the site's callback address it returns."""
    session = session or requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=20)
    for _ in range(10):
        location = response.headers.get("Location", "")
        if response.status_code in (301, 302, 303) and not location.startswith("http://testserver"):
            response = session.get(urljoin(response.url, location), allow_redirects=False, timeout=20)
            continue
        break
    if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        nxt = re.search(r'name="next" value="([^"]*)"', response.text).group(1).replace("&amp;", "&")
        response = session.post(response.url, data={"csrfmiddlewaretoken": token, "password": PASSWORD, "next": nxt,
                                                    "username": f"{person}@wiltshire.police.uk"},
                                headers={"Referer": response.url}, allow_redirects=False, timeout=20)
        for _ in range(10):
            location = response.headers.get("Location", "")
            if location.startswith("http://testserver"):
                break
            response = session.get(urljoin(response.url, location), allow_redirects=False, timeout=20)
    location = response.headers.get("Location", "")
    assert location.startswith("http://testserver"), (response.status_code, response.text[:500])
    return location.removeprefix("http://testserver")
