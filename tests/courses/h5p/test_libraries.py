"""Libraries are stored once and shared, upgraded by patch, deleted when unused; package rules follow H5P core's."""
import io
import json
from pathlib import Path

import pytest

from tests.courses.h5p import builders
from courses.h5p.models import H5PLibrary, H5PPackage
from courses.h5p.services import package_import, package_validate
from courses.h5p.validation import PackageRejected

pytestmark = pytest.mark.django_db

UI = builders.SHARED_LIBRARY


def library_folders(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "h5p" / "libraries"
    return sorted(path.name for path in root.iterdir()) if root.exists() else []


def refused(data: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        package_import(upload=io.BytesIO(data))
    return caught.value


def test_a_dependency_chain_three_deep_is_stored_without_the_editor_only_library(settings):
    package = package_import(upload=io.BytesIO(builders.quiz_package()))
    assert sorted(library.folder_name for library in package.libraries.all()) == sorted(builders.QUIZ_LIBRARIES)
    assert library_folders(settings) == sorted(builders.QUIZ_LIBRARIES)  # H5PEditor.VrpQuizEditor need not ship
    fonts = Path(settings.MEDIA_ROOT) / "h5p" / "libraries" / "H5P.VrpFontIcons-1.0" / "fonts"
    assert sorted(path.suffix for path in fonts.iterdir()) == [".eot", ".svg", ".ttf", ".woff", ".woff2"]
    assert package.content_type == "VRP quiz"


def test_two_packages_sharing_a_library_store_it_once(settings):
    quiz = package_import(upload=io.BytesIO(builders.quiz_package()))
    check = package_import(upload=io.BytesIO(builders.check_sharing_ui_package()))
    shared = H5PLibrary.objects.get(machine_name="H5P.VrpUI")
    assert set(shared.packages.all()) == {quiz, check}
    assert library_folders(settings).count(UI) == 1
    assert H5PLibrary.objects.count() == 5  # quiz's four and VrpCheck
    assert not (check.folder / UI).exists() and not (quiz.folder / UI).exists()


def test_a_newer_patch_replaces_the_shared_copy_and_an_older_one_does_not(settings, django_capture_on_commit_callbacks):
    package_import(upload=io.BytesIO(builders.quiz_package()))
    with django_capture_on_commit_callbacks(execute=True):
        package_import(upload=io.BytesIO(builders.check_sharing_ui_package(ui_patch=3)))
    shared = H5PLibrary.objects.get(machine_name="H5P.VrpUI")
    script = (shared.folder / "vrp-ui.js").read_text()
    assert (shared.version, 'version: "1.2.3"' in script) == ("1.2.3", True)
    assert [name for name in library_folders(settings) if name.startswith(".")] == []  # the old copy is gone

    package_import(upload=io.BytesIO(builders.quiz_package(title="Older copy", ui_patch=1)))
    shared.refresh_from_db()
    assert shared.version == "1.2.3"
    assert 'version: "1.2.3"' in (shared.folder / "vrp-ui.js").read_text()


def test_a_library_is_deleted_only_when_no_package_uses_it(settings, django_capture_on_commit_callbacks):
    quiz = package_import(upload=io.BytesIO(builders.quiz_package()))
    check = package_import(upload=io.BytesIO(builders.check_sharing_ui_package()))
    with django_capture_on_commit_callbacks(execute=True):
        check.delete()
    assert UI in library_folders(settings)
    assert not H5PLibrary.objects.filter(machine_name="H5P.VrpCheck").exists()
    assert "H5P.VrpCheck-1.0" not in library_folders(settings)
    with django_capture_on_commit_callbacks(execute=True):
        quiz.delete()
    assert H5PLibrary.objects.count() == 0 and library_folders(settings) == []
    assert H5PPackage.objects.count() == 0


def test_a_package_may_rely_on_a_library_already_installed(settings):
    package_import(upload=io.BytesIO(builders.quiz_package()))
    files = builders.quiz_files(title="Without its libraries")
    for name in [name for name in files if name.startswith(("H5P.VrpUI-", "H5P.VrpFontIcons-"))]:
        files.pop(name)
    package = package_import(upload=io.BytesIO(builders.zip_bytes(files)))
    assert UI in [library.folder_name for library in package.libraries.all()]


def test_a_dependency_neither_shipped_nor_installed_is_refused():
    files = builders.quiz_files()
    for name in [name for name in files if name.startswith("H5P.VrpFontIcons-")]:
        files.pop(name)
    error = refused(builders.zip_bytes(files))
    assert error.rule == "library-missing"
    assert error.message == ("The package needs the library H5P.VrpFontIcons 1.0, but does not include it "
                             "and it is not installed on this site.")


def test_a_library_needing_a_newer_core_is_refused_naming_both_versions(settings):
    settings.H5P_PLAYER_CORE_API = "1.24"
    files = builders.quiz_files()
    definition = json.loads(files["H5P.VrpQuestion-1.1/library.json"])
    definition["coreApi"] = {"majorVersion": 1, "minorVersion": 27}
    files["H5P.VrpQuestion-1.1/library.json"] = json.dumps(definition).encode()
    error = refused(builders.zip_bytes(files))
    assert error.rule == "core-api-too-new"
    assert "H5P.VrpQuestion 1.1 needs H5P core 1.27, but the player on this site is H5P core 1.24" in error.message


@pytest.mark.parametrize(
    ("change", "rule", "words"),
    [
        ({"machineName": "H5P.Vrp Quiz!"}, "library-json-invalid", "invalid machine name"),
        ({"majorVersion": "one"}, "json-field-invalid", "“majorVersion” in H5P.VrpQuiz-1.0/library.json must be a whole"),
        ({"patchVersion": 123456}, "json-field-invalid", "“patchVersion”"),
        ({"title": {"en": "Quiz"}}, "json-field-invalid", "“title” in H5P.VrpQuiz-1.0/library.json must be a piece"),
        ({"runnable": 2}, "library-json-invalid", "“runnable”"),
        ({"preloadedJs": [{"path": "../H5P.VrpUI-1.2/vrp-ui.js"}]}, "library-json-invalid", "invalid path"),
        ({"preloadedJs": [{"path": "vrp-quiz.php"}]}, "library-json-invalid", "invalid path"),
        ({"preloadedCss": [{"path": "missing.css"}]}, "library-file-missing", "'missing.css'"),
        ({"preloadedDependencies": "H5P.VrpQuestion"}, "dependencies-invalid", "must be a list"),
        ({"coreApi": "1.24"}, "library-json-invalid", "“coreApi”"),
    ],
)
def test_library_json_is_checked_against_cores_fields_and_patterns(change, rule, words):
    files = builders.quiz_files()
    definition = {**json.loads(files["H5P.VrpQuiz-1.0/library.json"]), **change}
    files["H5P.VrpQuiz-1.0/library.json"] = json.dumps(definition).encode()
    error = refused(builders.zip_bytes(files))
    assert error.rule == rule
    assert words in error.message


def test_corrections_and_skipped_files_are_reported_to_the_editor():
    content = json.loads(json.dumps(builders.QUIZ_CONTENT))
    for question in content["questions"][:3]:
        question["correct"] = 9
    validated = package_validate(upload=io.BytesIO(builders.quiz_package(content=content)))
    assert validated.corrections == ["3 values out of range were corrected"]
    assert [question["correct"] for question in validated.content["questions"]] == [5, 5, 5, 1]
    assert "H5P.VrpQuiz-1.0/language/.en.json" in validated.skipped


def test_a_bulk_delete_also_removes_files_and_unused_libraries(settings, django_capture_on_commit_callbacks):
    # Wagtail's bulk delete action deletes a queryset, not each package.
    quiz = package_import(upload=io.BytesIO(builders.quiz_package()))
    check = package_import(upload=io.BytesIO(builders.check_sharing_ui_package()))
    with django_capture_on_commit_callbacks(execute=True):
        H5PPackage.objects.filter(pk__in=[quiz.pk, check.pk]).delete()
    assert H5PLibrary.objects.count() == 0 and library_folders(settings) == []
    assert not quiz.folder.exists() and not check.folder.exists()
