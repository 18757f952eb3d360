"""Editors choose H5P in the lesson editor: search by title and content type, see the main library and a preview,
upload without leaving the page; the libraries page lists versions and the packages using each."""
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from tests.courses.h5p import builders
from courses.h5p.models import H5PPackage
from courses.h5p.services import package_import

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/snippets/choose/h5p/h5ppackage/"
RESULTS = "/admin/snippets/choose/h5p/h5ppackage/results/"
CREATE = "/admin/snippets/choose/h5p/h5ppackage/create/"
LIBRARIES = "/admin/h5p/libraries/"


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user(role=roles.EDITOR))
    return client


@pytest.fixture
def quiz_and_check():
    quiz = package_import(upload=io.BytesIO(builders.quiz_package()), title="Stress responses")
    check = package_import(upload=io.BytesIO(builders.check_sharing_ui_package()), title="Shouting")
    return quiz, check


def modal_html(response) -> str:
    return json.loads(response.content)["html"] if response["Content-Type"].startswith("application/json") else (
        response.content.decode())


def test_the_chooser_shows_content_type_main_library_and_a_preview(editor_client, quiz_and_check):
    quiz, _ = quiz_and_check
    html = modal_html(editor_client.get(CHOOSE))
    assert "VRP quiz" in html and "H5P.VrpQuiz 1.0" in html
    assert f'href="{quiz.player_url}"' in html
    assert "Upload a new H5P package" in html or "Upload" in html


@pytest.mark.parametrize(("query", "found"), [("stress", ["Stress responses"]), ("VRP knowledge", ["Shouting"]),
                                              ("H5P.VrpQuiz", ["Stress responses"]), ("nothing like it", [])])
def test_the_chooser_searches_by_title_and_content_type(editor_client, quiz_and_check, query, found):
    html = modal_html(editor_client.get(RESULTS, {"q": query}))
    for title in ["Stress responses", "Shouting"]:
        assert (title in html) == (title in found), title


def test_an_editor_uploads_from_the_chooser_without_leaving_the_page(editor_client):
    response = editor_client.post(CREATE, {"title": "From the lesson editor",
                                           "package": SimpleUploadedFile("quiz.h5p", builders.quiz_package())})
    assert response.status_code == 200
    result = json.loads(response.content)
    assert result["step"] == "chosen"
    package = H5PPackage.objects.get()
    assert result["result"]["id"] == str(package.pk) or result["result"]["id"] == package.pk
    assert package.title == "From the lesson editor" and package.libraries.count() == 4


def test_a_refused_upload_in_the_chooser_says_why_and_stores_nothing(editor_client):
    response = editor_client.post(CREATE, {"title": "", "package": SimpleUploadedFile("bad.h5p", b"not a zip")})
    assert response.status_code == 200
    result = json.loads(response.content)
    assert result["step"] != "chosen"
    assert "This package was refused: The file is not an H5P package" in result["htmlFragment"]
    assert not H5PPackage.objects.exists()


def test_the_libraries_page_lists_versions_and_packages(editor_client, quiz_and_check, django_assert_max_num_queries):
    # The admin shell makes most of these; the libraries and their packages are two, however many there are.
    package_import(upload=io.BytesIO(builders.quiz_package(title="Another quiz")))
    with django_assert_max_num_queries(16):
        response = editor_client.get(LIBRARIES)
    html = response.content.decode()
    assert response.status_code == 200
    row = html[html.index("<code>H5P.VrpUI</code>"):]
    row = row[:row.index("</tr>")]
    assert "1.2.0" in row and "Stress responses" in row and "Shouting" in row


def test_the_upload_page_reports_corrections_and_skipped_files(editor_client):
    content = json.loads(json.dumps(builders.QUIZ_CONTENT))
    for question in content["questions"][:3]:
        question["correct"] = 9
    response = editor_client.post("/admin/snippets/h5p/h5ppackage/add/", {
        "title": "", "package": SimpleUploadedFile("quiz.h5p", builders.quiz_package(content=content))}, follow=True)
    html = response.content.decode()
    assert "3 values out of range were corrected." in html
    assert "3 hidden files were skipped, as H5P does: H5P.VrpQuestion-1.1/language/.en.json" in html
