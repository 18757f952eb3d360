"""Checks an uploaded `.h5p` package before anything is written, and sanitises its content's text.

Every refusal raises `PackageRejected` naming the rule that failed, in words an editor can act on.
The checks follow H5P core's own (required files, library names and dependencies, the file
extension allowlist) and add what a package from outside needs: no path tricks, no links, no
scripts or markup in content, and limits that stop zip bombs before a byte is unpacked.
"""
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

import nh3
from django.conf import settings

from courses.archive import ArchiveLimits, ArchiveRejected, archive_open

# H5P core's default allowlist, grouped. Content may hold media and documents; libraries add code.
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"}
AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "wav"}
VIDEO_EXTENSIONS = {"mp4", "webm", "ogv"}
FONT_EXTENSIONS = {"eot", "ttf", "woff", "woff2", "otf"}
DOCUMENT_EXTENSIONS = {"pdf", "rtf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "csv", "txt"}
DATA_EXTENSIONS = {"json", "vtt", "webvtt"}
CONTENT_EXTENSIONS = (
    IMAGE_EXTENSIONS | AUDIO_EXTENSIONS | VIDEO_EXTENSIONS | FONT_EXTENSIONS | DOCUMENT_EXTENSIONS | DATA_EXTENSIONS
)
# Libraries add code; as in H5P core they may also hold notes and 3D models. Their icons are often SVG,
# referenced from their CSS; content never may be (SVG can carry script). Package files are served
# only on the H5P origin, with a sandboxing CSP, so a library's SVG cannot run script there either.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "md", "textile", "diff", "patch", "gltf", "glb"}

LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)-(?P<major>\d+)\.(?P<minor>\d+)$")
MACHINE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# H5P core widens some allowed tags the way editors expect (strong allows b, lists allow li...).
TAG_COMPANIONS = {
    "strong": {"b"},
    "em": {"i"},
    "ul": {"li"},
    "ol": {"li"},
    "del": {"s"},
    "strike": {"s"},
    "table": {"tr", "td", "th", "colgroup", "col", "thead", "tbody", "tfoot", "caption"},
}
ALLOWED_STYLE_PROPERTIES = {"color", "background-color", "font-size", "font-family", "text-align"}


# One refusal for the shared archive gate and H5P's own rules: callers catch a single exception.
PackageRejected = ArchiveRejected


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


def archive_limits() -> ArchiveLimits:
    """The archive gate's limits for H5P packages, from settings `H5P_MAX_*`."""
    return ArchiveLimits(
        max_upload_bytes=limit("H5P_MAX_UPLOAD_BYTES"),
        max_file_bytes=limit("H5P_MAX_FILE_BYTES"),
        max_total_bytes=limit("H5P_MAX_TOTAL_BYTES"),
        max_files=limit("H5P_MAX_FILES"),
        max_compression_ratio=limit("H5P_MAX_COMPRESSION_RATIO"),
        ratio_check_min_bytes=limit("H5P_RATIO_CHECK_MIN_BYTES"),
    )


DEFAULT_LIMITS = {
    "H5P_MAX_UPLOAD_BYTES": 50 * 1024 * 1024,
    "H5P_MAX_FILE_BYTES": 20 * 1024 * 1024,
    "H5P_MAX_TOTAL_BYTES": 100 * 1024 * 1024,
    "H5P_MAX_FILES": 2000,
    "H5P_MAX_COMPRESSION_RATIO": 100,
    # Small files may compress well for innocent reasons; the ratio limit applies above this size.
    "H5P_RATIO_CHECK_MIN_BYTES": 64 * 1024,
}


@dataclass(frozen=True)
class Library:
    machine_name: str
    major: int
    minor: int
    folder: str
    definition: dict
    semantics: list | None

    @property
    def label(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class ValidatedPackage:
    """What passed: the entries to unpack (name -> ZipInfo), the metadata and the cleaned content."""

    archive: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]
    h5p: dict
    main_library: Library
    libraries: dict[str, Library]
    content: Any
    sha256: str
    total_size: int
    content_json: bytes = field(repr=False, default=b"")

    @property
    def title(self) -> str:
        return str(self.h5p.get("title") or "").strip()


def validate_package(upload: IO[bytes]) -> ValidatedPackage:
    """Check the whole package; return what to store, or raise PackageRejected on the first broken rule."""
    opened = archive_open(upload, limits=archive_limits())
    archive, entries = opened.archive, opened.entries
    _check_extensions(entries)

    h5p = _read_json(archive, entries, "h5p.json", required=True)
    if not isinstance(h5p, dict):
        raise PackageRejected("bad-h5p-json", "h5p.json must describe the package as a JSON object.")
    content = _read_json(archive, entries, "content/content.json", required=True)
    libraries = _read_libraries(archive, entries)
    main = _check_dependencies(h5p, libraries)
    # Every other JSON file must parse too: H5P reads them, and a broken one means a broken package.
    for name in entries:
        if name.lower().endswith(".json") and name not in ("h5p.json", "content/content.json"):
            _read_json(archive, entries, name, required=True)

    cleaned = ContentSanitiser(libraries).clean(content, main)
    return ValidatedPackage(
        archive=archive,
        entries=entries,
        h5p=h5p,
        main_library=main,
        libraries=libraries,
        content=cleaned,
        sha256=opened.sha256,
        total_size=opened.total_size,
        content_json=json.dumps(cleaned, ensure_ascii=False).encode("utf-8"),
    )


