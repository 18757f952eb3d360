"""Start the throwaway provider: migrate its SQLite file, create the users and clients in setup.json, serve.

    IDP_DIR=/tmp/x IDP_PORT=8123 python tests/federation/idp/serve.py
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.federation.idp.settings"


def main() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    setup = json.loads((settings.DATA / "setup.json").read_text())
    for person in setup["users"]:
        user = User.objects.create_user(person["email"], person["email"], person["password"],
                                        first_name=person.get("first_name", ""), last_name=person.get("last_name", ""))
        user.save()
    for client in setup["clients"]:
        Application.objects.create(
            name=client["client_id"], client_id=client["client_id"], client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=client.get("redirect_uris", "http://127.0.0.1/"), algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True, post_logout_redirect_uris=client.get("post_logout_redirect_uris", ""),
        )
    call_command("runserver", f"127.0.0.1:{settings.PORT}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()
