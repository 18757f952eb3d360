"""Hostile and broken `.h5p` packages for the tests, beside the well-formed ones of courses.h5p.samples."""
import io
import os
import zipfile

from courses.h5p.samples import *  # noqa: F401,F403  (one import for every package the tests build)
from courses.h5p.samples import FIXED_DATE, LIBRARY_FOLDER, package_files, valid_package, zip_bytes


def package_with(extra: dict[str, bytes] | None = None, *, without: tuple[str, ...] = (), **kwargs) -> bytes:
    """A valid package with files added or replaced (`extra`) and removed (`without`)."""
    files = package_files()
    for name in without:
        files.pop(name)
    files.update(extra or {})
    return zip_bytes(files, **kwargs)


def renamed_library(new_folder: str) -> bytes:
    """The library's files moved to another folder name (a misnamed library)."""
    files = {
        name.replace(LIBRARY_FOLDER, new_folder, 1) if name.startswith(LIBRARY_FOLDER) else name: data
        for name, data in package_files().items()
    }
    return zip_bytes(files)


def zip_bomb_ratio(size: int = 8 * 1024 * 1024) -> bytes:
    """One content file of zeros: a few kilobytes that unpack to megabytes (about 1000 to 1)."""
    return package_with({"content/images/picture.png": bytes(size)})


def zip_bomb_total(files: int = 105, size: int = 1024 * 1024) -> bytes:
    """Many files, each compressed under the ratio limit, that together unpack past the total limit."""
    # A 2% sprinkling of random bytes keeps each file's ratio near 50 to 1, under the limit of 100.
    chunk = bytearray(size)
    chunk[:: 50] = os.urandom(len(chunk[:: 50]))
    chunk = bytes(chunk)
    return package_with({f"content/audio/part-{index:03}.mp3": chunk for index in range(files)})


def _raw_entries(entries: dict[str, bytes]) -> bytes:
    """A valid package plus entries whose names Python's zip writer would otherwise normalise."""
    buffer = io.BytesIO(valid_package())
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo("placeholder", date_time=FIXED_DATE)
            info.filename = name  # set after construction: the constructor would strip leading slashes
            archive.writestr(info, data)
    return buffer.getvalue()


def path_traversal() -> bytes:
    return _raw_entries({"content/../../escape.json": b"{}"})


def absolute_path() -> bytes:
    return _raw_entries({"/etc/cron.d/evil.json": b"{}"})


def backslash_path() -> bytes:
    return _raw_entries({"content\\..\\evil.json": b"{}"})


def symlink() -> bytes:
    return package_with(symlinks={"content/images/passwords.png": "/etc/passwd"})