def _extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def _check_extensions(entries: dict[str, zipfile.ZipInfo]) -> None:
    for name in entries:
        top, _, rest = name.partition("/")
        ext = _extension(name)
        if not rest:
            if name != "h5p.json":
                raise PackageRejected(
                    "unexpected-file", f"“{name}” is not allowed at the top of a package; only h5p.json and folders are."
                )
            continue
        if top == "content":
            if ext in {"svg", "svgz"}:
                raise PackageRejected("svg-in-content", f"“{name}” is an SVG image; SVG is not allowed in content.")
            if ext in {"html", "htm", "xhtml", "shtml", "xml"}:
                raise PackageRejected("html-in-content", f"“{name}” is an HTML or XML file; these are not allowed in content.")
            if ext not in CONTENT_EXTENSIONS:
                raise PackageRejected(
                    "file-type", f"“{name}” has a file type (.{ext or 'none'}) that is not allowed in H5P content."
                )
        elif ext not in LIBRARY_EXTENSIONS:
            raise PackageRejected(
                "file-type", f"“{name}” has a file type (.{ext or 'none'}) that is not allowed in an H5P library."
            )


def _reject_constant(value: str):
    raise ValueError(f"{value} is not valid JSON")


def _read_json(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str, *, required: bool) -> Any:
    info = entries.get(name)
    if info is None:
        if required:
            raise PackageRejected("missing-file", f"The package has no {name}; every H5P package needs one.")
        return None
    try:
        raw = archive.read(info)
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise PackageRejected("malformed-json", f"{name} is not valid JSON.")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise PackageRejected("corrupt", f"{name} could not be read: the package is damaged.")


