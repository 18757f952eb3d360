"""The sign-in page finds the organisation by email, closed password sign-in says so, sign-out offers the provider's,
and staff set a provider up in the admin without ever seeing its secret again."""
import html

import pytest
from django.test import Client

from accounts import roles
from accounts.federation.models import OrganisationSignIn
from tests.factories import PASSWORD

from .provider import CLIENT_SECRET
from .test_first_sign_in import sign_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_sign_in_page_offers_organisation_sign_in_only_when_one_is_set_up(client, wiltshire):
    assert "Sign in with your organisation" not in text(client.get("/account/login/"))
    OrganisationSignIn.objects.create(organisation=wiltshire, slug="wilts", issuer="https://idp.example.org",
                                      client_id="a", client_secret="b", email_domains="wiltshire.police.uk")
    assert "Sign in with your organisation" in text(client.get("/account/login/"))


def test_the_work_email_finds_the_organisations_provider(client, sign_in_setup, provider):
    import re

    page = text(client.post("/account/organisation/", {"email": "Ada@Wiltshire.Police.uk"}))
    assert "Continue to Wiltshire Police" in page
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    assert action.startswith("/account/oidc/org-wiltshire-police/login/?")
    # The one button goes to the organisation's provider, with the address typed as its login hint.
    response = client.post(action, {"process": "login"})
    assert response["Location"].startswith(f"{provider.issuer}/authorize/")
    assert "login_hint=ada%40wiltshire.police.uk" in response["Location"]


@pytest.mark.parametrize("email, message", [
    ("", "Enter your work email address"),
    ("not-an-address", "Enter an email address in the correct format"),
    ("ada@gmail.com", "Your organisation has not set up signing in with its own account here"),
])
def test_an_address_with_no_provider_is_told_plainly(client, sign_in_setup, email, message):
    response = client.post("/account/organisation/", {"email": email})
    assert response.status_code == 200 and message in text(response)
    assert "Continue to" not in text(response)


def test_a_disabled_provider_is_not_offered(client, sign_in_setup):
    sign_in_setup.enabled = False
    sign_in_setup.save()
    found = client.post("/account/organisation/", {"email": "ada@wiltshire.police.uk"})
    assert "has not set up signing in" in text(found)
    assert client.post("/account/oidc/org-wiltshire-police/login/").status_code == 404


def test_when_password_sign_in_is_closed_the_password_form_says_so_and_refuses(client, sign_in_setup, make_user):
    user = make_user(roles.LEARNER, email="gus@wiltshire.police.uk")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_in_setup.password_sign_in = False
    sign_in_setup.save()
    response = client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "People at Wiltshire Police sign in with their Wiltshire Police account, not a password" in text(response)
    assert "_auth_user_id" not in client.session
    signup = client.post("/account/signup/", {"email": "new@wiltshire.police.uk", "password1": "a-long-new-password-9",
                                              "password2": "a-long-new-password-9", "full_name": "New Person"})
    assert "create an account with their Wiltshire Police account" in text(signup)
    # Other organisations' people, and this one's while it stays open, sign in with passwords as before.
    sign_in_setup.password_sign_in = True
    sign_in_setup.save()
    assert client.post("/account/login/", {"login": user.email, "password": PASSWORD}).status_code == 302


def test_sign_out_offers_the_providers_sign_out(client, sign_in_setup, provider):
    sign_in(client, "hal")
    response = client.post("/account/logout/")
    assert response["Location"] == "/account/organisation/signed-out/wiltshire-police/"
    assert "_auth_user_id" not in client.session
    page = text(client.get(response["Location"]))
    assert f'href="{provider.issuer}/logout/?client_id=vrp-training-site' in page
    assert "Sign out of your Wiltshire Police account too" in page


def test_a_password_sign_out_goes_where_it_always_did(client, learner):
    client.force_login(learner)
    assert not client.post("/account/logout/")["Location"].startswith("/account/organisation/")


