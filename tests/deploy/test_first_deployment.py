"""README's "First deployment", step by step, on an empty PostgreSQL database under the production settings.

No demo content and no fixture people: the site's pages come from `migrate`, the administrator from
`createsuperuser` and the email link, the schools from `import_schools`, the module from the admin's forms,
all through gunicorn behind the simulated TLS proxy. Run alone with `pytest -m deploy`.
"""
import quopri
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import urlencode, urlsplit

import pytest

from throwaway import servers
from throwaway import stack
from tests.deploy.test_smoke import assert_page_and_assets, totp_now

pytestmark = [pytest.mark.deploy, pytest.mark.services, pytest.mark.alone]

ADMIN_EMAIL = "first.admin@partnership.example"
ADMIN_PASSWORD = "a-long-first-administrator-password"
# Every page README's steps 2 and 3 name, with words each must show.
FIRST_PAGES = {
    "/": "Training to prevent serious violence",
    "/modules/": "No modules are published yet",
    "/sessions/": "Bleeding-control sessions for schools",
    "/privacy/": "Privacy notice",
    "/accessibility/": "Accessibility statement",
    "/cookies/": "Cookies",
    "/account/login/": "Sign in",
    "/certificates/verify/": "certificate",
}
HASHED_STYLESHEET = re.compile(r"^/static/css/site\.[0-9a-f]{12}\.css$")


@pytest.fixture(scope="module")
def empty_site(postgres_server, redis_server):
    """Steps 1 and 2: settings checked, `migrate` and `collectstatic` on an empty database, gunicorn started."""
    workdir = stack.make_workdir()
    name = f"first_{workdir.name[-8:]}".lower().replace("-", "_")
    env = stack.production_env(database_url=postgres_server.create_database(name), workdir=workdir,
                               cache_url=redis_server.url(6))
    # Outgoing mail is printed to gunicorn's output, which this test reads as the administrator's inbox.
    env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    stack.build_assets()
    stack.manage(env, "check", "--deploy")
    stack.manage(env, "migrate", "--noinput", "-v", "0")
    stack.manage(env, "collectstatic", "--noinput", "-v", "0")
    log = workdir / "gunicorn.log"
    port = servers.free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "lms.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--no-control-socket", "--forwarded-allow-ips", "127.0.0.1",
             "--error-logfile", "-", "--log-level", "warning"],
            cwd=stack.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True,
        )
    try:
        servers.wait_for_port(port, timeout=60)
        yield stack.Stack(port=port, env=env, workdir=workdir, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def inbox(site: stack.Stack) -> str:
    raw = (site.workdir / "gunicorn.log").read_bytes()
    return raw.decode("utf-8", "replace") + quopri.decodestring(raw).decode("utf-8", "replace")


def post(client: stack.ProxiedClient, path: str, data, *, referer_path: str | None = None) -> stack.Response:
    """POST a form as the browser would (a list of pairs keeps repeated names), with the CSRF token."""
    pairs = list(data.lists()) if hasattr(data, "lists") else list(data.items())
    fields = [(key, value) for key, values in pairs for value in (values if isinstance(values, list) else [values])]
    csrf = client.cookies.get("__Host-csrftoken", "")
    body = urlencode([("csrfmiddlewaretoken", csrf), *fields]).encode()
    referer = f"https://{client.host}{referer_path or path}"
    return client.request("POST", path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Referer": referer, "Origin": f"https://{client.host}",
    })


def location(response: stack.Response) -> str:
    parts = urlsplit(response.header("Location") or "")
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fresh_code(secret: str, used: set[str]) -> str:
    """A code the authenticator shows now that has not been used yet (a code works once)."""
    while (code := totp_now(secret)) in used:
        time.sleep(1)
    used.add(code)
    return code


