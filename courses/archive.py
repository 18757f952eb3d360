"""The archive gate: checks an uploaded zip's entries (names, links, sizes) before a byte is unpacked.

H5P and SCORM packages both come in as zip files made elsewhere. Everything that keeps such a file
from writing outside its folder, or from filling the disk, lives here, so both apps apply the same
rules and give the same plain-English refusals. What a package must *contain* is each app's business.
"""
import hashlib
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
COPY_CHUNK = 256 * 1024


class ArchiveRejected(Exception):
    """The archive breaks a rule; `rule` is a short name for it and the message says what to fix."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ArchiveLimits:
    """How big an archive may be; each app reads its own settings into one of these."""

    max_upload_bytes: int
    max_file_bytes: int
    max_total_bytes: int
    max_files: int
    max_compression_ratio: int
    # Small files may compress well for innocent reasons; the ratio limit applies above this size.
    ratio_check_min_bytes: int


@dataclass
class ArchiveEntries:
    """What passed the gate: the files to unpack (name -> ZipInfo) and their unpacked size in all."""

    archive: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]
    total_size: int
    sha256: str


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def archive_open(upload: IO[bytes], *, limits: ArchiveLimits, what: str = "an H5P package") -> ArchiveEntries:
    """Open the upload as a zip and check every entry's header; raise ArchiveRejected on the first broken rule.

    `what` names the kind of package in the message for a file that is not a zip at all.
    """
    sha256, upload_size = _hash_and_size(upload)
    if upload_size > limits.max_upload_bytes:
        raise ArchiveRejected(
            "upload-too-large",
            f"The file is {megabytes(upload_size)}; packages can be at most {megabytes(limits.max_upload_bytes)}.",
        )
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ArchiveRejected("not-a-zip", f"The file is not {what}: it could not be opened as a zip archive.")
    entries, total = archive_entries_check(archive, limits=limits)
    return ArchiveEntries(archive=archive, entries=entries, total_size=total, sha256=sha256)


def _hash_and_size(upload: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def archive_entries_check(
    archive: zipfile.ZipFile, *, limits: ArchiveLimits
) -> tuple[dict[str, zipfile.ZipInfo], int]:
    """Check names, links, encryption and sizes of every entry as its header declares them."""
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        raise ArchiveRejected(
            "too-many-files", f"The package holds {len(infos)} files; at most {limits.max_files} are allowed."
        )
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        entry_name_check(name)
        mode = info.external_attr >> 16
        windows_reparse_point = info.create_system == 0 and info.external_attr & 0x400
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR) or windows_reparse_point:
            raise ArchiveRejected("link", f"“{name}” is a link or special file; packages may only hold plain files.")
        if info.flag_bits & 0x1:
            raise ArchiveRejected("encrypted", f"“{name}” is encrypted; upload a package without a password.")
        if info.is_dir():
            continue
        if name in entries:
            raise ArchiveRejected("duplicate", f"“{name}” appears twice in the package.")
        if info.file_size > limits.max_file_bytes:
            raise ArchiveRejected(
                "file-too-large",
                f"“{name}” unpacks to {megabytes(info.file_size)}; each file can be at most "
                f"{megabytes(limits.max_file_bytes)}.",
            )
        if info.file_size >= limits.ratio_check_min_bytes and (
            info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
        ):
            raise ArchiveRejected(
                "compression-ratio",
                f"“{name}” is compressed more than {limits.max_compression_ratio} to 1, as zip bombs are; "
                "the package was refused.",
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ArchiveRejected(
                "total-too-large",
                f"The package unpacks to more than {megabytes(limits.max_total_bytes)} in all, the most allowed.",
            )
        entries[name] = info
    if not entries:
        raise ArchiveRejected("empty", "The package is empty.")
    return entries, total


def entry_name_check(name: str) -> None:
    """Refuse a name that could write outside the folder it is unpacked into, or hide from the editor."""
    if "\\" in name:
        raise ArchiveRejected("backslash", f"“{name}” contains a backslash; paths in packages must use forward slashes.")
    if name.startswith("/") or WINDOWS_DRIVE.match(name):
        raise ArchiveRejected("absolute-path", f"“{name}” is an absolute path; paths in packages must be relative.")
    if any(ord(char) < 32 or char == "\x7f" for char in name):
        raise ArchiveRejected("control-character", "A file name in the package contains control characters.")
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise ArchiveRejected("parent-path", f"“{name}” points outside the package with “..”.")
    for part in parts:
        if part == "":
            raise ArchiveRejected("empty-path-part", f"“{name}” has an empty folder name.")
        if part.startswith((".", "_")):
            raise ArchiveRejected(
                "hidden-file", f"“{name}” starts with a dot or an underscore; hidden and system files are not allowed."
            )


def entry_copy_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    """Copy one entry to `target` (which must not exist), refusing it if it unpacks to more than its header said."""
    written = 0
    try:
        with archive.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(COPY_CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise ArchiveRejected("size-mismatch", f"“{info.filename}” unpacks to more than it claims to.")
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise ArchiveRejected("corrupt", f"“{info.filename}” could not be unpacked: the package is damaged.") from exc
