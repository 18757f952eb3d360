"""The client's address, seen through the trusted proxies in front of the site (TRUSTED_PROXY_COUNT).

Every rate limit keys on this one function, so that behind the TLS proxy each person has their own
bucket instead of everyone sharing the proxy's address. Only the last TRUSTED_PROXY_COUNT entries of
X-Forwarded-For were written by our own proxies; anything to their left came from the client and
could be forged, so it is never used.
"""
import ipaddress
import math
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # With fewer entries than proxies, the leftmost is the closest we have to the client.
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate.strip("[]")))
    except ValueError:
        return remote


# How long one request may wait for another of the same person to finish counting (seconds).
LOCK_WAIT = 1.0


@contextmanager
def _counting(key: str):
    """One request at a time reads and writes a person's log; a lock the shared cache holds (cache.add is atomic)."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT
    while not cache.add(lock, 1, timeout=10):
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(0.005)
    try:
        yield True
    finally:
        cache.delete(lock)


def rate_limit_wait(request, *, scope: str, limit: int, window: int = 60, per_user: bool = False) -> int | None:
    """Count this request against its client address (and, with per_user, the signed-in person as well) over the
    last `window` seconds: a sliding window, so requests either side of a minute boundary count together.
    None while within `limit`; beyond it, the seconds until the oldest counted request leaves the window. A
    refused request is not counted, so waiting as told always works.

    The log (the times of the last `limit` requests) lives in the default cache, which production shares between
    web processes (lms.deploy_checks).
    """
    if limit <= 0:
        return None
    who = client_ip(request)
    if per_user and request.user.is_authenticated:
        who = f"{request.user.pk}@{who}"
    key = f"ratelimit:{scope}:{window}:{who}"
    with _counting(key) as counted:
        now = time.time()
        if not counted:
            return 1  # the same person's other requests are being counted right now: try again in a moment
        hits = [at for at in cache.get(key, []) if at > now - window]
        if len(hits) >= limit:
            return max(1, math.ceil(hits[-limit] + window - now))
        hits.append(now)
        cache.set(key, hits[-limit:], timeout=window)
        return None


def rate_limited_json(wait: int, body: dict) -> JsonResponse:
    """The 429 answer for a script (an activity saving progress): the body it understands, and when to retry."""
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(wait)
    return response
