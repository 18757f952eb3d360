"""Helpers for benchmarks: a gunicorn server on loopback, a bounded load generator, signed-in sessions.

Everything runs on 127.0.0.1 with bounded request counts and durations. The machine is shared,
so each figure is the median of several short runs.
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(*, workers: int = 2, extra_env: dict | None = None, threads: int = 1):
    """Start gunicorn with the bench settings against the bench database; yield its base URL."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.bench", **(extra_env or {})}
    command = [
        sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--no-control-socket",
        "--log-level", "warning", "--timeout", "60",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start within 30 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def session_cookie_for(user) -> str:
    """A signed-in session for `user`, made directly in the bench database (no login form round trip)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def second_factor_record(client, user) -> None:
    """Mark a test client's session as having passed the user's authenticator, as allauth does after the code
    step: staff pages refuse a session that signed in with a password alone (accounts.mfa)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    request = RequestFactory().get("/")
    request.session, request.user = session, user
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()


def measure_load(
    base_url: str,
    *,
    path: str | None = None,
    request_fn=None,
    method: str = "GET",
    headers: dict | None = None,
    concurrency: int = 10,
    duration: float = 8.0,
    max_requests: int = 20000,
    warmup: int = 20,
) -> dict:
    """Send requests from `concurrency` threads with keep-alive for at most `duration` seconds.

    Either give `path` (same request each time) or `request_fn(i) -> (method, path, body, headers)`.
    Returns requests, errors, requests per second, and p50/p99 latency in milliseconds.
    """
    parts = urlsplit(base_url)
    host, port = parts.hostname, parts.port
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop_at = 0.0

    def one_request(conn, i):
        if request_fn is not None:
            m, p, body, extra = request_fn(i)
        else:
            m, p, body, extra = method, path, None, {}
        conn.request(m, p, body=body, headers={**(headers or {}), **(extra or {})})
        response = conn.getresponse()
        response.read()
        return response.status

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=30)
        local, local_errors = [], 0
        while True:
            i = next(counter)
            if i >= max_requests + warmup or time.monotonic() > stop_at:
                break
            started = time.perf_counter()
            try:
                status = one_request(conn, i)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                status = 599
            elapsed = time.perf_counter() - started
            if i < warmup:
                continue
            if status >= 400:
                local_errors += 1
            local.append(elapsed)
        conn.close()
        with lock:
            latencies.extend(local)
            errors += local_errors

    stop_at = time.monotonic() + duration
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def percentile(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "errors": errors,
        "concurrency": concurrency,
        "requests_per_second": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(percentile(0.50), 2),
        "p99_ms": round(percentile(0.99), 2),
    }


def median_of(runs: list[dict]) -> dict:
    """The run with the median requests per second, with every run's figure kept beside it."""
    ordered = sorted(runs, key=lambda run: run["requests_per_second"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["runs_requests_per_second"] = [run["requests_per_second"] for run in runs]
    chosen["runs_p99_ms"] = [run["p99_ms"] for run in runs]
    return chosen


# --- synthetic people and sessions the benchmarks book into (their own data, not the tests') -----------------

def person(role: str, *, email: str, password: str | None = None, **fields):
    """An approved account with one role (accounts.roles), made as the benchmarks need it."""
    from accounts import roles
    from accounts.models import MembershipStatus, User

    roles.ensure_roles()
    fields.setdefault("membership_status", MembershipStatus.APPROVED)
    user = User.objects.create_user(email=email, password=password, full_name=email.split("@")[0].title(), **fields)
    roles.assign_role(user, role)
    return user


def session_type(year_group: int):
    """A session type of the demo (schools.demo) that takes `year_group`, loading the demo's types if need be."""
    from schools.demo import seed_session_types
    from schools.models import SessionTypePage

    kinds = list(SessionTypePage.objects.live().order_by("path")) or seed_session_types()
    for kind in kinds:
        if year_group in (kind.year_groups or []):
            return kind
    raise RuntimeError(f"No session type of the demo takes year {year_group}")


def slot(kind, *, days: int, capacity: int, hour: int = 10):
    """A session of `kind` `days` from today at `hour` o'clock (UK time), with room for `capacity` pupils."""
    from datetime import datetime, timedelta
    from datetime import time as clock

    from django.utils import timezone

    from schools.models import Session

    starts = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), clock(hour, 0)))
    return Session.objects.create(session_type=kind, starts_at=starts, capacity=capacity,
                                  ends_at=starts + timedelta(minutes=kind.duration_minutes))
