"""Checks an uploaded SCORM zip before anything is written: the shared archive gate, file types, the manifest.

Every refusal raises PackageRejected naming the rule that failed, in words an editor can act on.
"""
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings

from courses.archive import (
    ArchiveEntries, ArchiveLimits, LeftOut, archive_limits_from_settings, archive_open, left_out_reason,
)

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

MB = 1024 * 1024


def archive_limits() -> ArchiveLimits:
    """The archive gate's limits for SCORM packages, from settings `SCORM_MAX_*`."""
    return archive_limits_from_settings(
        "SCORM", upload_bytes=200 * MB, file_bytes=100 * MB, total_bytes=400 * MB, files=5000
    )


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
