"""The archive gate: checks an uploaded zip's entries (names, links, sizes) before a byte is unpacked.

H5P and SCORM packages both come in as zip files made elsewhere. Everything that keeps such a file
from writing outside its folder, or from filling the disk, lives here, so both apps apply the same
rules and give the same plain-English refusals. What a package must *contain* is each app's business.
"""
import hashlib
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings

from foundation.errors import ServiceError

WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
COPY_CHUNK = 256 * 1024


def content_root() -> Path:
    """Where unpacked packages live: a local folder, even when media are in S3, since the content origins serve
    them file by file. CONTENT_PACKAGES_ROOT (a volume every web machine shares), else MEDIA_ROOT."""
    return Path(getattr(settings, "CONTENT_PACKAGES_ROOT", "") or settings.MEDIA_ROOT)


class ArchiveRejected(ServiceError):
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
    # Deeper paths or longer names than any real package has only serve to exhaust the file system.
    max_depth: int = 32
    max_name_bytes: int = 255


def archive_limits_from_settings(
    prefix: str, *, upload_bytes: int, file_bytes: int, total_bytes: int, files: int
) -> ArchiveLimits:
    """A kind's limits from its settings (`H5P_MAX_UPLOAD_BYTES`, ...), else the kind's defaults given here; the
    compression ratio (100 to 1, settings `*_MAX_COMPRESSION_RATIO`) and the size above which it is checked (64 KB,
    `*_RATIO_CHECK_MIN_BYTES`) default alike for every kind."""
    defaults = {
        "MAX_UPLOAD_BYTES": upload_bytes, "MAX_FILE_BYTES": file_bytes, "MAX_TOTAL_BYTES": total_bytes,
        "MAX_FILES": files, "MAX_COMPRESSION_RATIO": 100, "RATIO_CHECK_MIN_BYTES": 64 * 1024,
    }

    def limit(name: str) -> int:
        return int(getattr(settings, f"{prefix}_{name}", defaults[name]))

    return ArchiveLimits(
        max_upload_bytes=limit("MAX_UPLOAD_BYTES"),
        max_file_bytes=limit("MAX_FILE_BYTES"),
        max_total_bytes=limit("MAX_TOTAL_BYTES"),
        max_files=limit("MAX_FILES"),
        max_compression_ratio=limit("MAX_COMPRESSION_RATIO"),
        ratio_check_min_bytes=limit("RATIO_CHECK_MIN_BYTES"),
    )


@dataclass
class ArchiveEntries:
    """What passed the gate: the files to unpack (name -> ZipInfo) and their unpacked size in all."""

    archive: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]
    total_size: int
    sha256: str
    # Hidden and system files (dot- or underscore-led) left out when the caller asked to skip them.
    skipped: list[str] = field(default_factory=list)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def archive_open(
    upload: IO[bytes], *, limits: ArchiveLimits, what: str = "an H5P package", skip_hidden: bool = False
) -> ArchiveEntries:
    """Open the upload as a zip and check every entry's header; raise ArchiveRejected on the first broken rule.

    `what` names the kind of package in the message for a file that is not a zip at all. With
    `skip_hidden`, files and folders whose names start with a dot or an underscore (`.en.json`,
    `__MACOSX/`) are left out and listed in `skipped` instead of refused, as H5P core does.
    """
    sha256, upload_size = _hash_and_size(upload)
    if upload_size > limits.max_upload_bytes:
        raise ArchiveRejected(
            "upload-too-large",
            f"The file is {megabytes(upload_size)}; packages can be at most {megabytes(limits.max_upload_bytes)}.",
        )
    try:
        archive = zipfile.ZipFile(upload)
    except UnicodeDecodeError:
        # zipfile decodes every name flagged as UTF-8 while opening; one that is not UTF-8 stops it.
        raise ArchiveRejected(
            "name-encoding",
            "A file name in the zip is marked as UTF-8 but is not valid UTF-8, so the site cannot tell what the file "
            "is called. The zip was made by a faulty tool: export the package again, or re-zip it with 7-Zip or "
            "your computer's own “compress” command.",
        )
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ArchiveRejected("not-a-zip", f"The file is not {what}: it could not be opened as a zip archive.")
    entries, total, skipped = archive_entries_check(archive, limits=limits, skip_hidden=skip_hidden)
    return ArchiveEntries(archive=archive, entries=entries, total_size=total, sha256=sha256, skipped=skipped)


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
    archive: zipfile.ZipFile, *, limits: ArchiveLimits, skip_hidden: bool = False
) -> tuple[dict[str, zipfile.ZipInfo], int, list[str]]:
    """Check names, links, encryption and sizes of every entry as its header declares them.

    Returns the files to unpack, their unpacked size in all, and the hidden files left out.
    """
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        raise ArchiveRejected(
            "too-many-files", f"The package holds {len(infos)} files; at most {limits.max_files} are allowed."
        )
    entries: dict[str, zipfile.ZipInfo] = {}
    skipped: list[str] = []
    folders: set[str] = set()
    total = 0
    for info in infos:
        name = entry_name_decode(info)
        entry_name_check(name, limits=limits, hidden_allowed=skip_hidden)
        mode = info.external_attr >> 16
        windows_reparse_point = info.create_system == 0 and info.external_attr & 0x400
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR) or windows_reparse_point:
            raise ArchiveRejected("link", f"“{name}” is a link or special file; packages may only hold plain files.")
        if info.flag_bits & 0x1:
            raise ArchiveRejected("encrypted", f"“{name}” is encrypted; upload a package without a password.")
        if skip_hidden and is_hidden(name):
            if not info.is_dir():
                skipped.append(name)
            continue
        parts = name.rstrip("/").split("/")
        folders.update("/".join(parts[:depth]) for depth in range(1, len(parts)))
        if info.is_dir():
            folders.add(name.rstrip("/"))
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
    # On disk a name is either a file or a folder; a zip can claim both, in either order.
    clash = next((name for name in entries if name in folders), None)
    if clash is not None:
        raise ArchiveRejected(
            "file-folder-clash", f"“{_shorten(clash)}” is both a file and a folder in the package; it can only be one."
        )
    return entries, total, skipped