def test_staff_set_up_a_provider_and_its_secret_is_never_shown_again(client, make_user, wiltshire):
    staff = make_user(roles.PARTNERSHIP_STAFF, is_staff=True)
    admin = make_user(None, is_superuser=True, is_staff=True)
    client.force_login(admin)
    add = client.get("/admin/organisationsignin/new/")
    assert add.status_code == 200
    data = {"organisation": wiltshire.pk, "enabled": "on", "kind": "entra", "slug": "wilts",
            "issuer": "https://login.microsoftonline.com/t/v2.0", "client_id": "abc", "client_secret": CLIENT_SECRET,
            "tenant_ids": "", "email_domains": "wiltshire.police.uk", "password_sign_in": "on"}
    refused = client.post("/admin/organisationsignin/new/", data)
    assert "Enter at least one tenant ID" in text(refused) and not OrganisationSignIn.objects.exists()
    data["tenant_ids"] = "t"
    client.post("/admin/organisationsignin/new/", data)
    saved = OrganisationSignIn.objects.get()
    assert saved.client_secret == CLIENT_SECRET
    edit = text(client.get(f"/admin/organisationsignin/edit/{saved.pk}/"))
    assert CLIENT_SECRET not in edit
    # Saved again with the secret left empty: the saved one stays.
    client.post(f"/admin/organisationsignin/edit/{saved.pk}/", {**data, "client_secret": ""})
    saved.refresh_from_db()
    assert saved.client_secret == CLIENT_SECRET
    # A learner never reaches it; a staff member without our second factor in this session is asked for it.
    learner_client = Client()
    learner_client.force_login(make_user())
    assert learner_client.get("/admin/organisationsignin/").status_code in (302, 403)
    half = Client()
    half.post("/account/login/", {"login": staff.email, "password": PASSWORD})
    assert half.get("/admin/organisationsignin/")["Location"].startswith(("/account/2fa/", "/account/login/"))


def test_a_domain_belongs_to_one_provider_only(wiltshire, sign_in_setup):
    from django.core.exceptions import ValidationError

    from accounts.models import Organisation, Sector

    other = Organisation.objects.create(name="Swindon Council", sector=Sector.LOCAL_AUTHORITY)
    clash = OrganisationSignIn(organisation=other, slug="swindon", issuer="https://idp.example.org", client_id="x",
                               client_secret="y", email_domains="swindon.gov.uk\nwiltshire.police.uk")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "already vouched for by Wiltshire Police" in str(error.value)


def test_the_redirect_address_is_the_one_the_readme_tells_it_teams_to_register(sign_in_setup, client, make_user):
    from pathlib import Path

    from django.conf import settings

    assert sign_in_setup.redirect_path() == "/account/oidc/org-wiltshire-police/login/callback/"
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "`https://<site>/account/oidc/org-<short name>/login/callback/`" in readme
    # Staff see it in the admin's list, to send to the IT team.
    client.force_login(make_user(None, is_superuser=True, is_staff=True))
    listing = client.get("/admin/organisationsignin/").content.decode()
    assert "/account/oidc/org-wiltshire-police/login/callback/" in listing


def test_only_administrators_manage_organisation_sign_in(client, make_user, sign_in_setup):
    # Fully signed in (second factor passed), partnership staff still may not change how anyone signs in.
    for role in (roles.PARTNERSHIP_STAFF, roles.EDITOR, roles.ORGANISATION_LEAD):
        client.force_login(make_user(role))
        for path in ("/admin/organisationsignin/", f"/admin/organisationsignin/edit/{sign_in_setup.pk}/",
                     "/admin/organisationsignin/new/"):
            response = client.get(path)
            assert response.status_code in (302, 403), (role, path)
            assert CLIENT_SECRET not in response.content.decode()


def test_sign_out_offers_no_provider_sign_out_where_it_publishes_none(client, wiltshire):
    from .provider import CLIENT_ID

    # A provider whose discovery document cannot be read (or has no end_session_endpoint): only our sign-out.
    OrganisationSignIn.objects.create(organisation=wiltshire, slug="quiet", issuer="http://127.0.0.1:9/o",
                                      client_id=CLIENT_ID, client_secret="s", email_domains="wiltshire.police.uk")
    page = text(client.get("/account/organisation/signed-out/quiet/"))
    assert "You have signed out" in page and "account too" not in page
    assert client.get("/account/organisation/signed-out/nobody/").status_code == 404
