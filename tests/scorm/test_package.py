"""Uploading SCORM packages: what the manifest gives, and every refusal names its rule and leaves nothing behind."""
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from courses.scorm import samples
from courses.scorm.errors import PackageRejected
from courses.scorm.models import Sco, ScormPackage
from courses.scorm.services import package_import

pytestmark = pytest.mark.django_db


def refused(data: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        package_import(upload=io.BytesIO(data))
    assert ScormPackage.objects.count() == 0
    assert Sco.objects.count() == 0
    root = Path(settings.MEDIA_ROOT) / "scorm"
    assert not root.exists() or list(root.iterdir()) == []
    return caught.value


def with_manifest(manifest: str, version="1.2", **extra) -> bytes:
    files = samples.package_files(version=version, title="T", scos=[("sco1", "One")], manifest=manifest)
    files.update(extra)
    return samples.zip_files(files)


def test_scorm_12_package_is_read_with_its_sco_launch_file_and_mastery_score():
    package = package_import(upload=io.BytesIO(samples.scorm12_single()))
    assert package.version == "1.2"
    assert package.title == "Responding to distress (SCORM 1.2)"
    [sco] = package.scos.all()
    assert (sco.identifier, sco.title, sco.launch, sco.is_sco) == ("ITEM-sco1", "Responding to distress", "sco1/index.html", True)
    assert sco.mastery_score == 80
    assert sco.max_time_allowed == "00:30:00"
    assert sco.time_limit_action == "continue,no message"
    assert (package.folder / "sco1" / "index.html").is_file()
    assert (package.folder / "imsmanifest.xml").is_file()


def test_scorm_2004_multi_sco_package_keeps_order_passing_score_and_time_limit():
    package = package_import(upload=io.BytesIO(samples.scorm2004_multi()), title="Staying safe")
    assert package.version == "2004-4"
    assert package.title == "Staying safe"
    scos = list(package.scos.all())
    assert [sco.title for sco in scos] == ["Part 1: Noticing", "Part 2: Responding"]
    assert all(sco.scaled_passing_score == 0.8 and sco.max_time_allowed == "PT30M" for sco in scos)
    assert all(sco.completion_threshold == 1.0 for sco in scos)


@pytest.mark.parametrize(
    "schema, version",
    [("CAM 1.3", "2004-2"), ("2004 3rd Edition", "2004-3"), ("2004 4th Edition", "2004-4")],
)
def test_each_scorm_2004_edition_is_detected(schema, version):
    manifest = samples.manifest_2004(title="T", scos=[("sco1", "One")], edition=schema)
    package = package_import(upload=io.BytesIO(with_manifest(manifest, version="2004")))
    assert package.version == version


def test_item_parameters_are_added_to_the_launch_address():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace(
        'identifierref="RES-sco1"', 'identifierref="RES-sco1" parameters="?part=2"'
    )
    package = package_import(upload=io.BytesIO(with_manifest(manifest)))
    assert package.scos.get().launch == "sco1/index.html?part=2"


def test_external_entity_is_refused():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    ).replace("<title>T</title>", "<title>&secret;</title>")
    error = refused(with_manifest(manifest))
    assert error.rule in ("manifest-dtd", "manifest-entity")
    assert "imsmanifest.xml" in error.message


def test_entity_expansion_bomb_is_refused():
    bomb = '<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    manifest = samples.manifest_12(title="&b;", scos=[("sco1", "One")]).replace(
        '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>' + bomb
    )
    assert refused(with_manifest(manifest)).rule in ("manifest-dtd", "manifest-entity")


def test_missing_launch_file_is_refused():
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    del files["sco1/index.html"]
    error = refused(samples.zip_files(files))
    assert error.rule == "missing-launch-file"
    assert "sco1/index.html" in error.message


def test_unknown_version_is_refused():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace(
        "<schemaversion>1.2</schemaversion>", "<schemaversion>1.1</schemaversion>"
    )
    error = refused(with_manifest(manifest))
    assert error.rule == "unknown-version"
    assert "1.1" in error.message


