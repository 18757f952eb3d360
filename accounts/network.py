"""The client's address, seen through the trusted proxies in front of the site (TRUSTED_PROXY_COUNT).

Every rate limit keys on this one function, so that behind the TLS proxy each person has their own
bucket instead of everyone sharing the proxy's address. Only the last TRUSTED_PROXY_COUNT entries of
X-Forwarded-For were written by our own proxies; anything to their left came from the client and
could be forged, so it is never used.
"""
import ipaddress

from django.conf import settings


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
