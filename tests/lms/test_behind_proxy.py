"""Behind the TLS proxy, rate limits count each person's own address (TRUSTED_PROXY_COUNT), not the proxy's."""
import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.network import client_ip

PROXY = "10.0.0.2"


@pytest.mark.parametrize("count, forwarded, expected", [
    (0, "198.51.100.7", PROXY),                         # no proxy configured: the header is ignored
    (1, "198.51.100.7", "198.51.100.7"),
    (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),       # a forged entry to the left is not believed
    (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
    (1, "", PROXY),
    (1, "not-an-address", PROXY),
    (2, "198.51.100.7", "198.51.100.7"),                # fewer entries than proxies: no 500
])
def test_client_address(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def sign_in(client, email, password, address):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_one_persons_failed_logins_do_not_lock_out_everyone_behind_the_proxy(client, make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    user = make_user(email="colleague@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for n in range(3):
        sign_in(client, f"guess{n}@example.org", "wrong-password", "198.51.100.7")
    blocked = sign_in(client, "guess9@example.org", "wrong-password", "198.51.100.7")
    assert "Too many failed attempts" in blocked.content.decode()
    # A colleague behind the same proxy signs in.
    response = sign_in(client, "colleague@example.org", "correct-horse-battery-staple", "198.51.100.8")
    assert response.status_code == 302


def test_certificate_lookups_are_limited_per_person_behind_the_proxy(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 2
    url = reverse("certificates:verify_code", args=["NOSUCHCODE"])
    for _ in range(2):
        assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code != 429
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code != 429
