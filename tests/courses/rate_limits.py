"""Checks shared by the H5P statement and SCORM commit rate limits: each counts per learner and client address."""


def assert_counted_per_client_address(send, settings, *, limit: int) -> None:
    """`send(forwarded_for)` posts one save through the TLS proxy and returns its status code."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(limit):
        assert send("198.51.100.7") != 429
    assert send("198.51.100.7") == 429
    # The same learner on another device, through the same proxy, is not held back by the first one.
    assert send("198.51.100.8") != 429
    # A forged entry to the left of the proxy's own is not believed: still the first address, still held back.
    assert send("203.0.113.1, 198.51.100.7") == 429


def assert_forged_address_gets_no_fresh_allowance(send, settings, *, limit: int) -> None:
    """With no trusted proxy, X-Forwarded-For is the client's own word and counts for nothing."""
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(limit):
        assert send(f"198.51.100.{n}") != 429
    assert send("198.51.100.99") == 429
