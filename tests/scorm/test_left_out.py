"""Real exports carry files the site will not serve (Flash, programs, server scripts): they are left out, the
package imports when what it launches is intact, and the editor is told which files and why. File names in a
zip's legacy encodings are read as the zip says, or refused in plain words, never stored garbled."""
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from courses.scorm import samples
from courses.scorm.errors import PackageRejected
from courses.scorm.models import ScormPackage
from courses.scorm.services import package_import
from tests.scorm import exports

pytestmark = pytest.mark.django_db


def refused(data: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        package_import(upload=io.BytesIO(data))
    assert ScormPackage.objects.count() == 0
    root = Path(settings.MEDIA_ROOT) / "scorm"
    assert not root.exists() or list(root.iterdir()) == []
    return caught.value


def on_disk(package) -> set[str]:
    return {path.relative_to(package.folder).as_posix() for path in package.folder.rglob("*") if path.is_file()}


def test_a_rise_shaped_export_imports_with_its_flash_files_left_out_and_not_on_disk():
    package = package_import(upload=io.BytesIO(exports.rise_scorm12()))
    assert package.title == "Trauma-informed conversations"
    assert package.scos.get().launch == "scormdriver/indexAPI.html"
    assert sorted(item["name"] for item in package.left_out) == sorted(exports.RISE_FLASH_FILES)
    assert {item["reason"] for item in package.left_out} == {"Flash, which no browser plays any more"}
    files = on_disk(package)
    assert not any(name.endswith(".swf") for name in files)
    assert not (package.folder / "story_content").exists()
    assert {"scormdriver/indexAPI.html", "scormcontent/index.html", "scormcontent/lib/main.bundle.js"} <= files
    # The recorded size is what is stored, not what was left out.
    assert package.size == sum((package.folder / name).stat().st_size for name in files)


def test_without_flash_nothing_is_left_out():
    package = package_import(upload=io.BytesIO(exports.rise_scorm12(flash=False)))
    assert package.left_out == []


@pytest.mark.parametrize(
    "name, reason",
    [
        ("sco1/run.php", "a server script, which the site never runs"),
        ("sco1/movie.swf", "Flash, which no browser plays any more"),
        ("tools/setup.exe", "a program, which the site never serves"),
        ("sco1/LICENSE", "it has no file type, so the site cannot serve it safely"),
        ("sco1/notes.docx", "the site does not serve .docx files"),
    ],
)
def test_each_unserved_type_is_left_out_with_its_reason(name, reason):
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    files[name] = "x"
    package = package_import(upload=io.BytesIO(samples.zip_files(files)))
    assert package.left_out == [{"name": name, "reason": reason}]
    assert not (package.folder / name).exists()


def test_a_package_whose_launch_file_is_of_an_unserved_type_is_refused():
    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")]).replace("sco1/index.html", "sco1/movie.swf")
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")], manifest=manifest)
    files["sco1/movie.swf"] = "FWS"
    error = refused(samples.zip_files(files))
    assert error.rule == "launch-file-type"
    assert "launches “sco1/movie.swf”" in str(error) and "Flash" in str(error)


def test_a_left_out_file_with_a_path_trick_is_still_refused():
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr("../../evil.php", "<?php")
    assert refused(buffer.getvalue()).rule == "parent-path"


def test_the_editor_is_told_which_files_were_left_out_and_why(client, make_user):
    editor = make_user(role=roles.EDITOR)
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_scorm_scormpackage:add"),
        {"title": "", "package": SimpleUploadedFile("rise.zip", exports.rise_scorm12())},
        follow=True,
    )
    page = response.content.decode()
    assert "3 files were left out and will not be served" in page
    assert "story_content/Shape68aBcdEf.swf" in page
    assert "Flash, which no browser plays any more" in page
    assert ScormPackage.objects.get().title == "Trauma-informed conversations"


# --- file names in a zip's legacy encodings (security review, issue 17 item 10) -----------------------------


