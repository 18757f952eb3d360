"""Editors upload SCORM packages in the Wagtail admin or with `manage.py scorm_import`; a refusal names the rule."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import roles
from courses.scorm import samples
from courses.scorm.models import ScormPackage

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_scorm_scormpackage:add"
INDEX_URL = "wagtailsnippets_scorm_scormpackage:list"


@pytest.fixture
def editor(make_user):
    return make_user(role=roles.EDITOR)


def upload(client, data: bytes, *, title="", name="package.zip"):
    return client.post(reverse(ADD_URL), {"title": title, "package": SimpleUploadedFile(name, data)})


def media_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_an_editor_uploads_a_scorm_package(client, editor):
    client.force_login(editor)
    assert client.get(reverse(ADD_URL)).status_code == 200
    response = upload(client, samples.scorm2004_multi(), title="Staying safe")
    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert (package.title, package.version, package.uploaded_by) == ("Staying safe", "2004-4", editor)
    assert package.scos.count() == 2
    listing = client.get(reverse(INDEX_URL)).content.decode()
    assert "Staying safe" in listing and "SCORM 2004 4th edition" in listing


@pytest.mark.parametrize(
    "data, words",
    [
        (samples.zip_files({"imsmanifest.xml": '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                               "<manifest>&x;</manifest>"}),
         "imsmanifest.xml declares a DTD"),
        (samples.zip_files({"index.html": "<p>hello</p>"}), "has no imsmanifest.xml"),
        (b"not a zip", "could not be opened as a zip archive"),
    ],
)
def test_a_refused_package_shows_the_rule_and_writes_nothing(client, editor, settings, data, words):
    client.force_login(editor)
    response = upload(client, data, title="Sneaky")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This package was refused" in page
    assert words in page
    assert ScormPackage.objects.count() == 0
    assert media_files(settings) == []


def test_only_zip_files_are_taken(client, editor):
    client.force_login(editor)
    response = upload(client, samples.scorm12_single(), name="package.h5p")
    assert "Choose a file that ends in .zip." in response.content.decode()
    assert ScormPackage.objects.count() == 0


def test_editing_renames_without_touching_the_files(client, editor):
    from courses.scorm.services import package_import
    import io

    package = package_import(upload=io.BytesIO(samples.scorm12_single()))
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_scorm_scormpackage:edit", args=[package.pk]), {"title": "Renamed"})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.title == "Renamed" and package.version == "1.2"


def test_deleting_a_package_removes_its_files(client, editor, django_capture_on_commit_callbacks):
    from courses.scorm.services import package_import
    import io

    package = package_import(upload=io.BytesIO(samples.scorm12_single()))
    folder = package.folder
    with django_capture_on_commit_callbacks(execute=True):
        package.delete()
    assert not folder.exists()


def test_import_command_stores_a_package_and_prints_its_id(tmp_path, capsys):
    path = tmp_path / "package.zip"
    path.write_bytes(samples.scorm12_single())
    call_command("scorm_import", str(path), "--title", "From the command line")
    package = ScormPackage.objects.get()
    assert capsys.readouterr().out.strip() == str(package.pk)
    assert package.title == "From the command line"


def test_import_command_gives_the_rule_for_a_refused_package(tmp_path, settings):
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    del files["sco1/index.html"]
    path = tmp_path / "broken.zip"
    path.write_bytes(samples.zip_files(files))
    with pytest.raises(CommandError, match=r"Package refused \(missing-launch-file\)"):
        call_command("scorm_import", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("scorm_import", str(tmp_path / "nowhere.zip"))
    assert ScormPackage.objects.count() == 0
    assert media_files(settings) == []
