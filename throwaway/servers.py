"""Throwaway PostgreSQL and Redis servers on free loopback ports, for integration tests.

When a server's binaries are missing the tests that need it skip with the reason, unless
REQUIRE_SERVICES=1 (as .ci/run sets), when they fail instead. Each pytest-xdist worker starts servers of its
own (session fixtures are per worker), so parallel tests never share a database or a Redis.
"""
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def unavailable(reason: str):
    # Imported here: bin/serve-prod and .ci/with-postgres use these servers outside pytest.
    import pytest

    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this fails instead of skipping)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"Nothing listened on port {port} within {timeout} s")


TEMPLATE_DATABASE = "vrp_migrated_template"


@dataclass
class PostgresServer:
    port: int
    url_base: str
    _template_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def url(self, database: str = "postgres") -> str:
        return f"{self.url_base}/{database}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        import psycopg

        for attempt in range(20):
            try:
                with psycopg.connect(self.url(), autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
                return self.url(name)
            except psycopg.errors.ObjectInUse:
                # Another process is copying the same template this instant; PostgreSQL copies one at a time.
                if attempt == 19:
                    raise
                time.sleep(0.2)
        raise AssertionError("unreachable")

    def migrated_database(self, name: str) -> str:
        """A new database with every migration applied, for tests whose subject is not the migrations.

        Migrating the project takes a minute on a busy 2-core machine; copying a database migrated once per
        server (PostgreSQL's CREATE DATABASE ... TEMPLATE) takes under a second. Every process sharing the server
        (the xdist workers and the serial pass, under .ci/with-postgres) uses the same template.
        """
        import fcntl

        import psycopg

        lock_path = Path(tempfile.gettempdir()) / f"vrp-test-template-{self.port}.lock"
        with self._template_lock, open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with psycopg.connect(self.url(), autocommit=True) as conn:
                ready = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE_DATABASE]).fetchone()
                if not ready:
                    # Built under another name and renamed when complete, so the template's name means "migrated".
                    building = f"{TEMPLATE_DATABASE}_building"
                    conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
                    conn.execute(f'CREATE DATABASE "{building}"')
                    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test",
                           "TEST_DATABASE_URL": self.url(building)}
                    result = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                                            env=env, capture_output=True, text=True, timeout=900)
                    if result.returncode != 0:
                        raise RuntimeError(f"Migrating the template database failed:\n{result.stdout}\n{result.stderr}")
                    conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{TEMPLATE_DATABASE}"')
        return self.create_database(name, template=TEMPLATE_DATABASE)


def shared_postgres() -> "PostgresServer | None":
    """The server .ci/with-postgres started for the whole run (TEST_POSTGRES_SERVER), if there is one."""
    base = os.environ.get("TEST_POSTGRES_SERVER")
    if not base:
        return None
    return PostgresServer(port=int(base.rsplit(":", 1)[1]), url_base=base)


def _postgres_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def start_postgres():
    """Yield a running throwaway PostgreSQL server, then stop it and delete its files."""
    bindir = _postgres_bin()
    if bindir is None:
        unavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    workdir = Path(tempfile.mkdtemp(prefix="pg-test-"))
    datadir, sockdir = workdir / "data", workdir / "sock"
    sockdir.mkdir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; run it as the postgres user the package created.
        shutil.chown(workdir, "postgres")
        shutil.chown(sockdir, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [*as_postgres, str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True, env=env,
    )
    # Another process (an xdist worker, another test run) may take the free port between our check and the
    # server's start: then start again on another.
    for attempt in range(5):
        port = free_port()
        options = (f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
                   "-c synchronous_commit=off")
        started = subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(workdir / "log"),
             "-w", "start"],
            capture_output=True, env=env,
        )
        if started.returncode == 0:
            break
        if attempt == 4:
            raise RuntimeError(f"PostgreSQL did not start: {(workdir / 'log').read_text()[-2000:]}")
    try:
        yield PostgresServer(port=port, url_base=f"postgresql://postgres@127.0.0.1:{port}")
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"],
            capture_output=True, env=env,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class RedisServer:
    port: int

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def start_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed")
    workdir = Path(tempfile.mkdtemp(prefix="redis-test-"))
    # Another process (an xdist worker) may take the free port between our check and the server's start; then
    # this server exits at once (and the port answers for the other one): start again on another port.
    for attempt in range(5):
        port = free_port()
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(port)
        time.sleep(0.05)
        if process.poll() is None:
            break
        if attempt == 4:
            raise RuntimeError(f"redis-server exited with status {process.returncode} on port {port}")
    try:
        yield RedisServer(port=port)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
