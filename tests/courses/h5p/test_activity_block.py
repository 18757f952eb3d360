"""A lesson shows its H5P activity in a sandboxed frame from the H5P origin, wired to the xAPI intake; the demo package is idempotent."""
import re
import shutil

import pytest

from courses.h5p.demo import DEMO_TITLE, demo_package
from courses.h5p.models import H5PPackage

from .conftest import H5P

pytestmark = pytest.mark.django_db


def frame_of(html: str) -> str:
    match = re.search(r"<iframe[^>]*data-h5p-activity[^>]*>", html, re.S)
    assert match, "no H5P frame on the page"
    return match.group(0)


def test_the_lesson_page_embeds_the_player_in_a_sandboxed_frame(client, learner, h5p_lesson, activity_id, package):
    client.force_login(learner)
    html = client.get(h5p_lesson.url).content.decode()

    frame = frame_of(html)
    assert 'sandbox="allow-scripts allow-same-origin"' in frame
    assert f'src="{H5P}/h5p/play/{package.uuid}/"' in frame
    assert f'data-h5p-origin="{H5P}"' in frame
    assert f'data-xapi-url="/h5p/xapi/{h5p_lesson.pk}/{activity_id}/"' in frame
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', frame)
    assert 'title="Check your understanding (interactive activity)"' in frame
    assert "/static/js/site/h5p-host.js" in html
    assert "Choose the best first response." in html


def test_an_activity_whose_package_was_deleted_says_so(client, learner, h5p_lesson, package):
    package.delete()
    client.force_login(learner)
    html = client.get(h5p_lesson.url).content.decode()
    assert "This activity is not available at the moment." in html
    assert "<iframe" not in html


def test_the_demo_package_is_imported_once():
    first = demo_package()
    again = demo_package()
    assert first.pk == again.pk
    assert H5PPackage.objects.count() == 1
    assert first.title == DEMO_TITLE
    assert (first.folder / "h5p.json").is_file()


def test_the_demo_package_files_come_back_if_media_was_lost():
    package = demo_package()
    shutil.rmtree(package.folder)
    assert demo_package().pk == package.pk
    assert (package.folder / "content" / "content.json").is_file()
