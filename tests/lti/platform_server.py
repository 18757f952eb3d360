"""A throwaway LTI 1.3 platform (an LMS) for tests, built on lti1p3platform and run as its own process.

    python tests/lti/platform_server.py PORT TOOL_BASE_URL [CLIENT_ID] [DEPLOYMENT_ID]

It has its own RSA key and JWKS, starts logins to the tool (third-party initiation), signs launches (resource
links and deep linking requests), accepts the tool's deep linking response, issues service tokens against the
tool's JWKS, and receives scores at its line items. GET /received answers what it has received, as JSON.

Knobs for refusal tests travel in the login hint (`test` in the hint's JSON): "expired" signs a token that ran
out ten minutes ago, "other-deployment" names a deployment nobody registered, "other-audience" addresses the
token to another client, "rogue-key" signs with a key the JWKS does not hold.
"""
import html
import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request

REGISTRATION_TOKEN = "registration-token-1"
ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
ROLE_INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def new_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_of(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


class Platform:
    def __init__(self, base: str, tool: str, client_id: str, deployment_id: str):
        self.base = base
        self.tool = tool.rstrip("/")
        private = new_private_key()
        self.rogue_key = new_private_key()
        self.registration = (
            Registration().set_iss(base).set_client_id(client_id).set_deployment_id(deployment_id)
            .set_oidc_login_url(self.tool + "/lti/login/").set_launch_url(self.tool + "/lti/launch/")
            .set_deeplink_launch_url(self.tool + "/lti/launch/").set_tool_key_set_url(self.tool + "/lti/jwks.json")
            .set_platform_private_key(private).set_platform_public_key(public_of(private))
        )
        self.received = {"scores": [], "deep_link_items": [], "token_requests": 0}
        self.lock = threading.Lock()


class PlatformConfig(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs):
        return self._registration


class QueryRequest(Request):
    def build_metadata(self, request):
        return {"method": "GET", "form_data": {}, "get_data": request, "headers": {}, "content_type": None,
                "path": "", "json": None}


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    """One launch message; `test` bends one rule so the tool's refusal can be seen."""

    test = ""
    rogue_key = ""

    def get_launch_message(self, include_extra_claims=True):
        message = super().get_launch_message(include_extra_claims)
        if self.test == "other-deployment":
            message["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = "nobody-registered-this"
        if self.test == "other-audience":
            message["aud"] = message["azp"] = "some-other-tool"
        return message

    def generate_launch_request(self):
        if self.test == "expired":
            self.set_id_token_expiration(-600)
        data = super().generate_launch_request()
        if self.test == "rogue-key":
            header, body, _ = data["id_token"].split(".")
            import base64

            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            kid = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))).get("kid")
            data["id_token"] = Registration.encode_and_sign(claims, self.rogue_key, headers={"kid": kid})
        return data

    def render_launch_form(self, launch_data, **kwargs):
        fields = "".join(f'<input type="hidden" name="{name}" value="{html.escape(str(launch_data[name]))}">'
                         for name in ("id_token", "state"))
        return (f'<!doctype html><html lang="en"><title>Launching</title><body>'
                f'<form id="launch" method="post" action="{html.escape(launch_data["launch_url"])}">{fields}'
                f'<button>Continue</button></form>'
                f'<script>document.getElementById("launch").submit()</script></body></html>')