def _zip_with_raw_name(raw_name: bytes, *, utf8_flag: bool, extra: bytes = b"", launch: bytes | None = None) -> bytes:
    """A package with one extra entry whose name bytes are written exactly as given (zipfile would re-encode)."""
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")])
    buffer = io.BytesIO()
    marker = "sco1/PLACEHOLDER-NAME.png"
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        info = zipfile.ZipInfo(marker)
        info.extra = extra
        archive.writestr(info, exports.PNG)
    data = buffer.getvalue()
    placeholder = marker.encode("ascii")
    wanted = b"sco1/" + raw_name
    assert len(wanted) <= len(placeholder)
    # Same length keeps every offset valid: pad the name with ASCII underscores in front of the extension.
    padded = wanted[:-4] + b"_" * (len(placeholder) - len(wanted)) + wanted[-4:]
    data = data.replace(placeholder, padded)
    if utf8_flag:
        # Set bit 11 in the local and central headers of that entry.
        for signature, flag_offset, name_length_offset in ((b"PK\x03\x04", 6, 26), (b"PK\x01\x02", 8, 28)):
            start = 0
            while (start := data.find(signature, start)) != -1:
                (name_length,) = struct.unpack_from("<H", data, start + name_length_offset)
                header = 30 if signature == b"PK\x03\x04" else 46
                if data[start + header: start + header + name_length] == padded:
                    (flags,) = struct.unpack_from("<H", data, start + flag_offset)
                    data = data[: start + flag_offset] + struct.pack("<H", flags | 0x800) + data[start + flag_offset + 2:]
                start += 4
    return data, padded.decode("latin-1")


def test_a_name_without_the_utf8_flag_that_is_utf8_is_read_as_utf8():
    data, _ = _zip_with_raw_name("café.png".encode("utf-8"), utf8_flag=False)
    package = package_import(upload=io.BytesIO(data))
    names = on_disk(package)
    assert any(name.startswith("sco1/café_") and name.endswith(".png") for name in names), names


def test_a_shift_jis_name_without_the_flag_is_refused_in_plain_words_not_stored_garbled():
    data, _ = _zip_with_raw_name("テスト.png".encode("shift_jis"), utf8_flag=False)
    error = refused(data)
    assert error.rule == "name-encoding"
    assert "older character set" in str(error) and "UTF-8" in str(error)


def test_a_unicode_path_field_gives_the_real_name_of_a_legacy_name():
    raw = "テスト.png".encode("shift_jis")
    data, padded = _zip_with_raw_name(raw, utf8_flag=False)
    # Rebuild with the Info-ZIP Unicode Path field naming the entry in UTF-8, as 7-Zip writes it.
    real = "sco1/テスト.png"
    padded_raw = padded.encode("latin-1")
    body = b"\x01" + struct.pack("<I", zlib.crc32(padded_raw)) + real.encode("utf-8")
    extra = struct.pack("<HH", 0x7075, len(body)) + body
    data, _ = _zip_with_raw_name(raw, utf8_flag=False, extra=extra)
    package = package_import(upload=io.BytesIO(data))
    assert real in on_disk(package)


def test_invalid_utf8_with_the_flag_set_says_what_is_wrong():
    data, _ = _zip_with_raw_name(b"\xff\xfe.png", utf8_flag=True)
    error = refused(data)
    assert error.rule == "name-encoding"
    assert "marked as UTF-8 but is not valid UTF-8" in str(error)
    assert "could not be opened as a zip archive" not in str(error)


def test_a_multi_sco_2004_package_shaped_like_adls_golf_example_imports_in_order():
    package = package_import(upload=io.BytesIO(exports.golf_shaped_2004()))
    assert package.version == "2004-4"
    items = list(package.scos.order_by("position").values_list("identifier", "depth", "is_sco", "launch"))
    # Topic headings launch nothing and are not stored; their pages keep table-of-contents order and depth.
    assert [identifier for identifier, *_ in items] == [
        "playing_rules_item", "playing_par_item", "etiquette_course_item", "etiquette_play_item", "test_item",
    ]
    scos = [(identifier, depth, launch) for identifier, depth, is_sco, launch in items if is_sco]
    assert scos[0] == ("playing_rules_item", 1, "shared/launchpage.html?content=playing_rules")
    assert scos[-1] == ("test_item", 0, "shared/launchpage.html?content=test")
    assert len(scos) == 5
