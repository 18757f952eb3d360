"""A real LTI 1.3 platform (tests/lti/platform_server.py) on a free loopback port, and helpers to launch from it."""
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import requests

from throwaway.servers import free_port, wait_for_port

SERVER = Path(__file__).with_name("platform_server.py")
CLIENT_ID = "vrp-training-tool"
DEPLOYMENT_ID = "deployment-1"


class RunningPlatform:
    def __init__(self, tool_base: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tool_base = tool_base
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), str(self.port), tool_base, CLIENT_ID, DEPLOYMENT_ID],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def details(self) -> dict:
        """What the platform's administrator gives the partnership team to register it."""
        return {"issuer": self.base, "client_id": CLIENT_ID, "deployment_ids": [DEPLOYMENT_ID],
                "keyset_url": self.base + "/jwks", "auth_url": self.base + "/auth",
                "token_url": self.base + "/token"}

    def start_url(self, **hint) -> str:
        return self.base + "/start?" + urlencode({"hint": json.dumps(hint)})

    def course_url(self, **hint) -> str:
        return self.base + "/course?" + urlencode({"hint": json.dumps(hint)})

    def received(self) -> dict:
        return requests.get(self.base + "/received", timeout=5).json()


@pytest.fixture
def lti_platform():
    platform = RunningPlatform("http://testserver")
    yield platform
    platform.stop()


@pytest.fixture
def registered_platform(lti_platform, db):
    from accounts.models import Organisation
    from partners.lti import services

    organisation = Organisation.objects.create(name="Wiltshire Police", sector="police")
    details = lti_platform.details()
    services.platform_save(organisation=organisation, name="Wiltshire Police Moodle", **details)
    lti_platform.organisation = organisation
    return lti_platform


def form_fields(page: str) -> tuple[str, dict]:
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', page).group(1))
    fields = {unescape(name): unescape(value)
              for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}
    return action, fields


def platform_launch_form(client, platform, **hint) -> tuple[str, dict]:
    """The platform starts a login, our tool answers with its auth redirect, the platform signs the launch:
    returns the launch form (action, id_token and state) the platform's page would POST to the tool."""
    start = requests.get(platform.start_url(**hint), allow_redirects=False, timeout=5)
    login_url = urlsplit(start.headers["Location"])
    answer = client.get(login_url.path + "?" + login_url.query)
    assert answer.status_code == 302, answer.content.decode()[:500]
    auth = requests.get(answer["Location"], timeout=5)
    assert auth.status_code == 200, auth.text
    return form_fields(auth.text)


def launch(client, platform, *, frame: bool = True, **hint):
    action, fields = platform_launch_form(client, platform, **hint)
    headers = {"HTTP_SEC_FETCH_DEST": "iframe"} if frame else {"HTTP_SEC_FETCH_DEST": "document"}
    return client.post(urlsplit(action).path, fields, **headers), fields
