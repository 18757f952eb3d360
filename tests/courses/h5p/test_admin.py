"""Editors upload H5P packages in the Wagtail admin; a refused package says which rule failed and leaves nothing."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from tests.courses.h5p import builders
from courses.h5p.models import H5PPackage

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_h5p_h5ppackage:add"
INDEX_URL = "wagtailsnippets_h5p_h5ppackage:list"


@pytest.fixture
def editor(make_user):
    return make_user(role=roles.EDITOR)


def upload(client, data: bytes, *, title="", name="activity.h5p"):
    return client.post(reverse(ADD_URL), {"title": title, "package": SimpleUploadedFile(name, data)})


def media_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_an_editor_uploads_a_valid_package(client, editor):
    client.force_login(editor)
    assert client.get(reverse(ADD_URL)).status_code == 200

    response = upload(client, builders.valid_package(), title="When a young person shouts")

    assert response.status_code == 302
    package = H5PPackage.objects.get()
    assert (package.title, package.main_library, package.uploaded_by) == (
        "When a young person shouts", "H5P.VrpCheck 1.0", editor)
    assert (package.libraries.get().folder / "vrp-check.js").is_file()
    listing = client.get(reverse(INDEX_URL))
    assert "When a young person shouts" in listing.content.decode()


def test_a_refused_package_shows_the_rule_and_writes_nothing(client, editor, settings):
    client.force_login(editor)
    response = upload(client, builders.path_traversal(), title="Sneaky")

    assert response.status_code == 200
    page = response.content.decode()
    assert "This package was refused" in page
    assert "points outside the package with “..”" in page
    assert H5PPackage.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (builders.zip_bomb_ratio(), "as zip bombs are"),
        (builders.package_with({"content/images/logo.svg": b"<svg onload='alert(1)'/>"}), "SVG is not allowed in content"),
        (builders.package_with(without=("h5p.json",)), "The package has no h5p.json"),
    ],
    ids=["zip-bomb", "svg", "no-h5p-json"],
)
def test_each_refusal_is_explained(client, editor, settings, data, words):
    client.force_login(editor)
    response = upload(client, data)
    assert words in response.content.decode()
    assert H5PPackage.objects.count() == 0 and media_files(settings) == []


def test_only_h5p_files_are_accepted(client, editor):
    client.force_login(editor)
    response = upload(client, builders.valid_package(), name="activity.zip")
    assert "Choose a file that ends in .h5p." in response.content.decode()
    assert H5PPackage.objects.count() == 0


def test_editors_can_rename_a_package_but_not_replace_its_files(client, editor, stored_package):
    client.force_login(editor)
    edit_url = reverse("wagtailsnippets_h5p_h5ppackage:edit", args=[stored_package.pk])
    assert 'name="package"' not in client.get(edit_url).content.decode()
    client.post(edit_url, {"title": "Renamed"})
    stored_package.refresh_from_db()
    assert stored_package.title == "Renamed"


def test_deleting_a_package_removes_its_files(client, editor, stored_package, django_capture_on_commit_callbacks):
    client.force_login(editor)
    folder = stored_package.folder
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_h5p_h5ppackage:delete", args=[stored_package.pk]))
    assert response.status_code == 302
    assert not H5PPackage.objects.exists()
    assert not folder.exists()


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR])
def test_people_who_are_not_editors_cannot_reach_the_upload(client, make_user, role):
    client.force_login(make_user(role=role))
    response = client.get(reverse(ADD_URL))
    assert response.status_code in (302, 403)
    assert "/account/login/" in response.get("Location", "/account/login/")
    response = upload(client, builders.valid_package())
    assert response.status_code in (302, 403)
    assert H5PPackage.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse(ADD_URL))
    assert response.status_code == 302
    assert H5PPackage.objects.count() == 0