UTF8_NAME_FLAG = 0x800
UNICODE_PATH_EXTRA = 0x7075
LEGACY_NAME_MESSAGE = (
    "“{name}” has a file name written in an older character set (such as Shift-JIS or a Windows code page) that "
    "the zip does not declare, so the site cannot tell which characters it means and would store it garbled. "
    "Export the package again from the authoring tool, or re-zip the files with 7-Zip or your computer's own "
    "“compress” command, which write file names in UTF-8."
)


def entry_name_decode(info: zipfile.ZipInfo) -> str:
    """The entry's real name, set on `info.filename`; refuse a name whose characters cannot be known.

    The zip format says a name without the UTF-8 flag is in code page 437, and zipfile decodes it so.
    In practice such names are in whatever the zipping computer used (Shift-JIS in Japan, a Windows code
    page elsewhere) or in UTF-8 without the flag. ASCII names mean the same in all of these. Otherwise the
    Info-ZIP Unicode Path field (written by 7-Zip and WinZip beside a legacy name) gives the name in UTF-8;
    failing that, bytes that are valid UTF-8 are taken as UTF-8 (legacy multi-byte text almost never is);
    anything else is ambiguous, and is refused rather than stored under a garbled name that the package's
    own pages would never find. Reading the entry later still matches the header's original name.
    """
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # not decoded by zipfile as cp437 (a name set by hand): leave it as it is
        return info.filename
    if raw.isascii():
        return info.filename
    name = _unicode_path_field(info.extra, raw)
    if name is None:
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("ascii", "replace").replace("\ufffd", "?")
            raise ArchiveRejected("name-encoding", LEGACY_NAME_MESSAGE.format(name=_shorten(shown)))
    info.filename = name
    return name


def _unicode_path_field(extra: bytes, raw_name: bytes) -> str | None:
    """The UTF-8 name from an Info-ZIP Unicode Path extra field, if one is present and still matches the name."""
    position = 0
    while position + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, position)
        body = extra[position + 4: position + 4 + size]
        position += 4 + size
        if tag != UNICODE_PATH_EXTRA or len(body) < 5 or body[0] != 1:
            continue
        (crc,) = struct.unpack_from("<I", body, 1)
        if crc != zlib.crc32(raw_name):
            return None  # the name was changed after the field was written: the field is stale
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def is_hidden(name: str) -> bool:
    """A name with any part led by a dot or an underscore: hidden files, `__MACOSX/` and the like."""
    return any(part.startswith((".", "_")) for part in name.rstrip("/").split("/"))


def _shorten(name: str, keep: int = 120) -> str:
    """Long hostile names would swamp the message; the start and the end say which entry it is."""
    return name if len(name) <= keep else f"{name[:60]}…{name[-40:]}"


