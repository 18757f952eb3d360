"""A real LRS for the tests: ralph's API on a free loopback port, which a test may stop and start again."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt
import httpx
import pytest

from throwaway.servers import free_port

# The H5P module fixtures (a module whose first lesson holds the demo H5P activity), for the end-to-end tests.
from tests.courses.conftest import build_course, site  # noqa: F401
from tests.courses.h5p.conftest import _origins, activity_id, h5p_course, h5p_lesson, xapi_url  # noqa: F401

KEY = "vrp-platform"
SECRET = "correct horse battery staple"
HERE = Path(__file__).resolve().parent


@dataclass
class Ralph:
    """ralph-malph's LRS, its statements kept in a folder that outlives a stop, so a restart keeps them."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
               "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "statements"),
               "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "statements")}
        self.process = subprocess.Popen([sys.executable, str(HERE / "ralph_server.py"), str(self.port)],
                                        cwd=self.folder, env=env, stdout=subprocess.DEVNULL,
                                        stderr=open(self.folder / "ralph.log", "ab"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("ralph exited: " + (self.folder / "ralph.log").read_text()[-2000:])
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError("ralph did not answer its heartbeat within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def statements(self) -> list[dict]:
        """Every statement ralph holds, read back through its own GET /xAPI/statements, in the order it received them
        (its file backend lists them so by default)."""
        found, url = [], f"http://127.0.0.1:{self.port}/xAPI/statements?limit=500"
        while url:
            response = httpx.get(url, auth=(KEY, SECRET), headers={"X-Experience-API-Version": "1.0.3"}, timeout=10)
            assert response.status_code == 200, response.text
            body = response.json()
            found.extend(body["statements"])
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return found


@pytest.fixture
def ralph():
    folder = Path(tempfile.mkdtemp(prefix="ralph-test-"))
    (folder / "statements").mkdir()
    hashed = bcrypt.hashpw(SECRET.encode(), bcrypt.gensalt(rounds=4)).decode()
    (folder / "auth.json").write_text(json.dumps([
        {"agent": {"mbox": "mailto:lrs-admin@partner.example"}, "scopes": ["all"], "hash": hashed,
         "username": KEY}]))
    server = Ralph(folder=folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def make_destination(db):
    from partners.lrs import services
    from partners.lrs.models import LrsDestination

    def make(endpoint: str, *, organisation=None, secret: str = SECRET, **fields):
        destination = LrsDestination(name=fields.pop("name", "Partner LRS"), organisation=organisation,
                                     endpoint=endpoint, key=fields.pop("key", KEY), **fields)
        return services.destination_save(destination=destination, secret=secret)

    return make
