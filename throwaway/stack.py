"""A production deployment on this machine, for the deploy tests and the journeys benchmark: built assets,
collectstatic, gunicorn behind a TLS proxy, and a client that signs in through the real forms.

The proxy is simulated: every request carries `X-Forwarded-Proto: https` and an `X-Forwarded-For`
address, as the documented TLS-terminating proxy in front of gunicorn would send them.
"""
import base64
import hashlib
import hmac
import html.parser
import http.client
import os
import re
import secrets
import subprocess
import struct
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from . import servers

ROOT = Path(__file__).resolve().parent.parent
SITE_HOST = "learn.vrp.example"
CONTENT_DOMAIN = "vrp-content.example"
# One origin per package: {package} becomes the package's id.
H5P_ORIGIN = f"https://{{package}}.h5p.{CONTENT_DOMAIN}"
SCORM_ORIGIN = f"https://{{package}}.scorm.{CONTENT_DOMAIN}"


def ed25519_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def production_env(*, database_url: str, workdir: Path, cache_url: str = "", broker_url: str = "") -> dict[str, str]:
    """The environment a correct production deployment runs with."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "TEST_DATABASE", "CACHE_URL", "DATABASE_URL"))
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": f"{SITE_HOST},.h5p.{CONTENT_DOMAIN},.scorm.{CONTENT_DOMAIN}",
        "SITE_URL": f"https://{SITE_HOST}",
        "H5P_ORIGIN": H5P_ORIGIN,
        "SCORM_ORIGIN": SCORM_ORIGIN,
        "OPEN_BADGES_SIGNING_KEY": ed25519_pem(),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
    })
    if cache_url:
        env["CACHE_URL"] = cache_url
    if broker_url:
        env["CELERY_BROKER_URL"] = broker_url
    return env


def manage(env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build_assets() -> None:
    result = subprocess.run(["node", "static/src/build.mjs"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"The asset build failed:\n{result.stdout}\n{result.stderr}")
    (ROOT / "static" / "build" / ".built").touch()


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class ProxiedClient:
    """Talks to gunicorn as the TLS proxy would, keeping cookies per host (Secure ones too: the proxy is TLS)."""

    port: int
    host: str
    client_ip: str = "203.0.113.10"
    cookies: dict[str, str] = field(default_factory=dict)
    last_path: str = ""

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        all_headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            "User-Agent": "deploy-smoke-test",
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        raw = conn.getresponse()
        response = Response(raw.status, raw.getheaders(), raw.read())
        conn.close()
        for set_cookie in raw.msg.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(set_cookie)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict, *, referer_path: str) -> Response:
        csrf = next((v for k, v in self.cookies.items() if k.endswith("csrftoken")), "")
        return self.request(
            "POST", path, body=urlencode({"csrfmiddlewaretoken": csrf, **data}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Referer": f"https://{self.host}{referer_path}", "Origin": f"https://{self.host}"},
        )

    def follow(self, path: str, limit: int = 5) -> Response:
        """GET, following redirects that stay on this host."""
        response = self.get(path)
        for _ in range(limit):
            if response.status not in (301, 302, 303, 307, 308):
                break
            location = urljoin(f"https://{self.host}{path}", response.header("Location"))
            parts = urlsplit(location)
            assert parts.netloc == self.host, f"{path} redirected off the site to {location}"
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = self.get(path)
        self.last_path = path
        return response


class LinkParser(html.parser.HTMLParser):
    """Collects the stylesheets, scripts, iframes and links of a page."""

    def __init__(self):
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.inline_scripts = 0
        self.frames: list[str] = []
        self.links: list[str] = []
        self.inputs: dict[str, str] = {}
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "script":
            if attrs.get("src"):
                self.scripts.append(attrs["src"])
            elif (attrs.get("type") or "text/javascript") not in ("application/json", "application/ld+json"):
                self.inline_scripts += 1
        elif tag == "iframe" and attrs.get("src"):
            self.frames.append(attrs["src"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "input" and attrs.get("name"):
            self.inputs[attrs["name"]] = attrs.get("value") or ""


def parse(response: Response) -> LinkParser:
    parser = LinkParser()
    parser.feed(response.text)
    return parser


@dataclass
class Stack:
    port: int
    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen

    def client(self, host: str = SITE_HOST, **kwargs) -> ProxiedClient:
        return ProxiedClient(port=self.port, host=host, **kwargs)


def start_gunicorn(env: dict[str, str], *, workers: int = 2) -> tuple[subprocess.Popen, int]:
    port = servers.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--no-control-socket", "--forwarded-allow-ips", "127.0.0.1",
         "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        servers.wait_for_port(port, timeout=60)
    except TimeoutError:
        process.kill()
        raise AssertionError(f"gunicorn did not start:\n{process.stdout.read()}")
    return process, port


def make_workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="deploy-"))


def totp_now(secret: str) -> str:
    """The six-digit code an authenticator app shows now for `secret` (RFC 6238, 30-second steps)."""
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def sign_in(client: ProxiedClient, email: str, *, password: str, totp_secret: str) -> None:
    """Sign in through the real form, then the second-factor step if the account asks for it."""
    client.get("/account/login/")
    response = client.post_form("/account/login/", {"login": email, "password": password},
                                referer_path="/account/login/")
    assert response.status == 302, f"Signing in as {email} answered {response.status}:\n{response.text[:2000]}"
    if "/2fa/authenticate" in (response.header("Location") or ""):
        location = urlsplit(response.header("Location")).path
        client.get(location)
        response = client.post_form(location, {"code": totp_now(totp_secret)}, referer_path=location)
        assert response.status == 302, f"The second factor for {email} answered {response.status}"


def wait_for_line(log: Path, pattern: str, process: subprocess.Popen, timeout: float) -> re.Match:
    """The first match of `pattern` in bin/serve-prod's log, waiting up to `timeout` seconds while it runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, log.read_text())
        if match:
            return match
        assert process.poll() is None, f"bin/serve-prod exited early:\n{log.read_text()[-4000:]}"
        time.sleep(0.2)
    raise AssertionError(f"bin/serve-prod did not print {pattern!r} within {timeout} s:\n{log.read_text()[-4000:]}")