def sign_in(client: stack.ProxiedClient, *, secret: str | None = None, used: set[str] | None = None):
    client.get("/account/login/")
    response = post(client, "/account/login/", {"login": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status == 302, f"Signing in answered {response.status}:\n{response.text[:2000]}"
    if secret is not None:
        step = location(response)
        assert "/2fa/authenticate" in step, f"Signing in did not ask for the code but went to {step}"
        client.get(step)
        response = post(client, step, {"code": fresh_code(secret, used)})
        assert response.status == 302, f"The code was refused:\n{response.text[:2000]}"
    return response


def form_data(html: str, form_id: str | None = None):
    from wagtail.test.utils.form_data import querydict_from_html

    return querydict_from_html(html, form_id=form_id) if form_id else querydict_from_html(html)


def check_first_pages(client: stack.ProxiedClient, pages: dict[str, str]) -> None:
    for path, words in pages.items():
        response, links = assert_page_and_assets(client, path)
        assert any(HASHED_STYLESHEET.match(urlsplit(href).path) for href in links.stylesheets), \
            f"{path} does not link the site's hashed stylesheet: {links.stylesheets}"
        assert words in response.text, f"{path} does not say {words!r}"
        assert "Wagtail site" not in response.text and "Welcome to your new" not in response.text, path


def test_first_deployment_as_readme_says(empty_site):
    client = empty_site.client()

    # Step 2: the site's own pages, straight after migrate.
    check_first_pages(client, FIRST_PAGES)

    # Step 3: the first administrator, their address confirmed by email, then two-step verification.
    stack.manage({**empty_site.env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
                 "createsuperuser", "--noinput", "--email", ADMIN_EMAIL, "--full_name", "First Administrator")
    response = sign_in(client)
    assert "confirm-email" in location(response), f"Signing in went to {location(response)}, not to confirm"
    links = re.findall(rf"https://{re.escape(stack.SITE_HOST)}(/account/confirm-email/[^\s\"'<>]+)", inbox(empty_site))
    assert links, "No email with a confirmation link was sent"
    confirm = links[-1]
    assert client.get(confirm).status == 200
    assert post(client, confirm, {}).status == 302
    sign_in(client)
    client.follow("/admin/")
    assert "/account/reauthenticate/" in client.last_path, f"/admin/ went to {client.last_path}"
    response = post(client, client.last_path, {"password": ADMIN_PASSWORD})
    assert response.status == 302, f"Confirming the password answered {response.status}:\n{error_text(response)}"
    setup = client.follow(location(response))
    assert "/2fa/totp/activate" in client.last_path and "next=%2Fadmin%2F" in client.last_path, client.last_path
    secret = re.search(r'id="totp-secret"><code>([A-Z2-7 ]+)</code>', setup.text).group(1).replace(" ", "")
    used: set[str] = set()
    response = post(client, client.last_path, {"code": fresh_code(secret, used)})
    assert response.status == 302, f"Turning on two-step verification answered {response.status}"
    assert post(client, "/account/logout/", {}).status == 302
    sign_in(client, secret=secret, used=used)
    dashboard = client.follow("/admin/")
    assert dashboard.status == 200 and client.last_path == "/admin/", client.last_path
    assert "Setting up the site" in dashboard.text and "Add your first module" in dashboard.text

    # Step 4: the school directory.
    imported = stack.manage(empty_site.env, "import_schools", "schools/data/gias_sample_schools.csv",
                            "--la", "Wiltshire", "--la", "Swindon")
    assert "Avonmead Academy" in client.follow("/schools/manage/schools/").text, imported

    # Step 5: the service details the privacy notice and accessibility statement show.
    settings_page = client.follow("/admin/settings/lms/servicesettings/")
    assert settings_page.status == 200
    data = form_data(settings_page.text, form_id="w-editor-form")
    data["contact_email"] = "training@partnership.example"
    assert post(client, client.last_path, data).status == 302
    for path in ("/privacy/", "/accessibility/"):
        assert "training@partnership.example" in client.follow(path).text, path

    # Step 6: the first module, from the dashboard's "Add a module", its lesson and assessment, then published.
    add_module = re.search(r'href="(/admin/pages/add/courses/coursepage/\d+/)"', dashboard.text).group(1)
    module_id = add_page(client, add_module, {
        "title": "Understanding trauma", "slug": "understanding-trauma",
        "summary": "What trauma is and how it can affect the way people behave.",
        "audience": "Anyone who works with children, young people or adults", "topic": "trauma_informed",
        "level": "informed", "cpd_hours": "1", "estimated_minutes": "30", "pass_mark": "100",
        "evaluation_questions-count": "0",
    }, publish=False)
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    paragraph = rich_text("<p>Trauma is how a person responds to something frightening or harmful.</p>",
                          features=["bold", "italic", "link", "ol", "ul"])
    add_page(client, f"/admin/pages/add/courses/lessonpage/{module_id}/", {
        "title": "Recognising trauma", "slug": "recognising-trauma", "introduction": "A first look.",
        **nested_form_data({"body": streamfield([("heading", "Recognising trauma"), ("rich_text", paragraph)])}),
    })
    answers = {"count": "2", "0": {"value": {"text": "Calmly explain what happens next", "correct": "on",
                                             "feedback": "Yes: knowing what comes next helps people feel safe."},
                                   "deleted": "", "order": "0", "id": ""},
               "1": {"value": {"text": "Insist they explain themselves at once",
                               "feedback": "Not quite: pressure can feel like a threat."},
                     "deleted": "", "order": "1", "id": ""}}
    add_page(client, f"/admin/pages/add/courses/lessonpage/{module_id}/", {
        "title": "Check what you learned", "slug": "assessment", "is_assessment": "on",
        **nested_form_data({"body": streamfield([("question", {
            "question": "Which response is most likely to help someone feel safe?", "answers": answers})])}),
    })
    edit = client.follow(f"/admin/pages/{module_id}/edit/")
    data = form_data(edit.text, form_id="page-edit-form")
    data.update({"evaluation_questions-count": "0", "action-publish": "action-publish"})
    response = post(client, f"/admin/pages/{module_id}/edit/", data)
    assert response.status == 302, f"Publishing the module answered {response.status}:\n{error_text(response)}"

    # Only live pages show: the module in the catalogue, its published lesson and assessment in its outline.
    visitor = empty_site.client()
    check_first_pages(visitor, {"/modules/": "Understanding trauma",
                                "/modules/understanding-trauma/": "Recognising trauma"})
    assert "Check what you learned" in visitor.follow("/modules/understanding-trauma/").text


def add_page(client: stack.ProxiedClient, add_path: str, fields: dict, *, publish: bool = True) -> int:
    """Fill in the admin's add-page form and save it: a draft (the new page's id) or published (its parent's)."""
    page = client.follow(add_path)
    assert page.status == 200, f"{add_path} answered {page.status}"
    data = form_data(page.text, form_id="page-edit-form")
    data.update(fields)
    if publish:
        data["action-publish"] = "action-publish"
    response = post(client, add_path, data)
    assert response.status == 302, f"Saving {fields['title']!r} answered {response.status}:\n{error_text(response)}"
    # A draft opens in the editor; a published page goes back to its parent's listing.
    saved = re.search(r"/admin/pages/(\d+)/(edit/)?$", urlsplit(response.header("Location") or "").path)
    assert saved, f"Saving {fields['title']!r} went to {location(response)}"
    return int(saved.group(1))


def error_text(response: stack.Response) -> str:
    """The messages an admin form shows, rather than the whole page."""
    found = re.findall(r'class="[^"]*(?:error-message|help-critical|messages)[^"]*"[^>]*>(.*?)</', response.text, re.S)
    return "\n".join(re.sub(r"\s+", " ", text).strip() for text in found if text.strip()) or response.text[:3000]
