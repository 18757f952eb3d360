"""Fixtures for organisation sign-in: the real provider on loopback, and an organisation set up to use it."""
import pytest

from .provider import CLIENT_ID, CLIENT_SECRET, TENANT, start_provider, stop_provider


@pytest.fixture(scope="session")
def identity_provider():
    provider = start_provider()
    yield provider
    stop_provider(provider)


@pytest.fixture
def provider(identity_provider):
    identity_provider.forget_claims()
    yield identity_provider
    identity_provider.forget_claims()


@pytest.fixture
def wiltshire(db):
    from accounts.models import Organisation, Sector

    return Organisation.objects.create(name="Wiltshire Police", sector=Sector.POLICE,
                                       email_domains="wiltshire.police.uk")


@pytest.fixture
def sign_in_setup(wiltshire, provider):
    """Wiltshire Police signs in with the test provider as a Microsoft Entra ID tenant would: tenant and domain."""
    from accounts.federation.models import OrganisationSignIn, ProviderKind

    return OrganisationSignIn.objects.create(
        organisation=wiltshire, kind=ProviderKind.ENTRA, slug="wiltshire-police", issuer=provider.issuer,
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, tenant_ids=TENANT, email_domains="wiltshire.police.uk")
