"""Fixtures shared by the whole suite: users per role, throwaway servers, a real browser with axe-core."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from throwaway import servers

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself are still synchronous and safe, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# How long a browser step may wait for a page, a frame or an element before the test fails. Only a hang should reach
# it: the suite runs two browsers at once on a 2-core machine that may be busy with other work too.
BROWSER_TIMEOUT_MS = 60_000
# The authenticator secret staff-role users made by `make_user` have (see accounts.mfa).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TEST_TOTP_SECRET, at: float | None = None) -> str:
    """The current six-digit code for a TOTP secret, as an authenticator app shows it."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int((time.time() if at is None else at) // 30)))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads and generated files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()



@pytest.fixture(autouse=True)
def _celery_join_guard():
    """Start every test with Celery's "inside a task" flag down.

    In eager mode each `.delay()` raises a process-wide flag while it runs and puts back the value it found. The
    browser tests' live server answers on several threads at once, so two eager tasks can interleave and leave the
    flag raised for good; every later `result.get()` in the process then refuses with "Never call result.get()
    within a task!". Production has no eager mode (tasks go to Redis), so only the test process is affected.
    """
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield

@pytest.fixture(autouse=True)
def _force_login_means_fully_signed_in(monkeypatch):
    """`client.force_login(user)` stands for a finished sign-in: for a user with an authenticator, the session also
    records the passed second factor, as allauth writes it after the code step (accounts.mfa). Tests of the sign-in
    itself (tests/security, tests/accounts/test_mfa.py) sign in through the real pages instead."""
    from django.test import Client, RequestFactory

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from allauth.account.internal.flows.login import record_authentication
        from allauth.mfa.models import Authenticator

        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            return
        session = self.session
        request = RequestFactory().get("/")
        request.session, request.user = session, user
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def pytest_collection_modifyitems(session, config, items):
    """Files with the most tests first. `make test` hands whole files to the two workers (xdist --dist loadfile) in
    collection order; the permissions table (about 400 tests in one file) sorts last by name, and one worker then
    ran it alone for minutes while the other sat idle. Big files first, the small ones fill the gaps at the end.
    The order within a file is kept; no test depends on another file's."""
    sizes: dict[str, int] = {}
    for item in items:
        sizes[item.nodeid.split("::", 1)[0]] = sizes.get(item.nodeid.split("::", 1)[0], 0) + 1
    items.sort(key=lambda item: -sizes[item.nodeid.split("::", 1)[0]])  # stable: each file's own order stays


# --- people ---------------------------------------------------------------------------------

@pytest.fixture
def make_user(db):
    from accounts import roles
    from tests.factories import UserFactory

    def make(role: str | None = roles.LEARNER, *, with_mfa: bool = True, **kwargs):
        roles.ensure_roles()
        user = UserFactory(**kwargs)
        if role is not None:
            roles.assign_role(user, role)
        # Staff roles must have a second factor before any staff page (accounts.mfa): give them one,
        # so tests reach staff pages as a properly set-up staff member would. Pass mfa=False to opt out.
        if with_mfa:
            from accounts.mfa import mfa_required, totp_enable

            if mfa_required(user):
                totp_enable(user=user, secret=TEST_TOTP_SECRET)
        return user

    return make


@pytest.fixture
def learner(make_user):
    return make_user()


@pytest.fixture
def site_pages(db):
    """The home page, footer pages and partner organisations: what most page tests need, quickly."""
    from accounts.demo import seed_organisations
    from lms.demo import seed

    seed_organisations()
    return seed()


# --- throwaway servers -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for tests that make databases of their own (always with unique names).

    Under .ci/with-postgres every xdist worker and the serial pass share its server, so the migrated template
    (PostgresServer.migrated_database) is built once for the run; otherwise each worker starts its own.
    """
    shared = servers.shared_postgres()
    if shared is not None:
        yield shared
    else:
        yield from servers.start_postgres()


@pytest.fixture(scope="session")
def redis_server():
    yield from servers.start_redis()


@pytest.fixture
def celery_worker_process():
    """Start a real Celery worker (solo pool) with the given environment; stopped after the test."""
    started = []

    def start(extra_env: dict[str, str]) -> subprocess.Popen:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", **extra_env}
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--concurrency=1",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


# --- real browser ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        servers.unavailable(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    yield page
    leave_and_close(page, context, live_server)


def leave_and_close(page, context, live_server, timeout: float = 30) -> None:
    """End a browser test's page before its database is emptied.

    Leave the page first, so its closing saves (a SCORM package's unload commit, H5P's last state) are sent now,
    then let the live server finish every request it took (socketserver keeps their threads in `_threads`): the
    test database is flushed next, and a request still writing during the flush deadlocks with it on PostgreSQL.
    """
    try:
        page.goto("about:blank")
    except Exception:  # the test may have closed or crashed the page itself
        pass
    context.close()
    httpd = getattr(live_server.thread, "httpd", None)
    for thread in list(getattr(httpd, "_threads", None) or []):
        thread.join(timeout)


class AccessibilityViolations(AssertionError):
    pass


def _mid_navigation(error: Exception) -> bool:
    message = str(error)
    return any(sign in message for sign in (
        "reading 'documentElement'", "Execution context was destroyed", "Cannot find context with specified id",
        "axe is not defined",
    ))


def check_accessibility(page) -> None:
    """Run axe-core on the page and fail with a readable list of any WCAG 2.2 A/AA violations.

    A click on a link starts a navigation that the test may not have waited for: axe then runs on a document
    being replaced ("Cannot read properties of null", "Execution context was destroyed"). Wait for the page
    that is arriving to load and check that one instead, so the check is of a whole page, never a half.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.evaluate(AXE_JS.read_text())
            result = page.evaluate(
                "axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']})"
            )
            break
        except PlaywrightError as error:
            if attempt == 2 or not _mid_navigation(error):
                raise
    violations = result["violations"]
    if violations:
        lines = [f"{page.url}:"]
        for violation in violations:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        raise AccessibilityViolations("\n".join(lines))


@pytest.fixture
def axe():
    return check_accessibility


@pytest.fixture
def login(page):
    """Sign in through the real login form."""

    def do_login(email: str, password: str):
        page.goto("/account/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        if "/2fa/authenticate" in page.url:
            # Staff roles have a second factor (make_user gives them TEST_TOTP_SECRET).
            page.fill("input[name=code]", totp_code())
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")

    return do_login
