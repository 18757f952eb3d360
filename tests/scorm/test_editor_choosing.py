"""Editors choose SCORM packages in the lesson editor as they do H5P: an Upload tab in the chooser, the block's
title filled from the package's own, and one admin page listing every package with where it is used."""
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from tests.courses.h5p import builders as h5p_builders
from courses.h5p.services import package_import as h5p_import
from courses.scorm import samples
from courses.packages.blocks import ScormPackageBlock
from courses.scorm.models import ScormPackage
from tests.scorm import exports
from tests.scorm.conftest import import_package, scorm_course

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/snippets/choose/scorm/scormpackage/"
CREATE = "/admin/snippets/choose/scorm/scormpackage/create/"
PACKAGES = "/admin/packages/"


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user(role=roles.EDITOR))
    return client


def modal_html(response) -> str:
    return json.loads(response.content)["html"]


def test_the_chooser_offers_an_upload_tab_when_there_are_no_packages_yet(editor_client):
    html = modal_html(editor_client.get(CHOOSE))
    assert "Upload" in html
    assert "SCORM zip file" in html
    assert "go to Snippets" not in html.replace("\n", " ")


def test_an_editor_uploads_from_the_chooser_without_leaving_the_page(editor_client):
    response = editor_client.post(CREATE, {"title": "", "package": SimpleUploadedFile("rise.zip", exports.rise_scorm12())})
    result = json.loads(response.content)
    assert result["step"] == "chosen"
    package = ScormPackage.objects.get()
    assert str(result["result"]["id"]) == str(package.pk)
    assert package.title == "Trauma-informed conversations"  # the package's own title
    assert len(package.left_out) == 3


def test_a_refused_upload_in_the_chooser_says_why_and_stores_nothing(editor_client):
    response = editor_client.post(CREATE, {"title": "", "package": SimpleUploadedFile("bad.zip", b"not a zip")})
    result = json.loads(response.content)
    assert result["step"] != "chosen"
    assert "This package was refused: The file is not a SCORM package" in result["htmlFragment"]
    assert not ScormPackage.objects.exists()


def test_the_block_title_is_filled_from_the_packages_own_title_when_left_empty(db):
    package = import_package(samples.scorm12_single())
    block = ScormPackageBlock()
    value = block.clean(block.to_python({"package": package.pk, "title": "", "instructions": ""}))
    assert value["title"] == "Responding to distress (SCORM 1.2)"
    kept = block.clean(block.to_python({"package": package.pk, "title": "My own title", "instructions": ""}))
    assert kept["title"] == "My own title"


def test_one_page_lists_every_package_with_use_version_size_and_what_was_left_out(
    editor_client, site, django_assert_max_num_queries
):
    rise = import_package(exports.rise_scorm12())
    unused = import_package(samples.scorm2004_multi())
    lesson = scorm_course(package=rise)
    h5p = h5p_import(upload=io.BytesIO(h5p_builders.valid_package()), title="Knowledge check")
    for index in range(3):  # more packages add no queries
        import_package(samples.scorm12_single(), title=f"Extra {index}")
    with django_assert_max_num_queries(20):
        response = editor_client.get(PACKAGES)
    assert response.status_code == 200
    html = response.content.decode()

    def row(title):
        start = html.index(f">{title}</a>")
        return html[start:html.index("</tr>", start)]

    rise_row = row("Trauma-informed conversations")
    assert "SCORM 1.2" in rise_row and lesson.title in rise_row
    assert "3 files were left out" in rise_row and "story_content/frame.swf" in rise_row
    unused_row = row(unused.title)
    assert "SCORM 2004 4th edition" in unused_row and "Not used" in unused_row and "Nothing" in unused_row
    h5p_row = row(h5p.title)
    assert "H5P" in h5p_row and "H5P.VrpCheck 1.0" in h5p_row
    assert "KB" in h5p_row or "bytes" in h5p_row


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR, roles.ORGANISATION_LEAD])
def test_the_packages_page_is_for_those_who_upload_packages(client, make_user, role):
    client.force_login(make_user(role=role))
    response = client.get(PACKAGES)
    assert response.status_code in (302, 403)
    assert b"Packages" not in response.content or response.status_code == 302


def test_the_packages_page_needs_a_sign_in(client):
    response = client.get(PACKAGES)
    assert response.status_code == 302 and "/login" in response["Location"]