def entry_name_check(name: str, *, limits: ArchiveLimits | None = None, hidden_allowed: bool = False) -> None:
    """Refuse a name that could write outside the folder it is unpacked into, or hide from the editor."""
    max_depth = limits.max_depth if limits else 32
    max_name_bytes = limits.max_name_bytes if limits else 255
    if len(name) > max_depth * (max_name_bytes + 1):
        # Checked first so the checks below never walk a megabyte-long name.
        raise ArchiveRejected("name-too-long", f"“{_shorten(name)}” is too long a path for a package.")
    if "\\" in name:
        raise ArchiveRejected("backslash", f"“{name}” contains a backslash; paths in packages must use forward slashes.")
    if name.startswith("/") or WINDOWS_DRIVE.match(name):
        raise ArchiveRejected("absolute-path", f"“{name}” is an absolute path; paths in packages must be relative.")
    if any(ord(char) < 32 or char == "\x7f" for char in name):
        raise ArchiveRejected("control-character", "A file name in the package contains control characters.")
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise ArchiveRejected("parent-path", f"“{_shorten(name)}” points outside the package with “..”.")
    if len(parts) > max_depth:
        raise ArchiveRejected(
            "too-deep",
            f"“{_shorten(name)}” is {len(parts)} folders deep; packages may nest at most {max_depth} deep.",
        )
    for part in parts:
        if part == "":
            raise ArchiveRejected("empty-path-part", f"“{_shorten(name)}” has an empty folder name.")
        if len(part.encode("utf-8", "surrogatepass")) > max_name_bytes:
            raise ArchiveRejected(
                "name-too-long",
                f"A file or folder name in “{_shorten(name)}” is longer than {max_name_bytes} bytes, "
                "which no file system accepts.",
            )
        if part.startswith((".", "_")) and not hidden_allowed:
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


# --- files left out -------------------------------------------------------------------------------------

# Why a file of a type the site does not serve was left out, in words for the editor. Exports from Rise and
# Storyline carry Flash files from older blocks, which no browser has played since 2021, and some tools add
# helper programs or server scripts meant for other LMSs; none of them is what the package launches.
FLASH_EXTENSIONS = frozenset({"swf", "fla", "flv", "f4v", "spl", "swc", "swd"})
PROGRAM_EXTENSIONS = frozenset(
    {"exe", "dll", "msi", "com", "bat", "cmd", "scr", "ps1", "vbs", "vbe", "wsf", "jar", "app", "dmg", "sh", "bin",
     "class", "apk", "deb", "rpm", "cpl", "lnk", "reg"}
)
SERVER_SCRIPT_EXTENSIONS = frozenset(
    {"php", "php3", "php4", "php5", "phtml", "asp", "aspx", "ashx", "asmx", "jsp", "jspx", "cgi", "pl", "py", "rb",
     "cfm", "shtml", "htaccess", "config"}
)


def left_out_reason(ext: str) -> str:
    """Why the site does not serve a file of this type, said so an editor understands."""
    if ext in FLASH_EXTENSIONS:
        return "Flash, which no browser plays any more"
    if ext in PROGRAM_EXTENSIONS:
        return "a program, which the site never serves"
    if ext in SERVER_SCRIPT_EXTENSIONS:
        return "a server script, which the site never runs"
    if not ext:
        return "it has no file type, so the site cannot serve it safely"
    return f"the site does not serve .{ext} files"


@dataclass(frozen=True)
class LeftOut:
    """A file of the upload that is not stored, and why."""

    name: str
    reason: str

    def as_record(self) -> dict:
        return {"name": self.name, "reason": self.reason}


def left_out_summary(left_out: list, *, shown: int = 5) -> str:
    """One plain sentence for the editor: how many files were left out, which (the first few) and why.

    Takes LeftOut items or their stored records ({"name", "reason"}).
    """
    if not left_out:
        return ""
    records = [item.as_record() if isinstance(item, LeftOut) else item for item in left_out]
    reasons: dict[str, list[str]] = {}
    for record in records:
        reasons.setdefault(record["reason"], []).append(record["name"])
    parts = []
    for reason, names in reasons.items():
        listed = ", ".join(f"“{name}”" for name in names[:shown])
        more = f" and {len(names) - shown} more" if len(names) > shown else ""
        parts.append(f"{listed}{more} ({reason})")
    count = len(records)
    return (
        f"{count} file{'s were' if count != 1 else ' was'} left out and will not be served: {'; '.join(parts)}. "
        "The package does not launch them, so it plays without them."
    )
