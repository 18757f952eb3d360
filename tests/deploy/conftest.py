"""The production stack, built once for the deploy tests: assets, collectstatic, PostgreSQL, demo pages, gunicorn."""
import shutil

import pytest

from throwaway import stack

PASSWORD = "deploy-smoke-test-password"

# People for each kind of page; staff roles get a TOTP authenticator with this secret (MFA is required for them).
PEOPLE_SCRIPT = """
from allauth.account.models import EmailAddress
from accounts import roles
from accounts.models import MembershipStatus, Organisation, User

roles.ensure_roles()
organisation = Organisation.objects.order_by("pk").first()
for email, role in [("learner@deploy.test", roles.LEARNER), ("staff@deploy.test", roles.PARTNERSHIP_STAFF),
                    ("editor@deploy.test", roles.EDITOR), ("lead@deploy.test", roles.ORGANISATION_LEAD),
                    ("admin@deploy.test", None)]:
    user = User.objects.create_user(email=email, password="%(password)s", full_name=email.split("@")[0].title(),
                                    organisation=organisation, membership_status=MembershipStatus.APPROVED,
                                    is_staff=role is None, is_superuser=role is None)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        roles.assign_role(user, role)
    from accounts.mfa import mfa_required, totp_enable

    if mfa_required(user):
        totp_enable(user=user, secret="%(secret)s")
""" % {"password": PASSWORD, "secret": "JBSWY3DPEHPK3PXP"}
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture(scope="module")
def production_stack(postgres_server):
    workdir = stack.make_workdir()
    env = stack.production_env(database_url=postgres_server.create_database(f"deploy_{workdir.name[-8:]}".lower()
                                                                              .replace("-", "_")),
                               workdir=workdir)
    stack.build_assets()
    stack.manage(env, "collectstatic", "--noinput", "-v", "0")
    stack.manage(env, "migrate", "--noinput", "-v", "0")
    stack.manage(env, "seed_demo", "--quiet")
    stack.manage(env, "shell", stdin=PEOPLE_SCRIPT)
    process, port = stack.start_gunicorn(env)
    try:
        yield stack.Stack(port=port, env=env, workdir=workdir, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except Exception:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
