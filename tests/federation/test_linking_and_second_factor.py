"""An existing account is linked only after its owner proves it; staff still pass a second factor.

Driven through allauth's real callback with the real provider's codes (tests/federation/provider.py).
"""
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail

from accounts import roles
from tests.conftest import totp_code
from tests.factories import PASSWORD

from .test_first_sign_in import sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


def existing(make_user, name: str, role=roles.LEARNER, **kwargs):
    user = make_user(role, email=f"{name}@wiltshire.police.uk", **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_an_existing_account_is_not_taken_over_by_a_claim(client, sign_in_setup, provider, make_user):
    owner = existing(make_user, "jo")
    before = (owner.organisation_id, owner.membership_status, owner.password)
    response = sign_in(client, "jo")
    assert response.status_code == 302 and response["Location"] == "/account/organisation/link/"
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    page = client.get("/account/organisation/link/").content.decode()
    assert "An account on this site already uses jo@wiltshire.police.uk" in page
    # A wrong code links nothing.
    client.post("/account/organisation/link/", {"action": "send"})
    wrong = client.post("/account/organisation/link/", {"action": "check", "code": "000000"})
    assert "not the one we sent" in wrong.content.decode()
    assert not SocialAccount.objects.exists() and "_auth_user_id" not in client.session
    owner.refresh_from_db()
    assert (owner.organisation_id, owner.membership_status, owner.password) == before


def test_the_owner_proves_the_address_with_an_emailed_code(client, sign_in_setup, provider, make_user):
    owner = existing(make_user, "kit")
    sign_in(client, "kit")
    client.post("/account/organisation/link/", {"action": "send"})
    assert mail.outbox[-1].to == ["kit@wiltshire.police.uk"]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post("/account/organisation/link/", {"action": "check", "code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == owner.pk
    assert SocialAccount.objects.get().user == owner
    assert roles.user_roles(owner) == [roles.LEARNER]
    # From now on the organisation's sign-in goes straight in.
    client.logout()
    assert sign_in(client, "kit").status_code == 302 and int(client.session["_auth_user_id"]) == owner.pk


def test_the_owner_proves_the_address_with_their_password(client, sign_in_setup, provider, make_user):
    owner = existing(make_user, "lou")
    sign_in(client, "lou")
    response = client.post("/account/login/?next=/account/organisation/link/finish/",
                           {"login": owner.email, "password": PASSWORD})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == owner.pk
    assert not SocialAccount.objects.exists()  # not before they say so
    client.post("/account/organisation/link/finish/")
    assert SocialAccount.objects.get().user == owner


def test_signing_in_as_someone_else_does_not_link_their_account(client, sign_in_setup, provider, make_user):
    existing(make_user, "lou")
    other = make_user(roles.LEARNER, email="someone.else@example.org")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    sign_in(client, "lou")
    client.post("/account/login/", {"login": other.email, "password": PASSWORD})
    response = client.post("/account/organisation/link/finish/")
    assert response.status_code == 400
    assert "Sign out, then sign in as lou@wiltshire.police.uk" in response.content.decode()
    assert not SocialAccount.objects.exists()


def staff_linked(make_user, sign_in_setup, name: str, **kwargs):
    user = existing(make_user, name, roles.PARTNERSHIP_STAFF, **kwargs)
    SocialAccount.objects.create(user=user, provider=sign_in_setup.provider_id, uid=str(
        _provider_user_id(name)), extra_data={})
    return user


def _provider_user_id(name: str) -> int:
    from .provider import PEOPLE

    return PEOPLE.index(name) + 1  # the provider's users are created in this order: its `sub` is their id


def test_staff_are_asked_for_our_code_when_the_provider_did_not_use_a_second_factor(
        client, sign_in_setup, provider, make_user):
    sign_in_setup.trust_provider_mfa = True
    sign_in_setup.save()
    staff_linked(make_user, sign_in_setup, "ada")
    provider.choose_claims("ada", amr=["pwd"])
    response = sign_in(client, "ada")
    assert response["Location"].startswith("/account/2fa/authenticate/")
    assert "_auth_user_id" not in client.session


def test_staff_are_asked_for_our_code_when_the_organisation_does_not_trust_the_provider(
        client, sign_in_setup, provider, make_user):
    staff_linked(make_user, sign_in_setup, "ben")
    provider.choose_claims("ben", amr=["pwd", "mfa"])
    response = sign_in(client, "ben")
    assert response["Location"].startswith("/account/2fa/authenticate/")
    response = client.post("/account/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_providers_second_factor_counts_when_trusted_and_used(client, sign_in_setup, provider, make_user):
    sign_in_setup.trust_provider_mfa = True
    sign_in_setup.save()
    staff_linked(make_user, sign_in_setup, "cara")
    provider.choose_claims("cara", amr=["pwd", "mfa"])
    response = sign_in(client, "cara")
    assert not response["Location"].startswith("/account/2fa/")
    assert "_auth_user_id" in client.session
    assert client.get("/dashboard/staff/").status_code == 200


def test_staff_without_our_authenticator_set_one_up_unless_the_providers_counts(
        client, sign_in_setup, provider, make_user):
    staff_linked(make_user, sign_in_setup, "dev", with_mfa=False)
    provider.choose_claims("dev", amr=["mfa"])
    sign_in(client, "dev")
    assert client.get("/dashboard/staff/")["Location"].startswith("/account/2fa/totp/activate/")
    client.logout()
    sign_in_setup.trust_provider_mfa = True
    sign_in_setup.save()
    sign_in(client, "dev")
    assert client.get("/dashboard/staff/").status_code == 200


def test_no_claim_grants_a_role(client, sign_in_setup, provider):
    provider.choose_claims("eve", roles=["Partnership staff"], groups=["admins"], is_staff=True)
    sign_in(client, "eve")
    user = User.objects.get(email="eve@wiltshire.police.uk")
    assert roles.user_roles(user) == [roles.LEARNER] and not user.is_staff and not user.is_superuser