class Handler(BaseHTTPRequestHandler):
    platform: Platform

    def log_message(self, *args):
        pass

    def _send(self, status, body, content_type="text/html; charset=utf-8", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status, value):
        self._send(status, json.dumps(value), "application/json")

    def _form(self):
        length = int(self.headers.get("Content-Length") or 0)
        return dict(parse_qsl(self.rfile.read(length).decode()))

    def do_GET(self):
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        platform = self.platform
        if parts.path == "/jwks":
            return self._json(200, {"keys": platform.registration.get_jwks()})
        if parts.path == "/received":
            with platform.lock:
                return self._json(200, platform.received)
        if parts.path == "/start":
            # Third-party login initiation: the hint carries who launches what, as an LMS keeps in its session.
            login = Login(None, PlatformConfig(registration=platform.registration))
            login.set_lti_message_hint(hint=query.get("hint", "{}"))
            if json.loads(query.get("hint", "{}")).get("kind") == "deep_link":
                login.set_deeplinking_launch_url()
            url = login.initiate_login(json.loads(query.get("hint", "{}")).get("sub", "anonymous"))
            return self._send(302, "", headers={"Location": url})
        if parts.path == "/course":
            # The course page frames the tool, as Moodle does with "embed".
            src = "/start?" + urlencode({"hint": query.get("hint", "{}")})
            return self._send(200, f'<!doctype html><html lang="en"><title>Partner course</title><body>'
                                   f'<h1>Partner course</h1><iframe title="Training module" src="{html.escape(src)}" '
                                   f'width="900" height="700"></iframe></body></html>')
        if parts.path == "/auth":
            return self._authorise(query)
        if parts.path == "/.well-known/openid-configuration":
            return self._json(200, {
                "issuer": platform.base, "authorization_endpoint": platform.base + "/auth",
                "token_endpoint": platform.base + "/token", "jwks_uri": platform.base + "/jwks",
                "registration_endpoint": platform.base + "/register",
                "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                    "product_family_code": "test-lms", "version": "1",
                    "messages_supported": [{"type": "LtiResourceLinkRequest"}, {"type": "LtiDeepLinkingRequest"}]},
            })
        return self._send(404, "not found")

    def _authorise(self, query):
        platform = self.platform
        hint = json.loads(query.get("lti_message_hint") or "{}")
        if query.get("client_id") != platform.registration.get_client_id():
            return self._send(400, "unknown client")
        config = PlatformConfig(registration=platform.registration)
        launch = Launch(QueryRequest(query), config)
        launch.test = hint.get("test", "")
        launch.rogue_key = platform.rogue_key
        launch.set_user_data(hint.get("sub", "anonymous"), [hint.get("role", ROLE_LEARNER)],
                             full_name=hint.get("name"), email_address=hint.get("email"))
        launch.set_launch_context_claim("course-1", ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
                                 "Partner course", "PC1")
        if hint.get("kind") == "deep_link":
            launch.set_dl(platform.base + "/deeplink-return", title="Partner course")
        else:
            link = hint.get("link", "link-1")
            launch.set_resource_link_claim(link, title=hint.get("title", "Module"))
            if hint.get("custom"):
                launch.set_custom_parameters_claim(hint["custom"])
            launch.set_ags(lineitems_url=platform.base + "/lineitems",
                           lineitem_url=platform.base + f"/lineitems/{link}")
        launch.set_launch_presentation_claim(document_target=hint.get("target", "iframe"))
        return self._send(200, launch.lti_launch())

    def do_POST(self):
        parts = urlsplit(self.path)
        platform = self.platform
        if parts.path == "/token":
            form = self._form()
            try:
                answer = PlatformConfig(registration=platform.registration).get_access_token(form)
            except Exception as error:  # noqa: BLE001 - the tool's request was wrong: say so, as a platform would
                return self._json(400, {"error": "invalid_client", "error_description": str(error)})
            with platform.lock:
                platform.received["token_requests"] += 1
            return self._json(200, answer)
        if parts.path == "/register":
            # LTI Dynamic Registration: the tool sends its configuration with the one-use token we gave it.
            if self.headers.get("Authorization") != "Bearer " + REGISTRATION_TOKEN:
                return self._json(401, {"error": "invalid registration token"})
            length = int(self.headers.get("Content-Length") or 0)
            tool = json.loads(self.rfile.read(length) or b"{}")
            with platform.lock:
                platform.received.setdefault("registrations", []).append(tool)
            answer = dict(tool, client_id=platform.registration.get_client_id())
            answer["https://purl.imsglobal.org/spec/lti-tool-configuration"] = dict(
                tool.get("https://purl.imsglobal.org/spec/lti-tool-configuration", {}),
                deployment_id=platform.registration.get_deployment_id())
            return self._json(200, answer)
        if parts.path == "/deeplink-return":
            form = self._form()
            try:
                items = PlatformConfig(registration=platform.registration).validate_deeplinking_resp(form)
            except Exception as error:  # noqa: BLE001
                return self._send(400, f"refused: {html.escape(str(error))}")
            with platform.lock:
                platform.received["deep_link_items"].extend(items)
            titles = "".join(f"<li>{html.escape(item.get('title') or '')}</li>" for item in items)
            return self._send(200, f'<!doctype html><html lang="en"><title>Added</title><body>'
                                   f'<h1>Added to your course</h1><ul>{titles}</ul></body></html>')
        if parts.path.startswith("/lineitems/") and parts.path.endswith("/scores"):
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            config = PlatformConfig(registration=platform.registration)
            try:
                allowed = config.validate_token(token, ["https://purl.imsglobal.org/spec/lti-ags/scope/score"])
            except Exception:  # noqa: BLE001
                allowed = False
            if not allowed:
                return self._json(401, {"error": "bad token"})
            length = int(self.headers.get("Content-Length") or 0)
            score = json.loads(self.rfile.read(length) or b"{}")
            score["lineitem"] = parts.path.removesuffix("/scores")
            with platform.lock:
                platform.received["scores"].append(score)
            return self._json(200, {})
        return self._send(404, "not found")


def main(argv):
    port, tool = int(argv[1]), argv[2]
    client_id = argv[3] if len(argv) > 3 else "tool-" + uuid.uuid4().hex[:8]
    deployment_id = argv[4] if len(argv) > 4 else "deployment-1"
    base = f"http://127.0.0.1:{port}"
    Handler.platform = Platform(base, tool, client_id, deployment_id)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
