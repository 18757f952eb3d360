"""`make serve-prod` (bin/serve-prod) as an operator runs it: it serves the site behind the documented proxy headers,
its Celery worker runs tasks, and SIGTERM stops every process it started, the throwaway PostgreSQL and Redis too."""
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from throwaway import servers
from throwaway import stack

pytestmark = [pytest.mark.deploy, pytest.mark.services, pytest.mark.alone]


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


wait_for_line = stack.wait_for_line


def celery_ping(broker_url: str) -> str:
    """Send the `lms.ping` task through the broker and wait for a worker's answer."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.test", "CELERY_BROKER_URL": broker_url})
    result = subprocess.run(
        [sys.executable, "-c", "from lms.celery import app; "
                               "print(app.send_task('lms.ping', args=['served']).get(timeout=30))"],
        cwd=stack.ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


def test_serve_prod_serves_runs_tasks_and_stops_everything_on_sigterm(tmp_path):
    # It starts its own throwaway servers: skip (or fail, under REQUIRE_SERVICES=1) where they cannot run.
    if servers._postgres_bin() is None:
        servers.unavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if shutil.which("redis-server") is None:
        servers.unavailable("redis-server is not installed")
    port = servers.free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CELERY_", "TEST_DATABASE", "DATABASE_URL", "CACHE_URL", "MEDIA_ROOT",
                                  "STATIC_ROOT", "SECRET_KEY"))}
    env.update({"PORT": str(port), "LOG_LEVEL": "ERROR"})
    log = tmp_path / "serve-prod.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "bin/serve-prod"], cwd=stack.ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        database = wait_for_line(log, r"Throwaway PostgreSQL: postgresql://\S+:(\d+)/", process, 30)
        broker = wait_for_line(log, r"Throwaway Redis: (redis://127\.0\.0\.1:(\d+)/\d+)", process, 30)
        wait_for_line(log, r"Serving the production settings", process, 240)
        servers.wait_for_port(port, timeout=30)

        client = stack.ProxiedClient(port=port, host=stack.SITE_HOST)
        home = client.get("/")
        assert home.status == 200, f"The home page answered {home.status}:\n{log.read_text()[-3000:]}"
        stylesheet = stack.parse(home).stylesheets[0]
        asset = client.get(stylesheet)
        assert asset.status == 200 and asset.body, f"{stylesheet} answered {asset.status}"
        assert client.get("/", headers={"X-Forwarded-Proto": "http"}).status == 301  # the proxy header is trusted

        assert celery_ping(broker.group(1)) == "served"

        started = descendants(process.pid)
        commands = " ".join(Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ") for pid in started
                            if alive(pid))
        assert "gunicorn" in commands and "celery -A lms worker" in commands and "celery -A lms beat" in commands
        ports = {"gunicorn": port, "PostgreSQL": int(database.group(1)), "Redis": int(broker.group(2))}
        assert all(listening(p) for p in ports.values())

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, log.read_text()[-3000:]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    left = [Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ") for pid in started if alive(pid)]
    assert not left, f"Still running after SIGTERM: {left}"
    assert not [name for name, p in ports.items() if listening(p)], "A server still listens after SIGTERM"
