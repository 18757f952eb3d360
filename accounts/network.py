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


# A window is counted in this many slices. A request is held against every slice that overlaps the last `window`
# seconds, so the count never falls short of the true sliding count (at most one slice's requests too many, for
# at most one slice's time): 300 posts either side of a minute boundary meet a 429 as 300 within any minute do.
WINDOW_SLICES = 12


def rate_limit_wait(request, *, scope: str, limit: int, window: int = 60, per_user: bool = False) -> int | None:
    """Count this request against its client address (and, with per_user, the signed-in person as well) over the
    last `window` seconds, a sliding window. None while within `limit`; beyond it, the seconds until enough of the
    earlier requests have left the window. A refused request is not counted, so waiting as told always works.

    The counts live in the default cache, which production shares between web processes (lms.deploy_checks);
    each slice is its own counter, incremented atomically, so no lock is needed.
    """
    if limit <= 0:
        return None
    now = time.time()
    who = client_ip(request)
    if per_user and request.user.is_authenticated:
        who = f"{request.user.pk}@{who}"
    slice_seconds = window / WINDOW_SLICES
    current = int(now // slice_seconds)
    prefix = f"ratelimit:{scope}:{window}:{who}:"
    key = f"{prefix}{current}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count_now = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        count_now = 1
    # The slices still overlapping (now - window, now]: the current one and the WINDOW_SLICES before it.
    earlier = list(range(current - WINDOW_SLICES, current))
    counts = cache.get_many([f"{prefix}{n}" for n in earlier])
    total = count_now + sum(int(counts.get(f"{prefix}{n}", 0)) for n in earlier)
    if total <= limit:
        return None
    try:
        cache.decr(key)
    except ValueError:
        pass
    # Wait until the oldest slices holding the excess have slid out (a slice n counts until slice n + SLICES + 1).
    excess, freed = total - limit, 0
    for n in earlier:
        freed += int(counts.get(f"{prefix}{n}", 0))
        if freed >= excess:
            return max(1, int(-(-((n + WINDOW_SLICES + 1) * slice_seconds - now) // 1)))
    return max(1, int(-(-((current + WINDOW_SLICES + 1) * slice_seconds - now) // 1)))


def rate_limited_json(wait: int, body: dict) -> JsonResponse:
    """The 429 answer for a script (an activity saving progress): the body it understands, and when to retry."""
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(wait)
    return response
