"""Checks an uploaded SCORM zip before anything is written: the shared archive gate, file types, the manifest.

Every refusal raises PackageRejected naming the rule that failed, in words an editor can act on.
"""
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings

from courses.archive import ArchiveEntries, ArchiveLimits, archive_open

from .errors import PackageRejected
from .manifest import MANIFEST, Manifest, manifest_parse

# What authoring tools (Storyline, Rise, Captivate, Adapt, iSpring...) put in packages. No server-side
# code, executables or plug-in content: files are only ever served, with their own type, never run here.
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "xhtml": "application/xhtml+xml",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "xml": "application/xml",
    "xsd": "application/xml",
    "dtd": "application/xml-dtd",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "map": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "ico": "image/x-icon",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "pdf": "application/pdf",
}
ALLOWED_EXTENSIONS = frozenset(CONTENT_TYPES)

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

DEFAULT_LIMITS = {
    "SCORM_MAX_UPLOAD_BYTES": 200 * 1024 * 1024,
    "SCORM_MAX_FILE_BYTES": 100 * 1024 * 1024,
    "SCORM_MAX_TOTAL_BYTES": 400 * 1024 * 1024,
    "SCORM_MAX_FILES": 5000,
    "SCORM_MAX_COMPRESSION_RATIO": 100,
    "SCORM_RATIO_CHECK_MIN_BYTES": 64 * 1024,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(
        max_upload_bytes=limit("SCORM_MAX_UPLOAD_BYTES"),
        max_file_bytes=limit("SCORM_MAX_FILE_BYTES"),
        max_total_bytes=limit("SCORM_MAX_TOTAL_BYTES"),
        max_files=limit("SCORM_MAX_FILES"),
        max_compression_ratio=limit("SCORM_MAX_COMPRESSION_RATIO"),
        ratio_check_min_bytes=limit("SCORM_RATIO_CHECK_MIN_BYTES"),
    )


@dataclass(frozen=True)
class LeftOut:
    """A file of the upload that is not stored, and why."""

    name: str
    reason: str

    def as_record(self) -> dict:
        return {"name": self.name, "reason": self.reason}


@dataclass
class ValidatedPackage:
    """What passed: the archive's checked entries (only those to store) and the parsed manifest.

    `left_out` lists the files of types the site does not serve, which are never unpacked.
    """

    archive: ArchiveEntries
    manifest: Manifest
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def stored_size(self) -> int:
        return sum(info.file_size for info in self.archive.entries.values())

    @property
    def title(self) -> str:
        return self.manifest.title


def extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def validate_package(upload: IO[bytes]) -> ValidatedPackage:
    """Check the whole package; return what to store, or raise PackageRejected on the first broken rule."""
    archive = archive_open(upload, limits=archive_limits(), what="a SCORM package")
    entries = archive.entries
    if MANIFEST not in entries:
        nested = next((name for name in entries if name.endswith("/" + MANIFEST)), None)
        hint = (
            f" It is inside “{nested.rsplit('/', 1)[0]}/”: zip the contents of that folder, not the folder itself."
            if nested
            else ""
        )
        raise PackageRejected(
            "manifest-missing", f"The package has no imsmanifest.xml at the top; every SCORM package needs one.{hint}"
        )
    # Every entry has passed the gate (names, links, sizes) above; only now are unserved types set aside.
    left_out = [
        LeftOut(name, left_out_reason(extension(name))) for name in entries if extension(name) not in ALLOWED_EXTENSIONS
    ]
    for item in left_out:
        del entries[item.name]
    try:
        raw = archive.archive.read(entries[MANIFEST])
    except Exception:  # a damaged member: zlib, CRC or header errors all mean the same to the editor
        raise PackageRejected("corrupt", "imsmanifest.xml could not be read: the package is damaged.")
    manifest = manifest_parse(raw)
    set_aside = {item.name: item.reason for item in left_out}
    for item in manifest.items:
        if item.href in set_aside:
            raise PackageRejected(
                "launch-file-type",
                f"“{item.title[:80]}” launches “{item.href[:120]}”, which the site cannot play "
                f"({set_aside[item.href]}). Publish the course again as HTML5.",
            )
        if item.href not in entries:
            raise PackageRejected(
                "missing-launch-file",
                f"“{item.title[:80]}” launches “{item.href[:120]}”, which is not in the package.",
            )
    return ValidatedPackage(archive=archive, manifest=manifest, left_out=left_out)


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
