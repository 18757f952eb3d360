"""First sign-in through an organisation's provider, and each refusal, driven through allauth's real callback.

The person signs in at the real provider (tests/federation/idp) over HTTP; the site's side is Django's test client,
so every check runs in the site's own views with the provider's real codes, tokens and keys.
"""
import html

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from accounts import roles
from accounts.models import MembershipStatus

from .provider import OTHER_CLIENT_ID, OTHER_TENANT, sign_in_at_provider

pytestmark = pytest.mark.django_db
User = get_user_model()
LOGIN = "/account/oidc/org-wiltshire-police/login/"


def start(client) -> str:
    response = client.post(LOGIN, {"process": "login"})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def sign_in(client, person: str):
    callback = sign_in_at_provider(start(client), person)
    return client.get(callback)


def refusal_text(response) -> str:
    assert response.status_code == 403, (response.status_code, response.content[:500])
    return html.unescape(response.content.decode())


def nothing_created():
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_first_sign_in_creates_a_learner_in_the_organisation(client, sign_in_setup, provider):
    response = sign_in(client, "ada")
    assert response.status_code == 302, response.content[:500]
    user = User.objects.get(email="ada@wiltshire.police.uk")
    assert user.organisation == sign_in_setup.organisation
    assert user.membership_status == MembershipStatus.APPROVED
    assert user.full_name == "Ada Officer"
    assert roles.user_roles(user) == [roles.LEARNER]
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).provider == "org-wiltshire-police"
    assert "_auth_user_id" in client.session
    # The next sign-in finds the same account.
    client.logout()
    sign_in(client, "ada")
    assert User.objects.count() == 1 and int(client.session["_auth_user_id"]) == user.pk


def test_a_token_from_another_tenant_is_refused(client, sign_in_setup, provider):
    provider.choose_claims("ben", tid=OTHER_TENANT)
    assert "different organisation's directory" in refusal_text(sign_in(client, "ben"))
    nothing_created()


def test_an_unverified_email_is_refused(client, sign_in_setup, provider):
    provider.choose_claims("cara", email_verified=False)
    assert "has not been confirmed" in refusal_text(sign_in(client, "cara"))
    nothing_created()


def test_an_address_the_provider_does_not_vouch_for_is_refused(client, sign_in_setup, provider):
    provider.choose_claims("dev", email="dev@gmail.com")
    assert "not at one of the organisation's email domains" in refusal_text(sign_in(client, "dev"))
    nothing_created()


def test_a_token_for_another_client_is_refused(client, sign_in_setup, provider):
    provider.choose_claims("eve", aud=OTHER_CLIENT_ID)
    assert "meant for a different service" in refusal_text(sign_in(client, "eve"))
    nothing_created()


def test_an_expired_token_is_refused(client, sign_in_setup, provider):
    provider.choose_claims("fay", exp_offset=-600)
    assert "had expired" in refusal_text(sign_in(client, "fay"))
    nothing_created()


def test_a_changed_issuer_is_refused(client, sign_in_setup, provider):
    provider.choose_claims("gus", iss="http://127.0.0.1:1/somewhere-else")
    assert "different server" in refusal_text(sign_in(client, "gus"))
    nothing_created()


def test_the_issuer_staff_set_must_be_the_one_that_answers(client, sign_in_setup, provider):
    # The provider's discovery document now names another issuer than the one staff set (a moved or spoofed server).
    sign_in_setup.issuer = provider.issuer + "/"  # same server: still accepted (a trailing slash is not a change)
    sign_in_setup.save()
    assert sign_in(client, "hal").status_code == 302
    client.logout()
    from accounts.federation.rules import SignInRefused, claims_check

    sign_in_setup.issuer = "https://login.example.org/other"
    with pytest.raises(SignInRefused) as refused:
        claims_check(sign_in=sign_in_setup, claims={"iss": provider.issuer, "email": "hal@wiltshire.police.uk",
                                                    "email_verified": True, "tid": "x"})
    assert refused.value.reason == "issuer"


def test_a_replayed_state_is_refused(client, sign_in_setup, provider):
    callback = sign_in_at_provider(start(client), "ivy")
    assert client.get(callback).status_code == 302
    client.logout()
    # The same answer again, in this browser and in another: its state was used up the first time.
    assert "already been used" in refusal_text(client.get(callback))
    from django.test import Client

    assert "already been used" in refusal_text(Client().get(callback))
    assert User.objects.count() == 1
