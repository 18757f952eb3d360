"""Every rate limit counts a sliding window: 305 requests either side of a minute boundary meet a 429."""
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Just before a minute boundary (UTC), where a fixed per-minute count would start again from nothing.
BEFORE_BOUNDARY = datetime(2026, 3, 2, 10, 0, 59, 500000, tzinfo=timezone.utc)

# Each limit built on accounts.network.rate_limit_wait: its scope, its setting, and a request it counts.
LIMITS = {
    "h5p:xapi": ("XAPI_RATE_LIMIT", "post", "/h5p/xapi/999999/block-1/"),
    "scorm:commit": ("SCORM_COMMIT_RATE_LIMIT", "post", "/scorm/cmi/999999/scorm-block-1/"),
    "certificates:verify": ("CERTIFICATE_VERIFY_RATE_LIMIT", "get", "/certificates/verify/ABCD-EFGH-JKLM/"),
}


def test_every_limit_in_the_code_is_checked_here():
    scopes = set()
    for path in ROOT.glob("*/**/*.py"):
        if any(part in {"tests", "node_modules", ".venv", "bench"} for part in path.relative_to(ROOT).parts):
            continue
        scopes |= set(re.findall(r"rate_limit_wait\([^)]*scope=\"([^\"]+)\"", path.read_text()))
    assert scopes == set(LIMITS)


@pytest.mark.parametrize("scope", sorted(LIMITS))
def test_requests_either_side_of_a_minute_boundary_meet_the_limit(scope, settings, learner):
    setting, method, path = LIMITS[scope]
    limit = getattr(settings, setting)
    assert limit == 300 or scope == "certificates:verify"
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    send = getattr(client, method)
    statuses = []
    half = limit // 2
    with time_machine.travel(BEFORE_BOUNDARY, tick=False) as clock:
        for _ in range(half):
            statuses.append(send(path).status_code)
        clock.shift(timedelta(seconds=1))  # into the next minute
        for _ in range(limit - half + 5):
            statuses.append(send(path).status_code)
        assert 429 not in statuses[:limit]
        assert statuses[limit:] == [429] * 5
        # A minute after the first ones, they have left the window: room again, and only for as many.
        refused = send(path)
        wait = int(refused["Retry-After"]) if refused.has_header("Retry-After") else None
        assert wait is not None and 1 <= wait <= 60
        clock.shift(timedelta(seconds=wait))
        again = [send(path).status_code for _ in range(half + 1)]
        assert 429 not in again[:half] and again[half] == 429


def test_the_wait_is_until_the_oldest_request_leaves_the_window(rf, settings):
    from accounts.network import rate_limit_wait

    request = rf.get("/", REMOTE_ADDR="198.51.100.1")
    with time_machine.travel(BEFORE_BOUNDARY, tick=False) as clock:
        assert rate_limit_wait(request, scope="test", limit=2) is None
        clock.shift(timedelta(seconds=20))
        assert rate_limit_wait(request, scope="test", limit=2) is None
        clock.shift(timedelta(seconds=10))
        assert rate_limit_wait(request, scope="test", limit=2) == 30
        clock.shift(timedelta(seconds=30))
        assert rate_limit_wait(request, scope="test", limit=2) is None
        # The refused one was not counted: the second is still the oldest in the window, leaving at +80 s.
        assert rate_limit_wait(request, scope="test", limit=2) == 20


def test_allauths_limits_are_sliding_logs_too(settings):
    """Sign-in, reset and sign-up limits are allauth's, which keeps each as a log of request times."""
    from allauth.core.internal.ratelimit import apply_rate, parse_rate

    rate = parse_rate("5/15m/key")
    history: list[float] = []
    for at in (890.0, 895.0, 899.0, 900.5, 901.0):
        allowed, history = apply_rate(history, at, rate)
        assert allowed
    allowed, history = apply_rate(history, 905.0, rate)
    assert not allowed  # five within the last 15 minutes, whichever side of a boundary
    for action in ("login_failed", "login_failed_account", "reset_password", "signup"):
        assert action in settings.ACCOUNT_RATE_LIMITS
