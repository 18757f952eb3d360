"""The player and package files answer only on the package's own origin, with strict headers and no cookies;
the lesson page embeds the player with the learner's launch data and a table of contents for multi-SCO packages."""
import json
import re

import pytest
from django.core.checks import run_checks

from tests.scorm.conftest import SITE

pytestmark = pytest.mark.django_db


def host_of(package) -> str:
    return package.origin.split("//", 1)[1]


def test_player_on_the_packages_origin_has_strict_headers_and_loads_the_right_runtime(client, package12):
    response = client.get(f"/scorm/play/{package12.uuid}/", HTTP_HOST=host_of(package12))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert f"frame-ancestors {SITE}" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert "scorm-again/scorm12.min.js" in html
    assert "<script>" not in html  # no inline script: configuration travels as JSON data
    config = json.loads(re.search(r'<script id="scorm-player-config" type="application/json">(.*?)</script>', html).group(1))
    assert config["parentOrigin"] == SITE
    assert config["version"] == "1.2"


def test_2004_player_loads_the_2004_runtime(client, package2004):
    response = client.get(f"/scorm/play/{package2004.uuid}/", HTTP_HOST=host_of(package2004))
    assert "scorm-again/scorm2004.min.js" in response.content.decode()


def test_each_package_has_its_own_origin(package12, package2004):
    assert package12.origin != package2004.origin
    assert package12.origin == f"http://s{package12.uuid.hex}.localhost:8001"


def test_a_package_cannot_be_served_from_another_packages_origin(client, package12, package2004):
    assert client.get(f"/scorm/play/{package12.uuid}/", HTTP_HOST=host_of(package2004)).status_code == 404
    path = f"/scorm/content/{package12.uuid}/sco1/index.html"
    assert client.get(path, HTTP_HOST=host_of(package2004)).status_code == 404


def test_package_origin_serves_no_site_pages_and_drops_cookies(client, package12, learner):
    host = host_of(package12)
    assert client.get("/", HTTP_HOST=host).status_code == 404
    assert client.get("/admin/", HTTP_HOST=host).status_code == 404
    assert client.get("/account/login/", HTTP_HOST=host).status_code == 404
    client.force_login(learner)
    response = client.get(f"/scorm/play/{package12.uuid}/", HTTP_HOST=host)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert response.wsgi_request.COOKIES == {}
    assert not response.wsgi_request.user.is_authenticated


def test_site_origin_never_serves_scorm_content(client, package12):
    assert client.get(f"/scorm/play/{package12.uuid}/", HTTP_HOST="127.0.0.1:8000").status_code == 404
    assert client.get(f"/scorm/content/{package12.uuid}/sco1/index.html").status_code == 404
    assert client.get(f"/media/scorm/{package12.uuid}/sco1/index.html").status_code == 404


def test_trailing_dot_and_case_tricks_on_the_host_still_name_the_same_package(client, package12):
    host = host_of(package12)
    name, port = host.split(":")
    for variant in (f"{name.upper()}:{port}", f"{name}.:{port}"):
        assert client.get(f"/scorm/play/{package12.uuid}/", HTTP_HOST=variant).status_code == 200
    assert client.get("/", HTTP_HOST=f"{name}.:{port}").status_code == 404


def test_package_files_are_served_with_their_type_and_a_csp_framed_only_by_player_and_site(client, package12):
    host = host_of(package12)
    response = client.get(f"/scorm/content/{package12.uuid}/sco1/index.html", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f"frame-ancestors 'self' {SITE}" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    script = client.get(f"/scorm/content/{package12.uuid}/shared/sco.js", HTTP_HOST=host)
    assert script["Content-Type"].startswith("text/javascript")


@pytest.mark.parametrize("path", ["../../../etc/passwd", "sco1/%2e%2e/%2e%2e/x.html", ".hidden.html", "sco1/missing.html",
                                  "imsmanifest.xml/x", "sco1/index.php"])
def test_package_file_paths_that_escape_or_do_not_exist_are_404(client, package12, path):
    assert client.get(f"/scorm/content/{package12.uuid}/{path}", HTTP_HOST=host_of(package12)).status_code == 404


def test_lesson_page_embeds_the_player_with_launch_data_and_no_inline_script(client, learner, lesson12, package12):
    client.force_login(learner)
    response = client.get(lesson12.url)
    html = response.content.decode()
    assert f'src="{package12.player_url}"' in html
    assert 'sandbox="allow-scripts allow-same-origin allow-forms"' in html
    assert f'data-scorm-origin="{package12.origin}"' in html
    assert f'data-commit-url="/scorm/cmi/{lesson12.pk}/scorm-block-1/"' in html
    assert "js/site/scorm-host.js" in html
    state = json.loads(re.search(r'id="scorm-state-scorm-block-1" type="application/json">(.*?)</script>', html).group(1))
    assert state["items"][0]["state"]["cmi"]["core"]["entry"] == "ab-initio"
    assert "Parts of this package" not in html  # one SCO: no table of contents
    section = re.search(r'<section class="vrp-scorm.*?</section>', html, re.S).group(0)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", section)
    assert not re.search(r"\son[a-z]+=", section)
    assert "style=" not in section


def test_multi_sco_lesson_shows_a_table_of_contents_with_each_parts_status(client, learner, lesson2004):
    from tests.scorm.conftest import post_commit

    client.force_login(learner)
    post_commit(client, lesson2004, sco="ITEM-part1", values={
        "cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.exit": "normal"}, terminate=True)
    html = client.get(lesson2004.url).content.decode()
    assert "Parts of this package" in html
    assert "1. Part 1: Noticing" in html and "2. Part 2: Responding" in html
    assert re.search(r'data-scorm-status="ITEM-part1">Completed<', html)
    assert re.search(r'data-scorm-status="ITEM-part2">Not started<', html)


def test_lesson_with_a_scorm_block_is_completed_by_the_package_not_the_button(client, learner, lesson12):
    client.force_login(learner)
    client.get(lesson12.url)
    from django.urls import reverse

    response = client.post(reverse("courses:lesson_complete", args=[lesson12.pk]), {"opened_at": ""})
    from courses.models import LessonProgress, ProgressStatus

    progress = LessonProgress.objects.filter(enrolment__user=learner, lesson=lesson12).first()
    assert progress is None or progress.status != ProgressStatus.COMPLETED, response


def test_system_checks_refuse_an_origin_template_without_the_package(settings):
    settings.SCORM_ORIGIN = "http://scorm.localhost:8001"
    assert "scorm.E001" in {message.id for message in run_checks()}
    settings.SCORM_ORIGIN = "http://127.0.0.1:8000/{package}"
    assert "scorm.E002" in {message.id for message in run_checks()}


def test_system_checks_refuse_a_cookie_domain_covering_the_scorm_origins(settings):
    settings.SCORM_ORIGIN = "https://s{package}.scorm.example.org"
    settings.SESSION_COOKIE_DOMAIN = ".example.org"
    assert "scorm.E003" in {message.id for message in run_checks()}


def test_the_lesson_pages_csp_lets_it_frame_scorm_origins_only(client, learner, lesson12, package12):
    client.force_login(learner)
    response = client.get(lesson12.url)
    csp = response.get("Content-Security-Policy", "")
    frame_src = next(part for part in csp.split(";") if part.strip().startswith("frame-src"))
    assert "http://*.localhost:8001" in frame_src
    assert "'unsafe-inline'" not in next(part for part in csp.split(";") if part.strip().startswith("script-src"))
