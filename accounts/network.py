"""The client's address, seen through the trusted proxies in front of the site (TRUSTED_PROXY_COUNT).

Every rate limit keys on this one function, so that behind the TLS proxy each person has their own
bucket instead of everyone sharing the proxy's address. Only the last TRUSTED_PROXY_COUNT entries of
X-Forwarded-For were written by our own proxies; anything to their left came from the client and
could be forged, so it is never used.
"""
import ipaddress
import time

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


def rate_limit_wait(request, *, scope: str, limit: int, window: int = 60, per_user: bool = False) -> int | None:
    """Count this request against its client address (and, with per_user, the signed-in person as well) in the
    current window of `window` seconds. None while within `limit`; beyond it, the seconds until the window ends.

    The count lives in the default cache, which production shares between web processes (lms.deploy_checks).
    """
    if limit <= 0:
        return None
    now = time.time()
    who = client_ip(request)
    if per_user and request.user.is_authenticated:
        who = f"{request.user.pk}@{who}"
    key = f"ratelimit:{scope}:{who}:{int(now // window)}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    if count <= limit:
        return None
    return max(1, int(window - now % window))


def rate_limited_json(wait: int, body: dict) -> JsonResponse:
    """The 429 answer for a script (an activity saving progress): the body it understands, and when to retry."""
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(wait)
    return response
