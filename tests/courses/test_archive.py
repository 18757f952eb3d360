"""The shared archive gate refuses unsafe zips on its own, whichever app (H5P, SCORM) calls it."""
import io
import zipfile

import pytest

from courses.archive import ArchiveLimits, ArchiveRejected, archive_open

LIMITS = ArchiveLimits(
    max_upload_bytes=1024 * 1024,
    max_file_bytes=64 * 1024,
    max_total_bytes=128 * 1024,
    max_files=10,
    max_compression_ratio=100,
    ratio_check_min_bytes=16 * 1024,
)


def zipped(entries: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # the constructor would normalise hostile names
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    buffer.seek(0)
    return buffer


def test_a_plain_archive_passes_with_its_sizes_and_hash():
    opened = archive_open(zipped({"a/b.txt": b"hello", "c.txt": b"!"}), limits=LIMITS)
    assert sorted(opened.entries) == ["a/b.txt", "c.txt"]
    assert opened.total_size == 6
    assert len(opened.sha256) == 64


@pytest.mark.parametrize(
    ("entries", "rule"),
    [
        ({"a/../../x.txt": b"x"}, "parent-path"),
        ({"/etc/x.txt": b"x"}, "absolute-path"),
        ({"C:/x.txt": b"x"}, "absolute-path"),
        ({"a\\x.txt": b"x"}, "backslash"),
        ({"big.txt": b"x" * (65 * 1024)}, "file-too-large"),
        ({"zeros.bin": bytes(60 * 1024)}, "compression-ratio"),
        ({f"f{index}.txt": b"x" for index in range(11)}, "too-many-files"),
        ({f"f{index}.txt": bytes(range(256)) * 200 for index in range(3)}, "total-too-large"),
    ],
)
def test_unsafe_archives_are_refused_by_rule(entries, rule):
    with pytest.raises(ArchiveRejected) as caught:
        archive_open(zipped(entries), limits=LIMITS)
    assert caught.value.rule == rule


def test_a_file_that_is_not_a_zip_names_the_kind_of_package():
    with pytest.raises(ArchiveRejected) as caught:
        archive_open(io.BytesIO(b"not a zip"), limits=LIMITS, what="a SCORM package")
    assert caught.value.message.startswith("The file is not a SCORM package")