def test_manifest_without_any_version_is_refused():
    manifest = samples.manifest_2004(title="T", scos=[("sco1", "One")]).replace(
        "<schemaversion>2004 4th Edition</schemaversion>", ""
    )
    assert refused(with_manifest(manifest, version="2004")).rule == "unknown-version"


@pytest.mark.parametrize(
    "href, rule",
    [
        ("../outside.html", "parent-path"),
        ("sco1/../../outside.html", "parent-path"),
        ("/etc/passwd", "external-launch"),
        ("https://example.org/tracker.html", "external-launch"),
        ("//example.org/x.html", "external-launch"),
    ],
)
def test_launch_paths_that_leave_the_package_are_refused(href, rule):
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace(
        'href="sco1/index.html">', f'href="{href}">'
    )
    assert refused(with_manifest(manifest)).rule == rule


@pytest.mark.parametrize(
    "name, rule",
    [
        ("../evil.html", "parent-path"),
        ("/abs/evil.html", "absolute-path"),
        ("sco1\\evil.html", "backslash"),
        ("C:/evil.html", "absolute-path"),
        (".htaccess.txt", "hidden-file"),
        # Unsafe types are left out rather than refused (tests/scorm/test_left_out.py), but never with a trick.
        ("../run.php", "parent-path"),
        ("/movie.swf", "absolute-path"),
        ("sco1\\tool.exe", "backslash"),
    ],
)
def test_archive_entries_with_path_tricks_or_unsafe_types_are_refused(name, rule):
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for existing, content in files.items():
            archive.writestr(existing, content)
        archive.writestr(zipfile.ZipInfo(name), b"x")
    assert refused(buffer.getvalue()).rule == rule


def test_symbolic_link_is_refused():
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for existing, content in files.items():
            archive.writestr(existing, content)
        link = zipfile.ZipInfo("sco1/link.html")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    assert refused(buffer.getvalue()).rule == "link"


def test_zip_bomb_is_refused_by_compression_ratio():
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    files["sco1/padding.txt"] = "0" * (5 * 1024 * 1024)
    assert refused(samples.zip_files(files)).rule == "compression-ratio"


def test_size_limits_apply(settings):
    settings.SCORM_MAX_FILE_BYTES = 1000
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    files["sco1/big.txt"] = "".join(chr(33 + (i * 7919) % 90) for i in range(5000))
    assert refused(samples.zip_files(files)).rule == "file-too-large"


def test_too_many_files_is_refused(settings):
    settings.SCORM_MAX_FILES = 3
    assert refused(samples.scorm12_single()).rule == "too-many-files"


def test_not_a_zip_is_refused():
    error = refused(b"this is not a zip")
    assert error.rule == "not-a-zip"
    assert "SCORM package" in error.message


def test_manifest_missing_or_in_a_subfolder_is_refused_with_a_hint():
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    nested = {f"course/{name}": content for name, content in files.items()}
    error = refused(samples.zip_files(nested))
    assert error.rule == "manifest-missing"
    assert "course/" in error.message


def test_malformed_manifest_is_refused():
    assert refused(with_manifest("<manifest><unclosed></manifest>")).rule == "manifest-malformed"


def test_package_without_a_sco_is_refused():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace('scormtype="sco"', 'scormtype="asset"')
    assert refused(with_manifest(manifest)).rule == "no-sco"


def test_item_pointing_at_a_missing_resource_is_refused():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace(
        'identifierref="RES-sco1"', 'identifierref="RES-nowhere"'
    )
    assert refused(with_manifest(manifest)).rule == "missing-resource"


def test_mastery_score_out_of_range_is_refused():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")], mastery_score=150)
    assert refused(with_manifest(manifest)).rule == "manifest-value"


def test_nothing_is_left_when_storing_fails_after_unpacking(monkeypatch):
    from courses.scorm import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.Sco.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        package_import(upload=io.BytesIO(samples.scorm12_single()))
    assert ScormPackage.objects.count() == 0
    root = Path(settings.MEDIA_ROOT) / "scorm"
    assert list(root.iterdir()) == []