def _read_libraries(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> dict[str, Library]:
    folders = sorted({name.split("/", 1)[0] for name in entries if "/" in name} - {"content"})
    libraries: dict[str, Library] = {}
    for folder in folders:
        match = LIBRARY_FOLDER.match(folder)
        if not match:
            raise PackageRejected(
                "library-folder-name",
                f"The folder “{folder}” is not named like an H5P library (machineName-major.minor, e.g. H5P.Example-1.0).",
            )
        definition = _read_json(archive, entries, f"{folder}/library.json", required=False)
        if definition is None:
            raise PackageRejected("library-json-missing", f"The library folder “{folder}” has no library.json.")
        if not isinstance(definition, dict):
            raise PackageRejected("library-json-invalid", f"{folder}/library.json must be a JSON object.")
        for key in ("title", "machineName", "majorVersion", "minorVersion", "patchVersion"):
            if key not in definition:
                raise PackageRejected("library-json-invalid", f"{folder}/library.json lacks “{key}”.")
        machine_name = definition["machineName"]
        major, minor = definition["majorVersion"], definition["minorVersion"]
        if not (isinstance(machine_name, str) and isinstance(major, int) and isinstance(minor, int)):
            raise PackageRejected("library-json-invalid", f"{folder}/library.json has an invalid name or version.")
        if (machine_name, major, minor) != (match["name"], int(match["major"]), int(match["minor"])):
            raise PackageRejected(
                "library-misnamed",
                f"The folder “{folder}” holds {machine_name} {major}.{minor}; it should be named "
                f"“{machine_name}-{major}.{minor}”.",
            )
        for kind in ("preloadedJs", "preloadedCss"):
            for item in definition.get(kind) or []:
                path = item.get("path") if isinstance(item, dict) else None
                if not isinstance(path, str) or f"{folder}/{path}" not in entries:
                    raise PackageRejected(
                        "library-file-missing", f"{folder}/library.json lists {path!r}, which is not in the package."
                    )
        semantics = _read_json(archive, entries, f"{folder}/semantics.json", required=False)
        if semantics is not None and not isinstance(semantics, list):
            raise PackageRejected("semantics-invalid", f"{folder}/semantics.json must be a JSON list of fields.")
        libraries[folder] = Library(machine_name, major, minor, folder, definition, semantics)
    return libraries


def _dependency_folders(dependencies: Any, where: str) -> list[str]:
    if dependencies is None:
        return []
    if not isinstance(dependencies, list):
        raise PackageRejected("dependencies-invalid", f"The dependencies in {where} must be a list.")
    folders = []
    for dependency in dependencies:
        try:
            name, major, minor = dependency["machineName"], int(dependency["majorVersion"]), int(dependency["minorVersion"])
        except (TypeError, KeyError, ValueError):
            raise PackageRejected("dependencies-invalid", f"A dependency in {where} lacks a machine name or version.")
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            raise PackageRejected("dependencies-invalid", f"A dependency in {where} has an invalid machine name.")
        folders.append(f"{name}-{major}.{minor}")
    return folders


def _check_dependencies(h5p: dict, libraries: dict[str, Library]) -> Library:
    for key in ("title", "mainLibrary", "preloadedDependencies"):
        if key not in h5p:
            raise PackageRejected("h5p-json-invalid", f"h5p.json lacks “{key}”.")
    embed_types = h5p.get("embedTypes", ["div"])
    if not isinstance(embed_types, list) or not set(embed_types) <= {"div", "iframe"} or not embed_types:
        raise PackageRejected("h5p-json-invalid", "h5p.json has embedTypes other than “div” and “iframe”.")
    needed = _dependency_folders(h5p["preloadedDependencies"], "h5p.json")
    for folder, library in libraries.items():
        for key in ("preloadedDependencies", "dynamicDependencies"):
            needed += _dependency_folders(library.definition.get(key), f"{folder}/library.json")
    for folder in needed:
        if folder not in libraries:
            raise PackageRejected(
                "library-missing", f"The package needs the library {folder.replace('-', ' ', 1)}, but does not include it."
            )
    main_name = h5p["mainLibrary"]
    candidates = [
        library
        for folder in _dependency_folders(h5p["preloadedDependencies"], "h5p.json")
        if (library := libraries[folder]).machine_name == main_name
    ]
    if not candidates:
        raise PackageRejected(
            "main-library-missing", f"The main library {main_name!r} is not among the package's dependencies."
        )
    return candidates[0]


class ContentSanitiser:
    """Cleans every text in content.json to the tags its field's semantics allow, as H5P core does.

    Text fields without a tag list are plain text: all markup goes. Values the semantics do not
    describe are cleaned as plain text too, so no unexpected place can carry markup.
    """

    def __init__(self, libraries: dict[str, Library]):
        self.by_label = {library.label: library for library in libraries.values()}

    def clean(self, content: Any, library: Library) -> Any:
        if not isinstance(content, dict):
            raise PackageRejected("content-invalid", "content/content.json must hold a JSON object.")
        return self._group_fields(content, library.semantics or [])

    def _group_fields(self, params: dict, fields: list) -> dict:
        described = {f.get("name"): f for f in fields if isinstance(f, dict) and f.get("name")}
        cleaned = {}
        for key, value in params.items():
            semantics = described.get(key)
            cleaned[key] = self._value(value, semantics) if semantics else _strip_all(value)
        return cleaned

    def _value(self, value: Any, semantics: dict) -> Any:
        kind = semantics.get("type")
        if kind == "text":
            return _clean_text(value, semantics.get("tags")) if isinstance(value, str) else _strip_all(value)
        if kind == "group":
            fields = semantics.get("fields") or []
            if isinstance(value, dict):
                return self._group_fields(value, fields)
            if len(fields) == 1 and isinstance(fields[0], dict):
                # H5P stores a one-field group as the bare value of that field.
                return self._value(value, fields[0])
            return _strip_all(value)
        if kind == "list":
            item = semantics.get("field")
            if isinstance(value, list) and isinstance(item, dict):
                return [self._value(entry, item) for entry in value]
            return _strip_all(value)
        if kind == "library":
            return self._library(value)
        return _strip_all(value)

    def _library(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return _strip_all(value)
        label = value.get("library")
        library = self.by_label.get(label) if isinstance(label, str) else None
        if label and library is None:
            raise PackageRejected(
                "library-missing", f"The content uses the library {label}, but the package does not include it."
            )
        cleaned = {key: _strip_all(item) for key, item in value.items() if key != "params"}
        if "params" in value:
            params = value["params"]
            cleaned["params"] = (
                self._group_fields(params, library.semantics or [])
                if isinstance(params, dict) and library
                else _strip_all(params)
            )
        return cleaned


def _clean_text(text: str, tags: Any) -> str:
    allowed = {tag for tag in tags if isinstance(tag, str)} if isinstance(tags, list) else set()
    for tag in list(allowed):
        allowed |= TAG_COMPANIONS.get(tag, set())
    allowed -= {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "link", "meta", "base"}
    if allowed:
        allowed.add("span")
    return nh3.clean(
        text,
        tags=allowed,
        attributes={"a": {"href", "target", "title"}, "*": {"style"}} if allowed else {},
        url_schemes={"http", "https", "mailto", "tel"},
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
    )


def _strip_all(value: Any) -> Any:
    """Plain-text cleaning for values the semantics do not describe as rich text."""
    if isinstance(value, str):
        # Identifiers, paths and URLs pass untouched; anything that looks like markup loses it.
        return nh3.clean(value, tags=set(), attributes={}) if "<" in value else value
    if isinstance(value, list):
        return [_strip_all(item) for item in value]
    if isinstance(value, dict):
        return {key: _strip_all(item) for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
