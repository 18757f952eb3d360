"""The nine crafted packages that once reached a 500 (issue 12) are refused with the rule they break,
in the admin and by the import command alike, and leave nothing behind."""
import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import roles
from tests.courses.h5p import builders
from courses.h5p.models import H5PLibrary, H5PPackage

pytestmark = pytest.mark.django_db

LIBRARY = builders.LIBRARY_FOLDER


def raw_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A valid package plus `entries` in the order given, names written exactly as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in sorted(builders.package_files().items()):
            archive.writestr(zipfile.ZipInfo(name, date_time=builders.FIXED_DATE), data)
        for name, data in entries:
            info = zipfile.ZipInfo("placeholder", date_time=builders.FIXED_DATE)
            info.filename = name
            archive.writestr(info, data)
    return buffer.getvalue()


def crc_corrupt() -> bytes:
    """A stored member whose bytes no longer match its CRC: headers and sizes are all still right."""
    data = bytearray(raw_zip([("content/notes.txt", b"A" * 400)]))
    start = data.find(b"A" * 400)
    data[start + 200] = ord("B")
    return bytes(data)


def nested_content(depth: int) -> bytes:
    content = dict(builders.DEFAULT_CONTENT)
    content["answers"] = [dict(content["answers"][0], feedback="[" * depth + "]" * depth)]
    text = json.dumps(content).replace('"' + "[" * depth + "]" * depth + '"', "[" * depth + "]" * depth)
    return builders.package_with({"content/content.json": text.encode()})


def h5p_json_with_objects() -> bytes:
    h5p = builders.h5p_json(title={"en": "A title"}, embedTypes=[{"type": "iframe"}])
    return builders.package_with({"h5p.json": json.dumps(h5p).encode()})


def semantics_with_objects() -> bytes:
    semantics = [{"name": {"evil": 1}, "type": {"x": "text"}}, {"name": "question", "type": "text", "tags": {"p": 1},
                                                               "maxLength": {"n": 3}},
                 {"name": "answers", "type": "list", "field": {"name": "answer", "type": "group", "fields": {"a": 1}}}]
    return builders.package_with({f"{LIBRARY}/semantics.json": json.dumps(semantics).encode()})


HOSTILE = [
    ("file-then-folder", lambda: raw_zip([("content/images/a.png", b"png"), ("content/images/a.png/b.png", b"png")]),
     "file-folder-clash", "is both a file and a folder"),
    ("folder-then-file", lambda: raw_zip([("content/images/a.png/b.png", b"png"), ("content/images/a.png", b"png")]),
     "file-folder-clash", "is both a file and a folder"),
    ("long-name", lambda: raw_zip([("content/" + "n" * 256 + ".png", b"png")]),
     "name-too-long", "longer than 255 bytes"),
    ("1500-folders", lambda: raw_zip([("content/" + "d/" * 1500 + "x.json", b"{}")]),
     "too-deep", "packages may nest at most 32 deep"),
    ("crc-corrupt", crc_corrupt, "corrupt", "could not be unpacked: the package is damaged"),
    ("h5p-json-objects", h5p_json_with_objects, "json-field-invalid", "“title” in h5p.json must be a piece of text"),
    ("content-600-deep", lambda: nested_content(600), "json-too-deep", "more than 100 levels deep"),
    ("content-900-deep", lambda: nested_content(900), "json-too-deep", "more than 100 levels deep"),
]


@pytest.fixture
def editor(make_user):
    return make_user(role=roles.EDITOR)


def left_on_disk(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.mark.parametrize(("build", "rule", "words"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_the_admin_refuses_each_hostile_package_with_its_rule(client, editor, settings, build, rule, words):
    client.force_login(editor)
    upload = SimpleUploadedFile("hostile.h5p", build())
    response = client.post(reverse("wagtailsnippets_h5p_h5ppackage:add"), {"title": "", "package": upload})
    assert response.status_code == 200
    assert "This package was refused:" in response.content.decode()
    assert words in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert H5PPackage.objects.count() == 0 and H5PLibrary.objects.count() == 0
    assert left_on_disk(settings) == []


@pytest.mark.parametrize(("build", "rule", "words"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_the_import_command_gives_the_same_messages(tmp_path, settings, build, rule, words):
    path = tmp_path / "hostile.h5p"
    path.write_bytes(build())
    with pytest.raises(CommandError) as caught:
        call_command("h5p_import", str(path), stdout=StringIO(), stderr=StringIO())
    assert str(caught.value).startswith(f"Package refused ({rule}): ")
    assert words in str(caught.value)
    assert H5PPackage.objects.count() == 0


def test_semantics_with_objects_where_text_is_expected_still_imports_and_cleans(client, editor, settings):
    """The ninth: hostile semantics cannot crash the validator; fields it cannot read describe nothing."""
    client.force_login(editor)
    upload = SimpleUploadedFile("hostile.h5p", semantics_with_objects())
    response = client.post(reverse("wagtailsnippets_h5p_h5ppackage:add"), {"title": "", "package": upload})
    assert response.status_code == 302
    package = H5PPackage.objects.get()
    stored = json.loads((package.folder / "content" / "content.json").read_text())
    # "question" is still a text field, but its tag list is unreadable: it becomes plain text.
    assert stored["question"].startswith("A young person shouts")
    assert "<" not in json.dumps(stored)
