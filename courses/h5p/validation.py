"""Checks an uploaded `.h5p` package before anything is written, and sanitises its content's text.

Every refusal raises `PackageRejected` naming the rule that failed, in words an editor can act on.
The checks follow H5P core's own (required files, library names and dependencies, the file
extension allowlist) and add what a package from outside needs: no path tricks, no links, no
scripts or markup in content, and limits that stop zip bombs before a byte is unpacked.
"""
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any, Callable

from django.conf import settings

from courses.archive import (
    ArchiveLimits, ArchiveRejected, LeftOut, archive_limits_from_settings, archive_open, left_out_reason,
)

from .semantics import ContentValidator

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

# One refusal for the shared archive gate and H5P's own rules: callers catch a single exception.
PackageRejected = ArchiveRejected

MB = 1024 * 1024


def archive_limits() -> ArchiveLimits:
    """The archive gate's limits for H5P packages, from settings `H5P_MAX_*`."""
    return archive_limits_from_settings(
        "H5P", upload_bytes=50 * MB, file_bytes=20 * MB, total_bytes=100 * MB, files=2000
    )


# H5P core's patterns for names and versions, as H5PValidator checks library.json and h5p.json.
LIBRARY_NAME_PATTERN = r"[\w.-]{1,255}"
VERSION_PATTERN = re.compile(r"^\d{1,5}$")
LANGUAGE = re.compile(r"^[-a-zA-Z]{1,10}$")
SCRIPT_PATH = re.compile(r"^[\w\-\s./]+\.js$", re.IGNORECASE)
STYLE_PATH = re.compile(r"^[\w\-\s./]+\.css$", re.IGNORECASE)
EMBED_TYPES = {"div", "iframe"}


@dataclass(frozen=True)
class Library:
    """One library version, from the package or already installed (`installed`)."""

    machine_name: str
    major: int
    minor: int
    patch: int
    folder: str
    definition: dict
    semantics: list | None
    installed: bool = False

    @property
    def label(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"

    @property
    def version(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass
class ValidatedPackage:
    """What passed: the entries to unpack (name -> ZipInfo), the metadata and the cleaned content.

    `skipped` lists the hidden files left out; `corrections` says, for the editor, what the
    content's semantics changed (“3 values out of range were corrected”).
    """

    archive: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]
    h5p: dict
    main_library: Library
    libraries: dict[str, Library]
    content: Any
    sha256: str
    total_size: int
    content_json: bytes = field(repr=False, default=b"")
    skipped: list[str] = field(default_factory=list)
    # Files of types the site does not serve (Flash, programs, server scripts), never unpacked.
    left_out: list[LeftOut] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    # Every library the content plays with, shipped or installed, by folder name.
    uses: dict[str, Library] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.h5p["title"].strip()


InstalledLookup = Callable[[str], "Library | None"]


def player_core_api() -> tuple[int, int]:
    major, _, minor = str(getattr(settings, "H5P_PLAYER_CORE_API", "1.24")).partition(".")
    return int(major), int(minor or 0)


def validate_package(upload: IO[bytes], *, installed: InstalledLookup | None = None) -> ValidatedPackage:
    """Check the whole package; return what to store, or raise PackageRejected on the first broken rule.

    `installed(folder)` returns a library already on the site (folder "H5P.Example-1.0"), so a
    package may rely on libraries installed before, as H5P core allows.
    """
    installed = installed or (lambda folder: None)
    opened = archive_open(upload, limits=archive_limits(), skip_hidden=True)
    archive, entries = opened.archive, opened.entries
    # Files of types the site does not serve are set aside; what the content and its libraries need is
    # checked below against what remains, so a package that needs one of them is still refused.
    left_out = _check_extensions(entries)
    for item in left_out:
        del entries[item.name]

    h5p = _check_h5p_json(_read_json(archive, entries, "h5p.json", required=True))
    content = _read_json(archive, entries, "content/content.json", required=True)
    libraries = _read_libraries(archive, entries)
    uses = _check_dependencies(h5p, libraries, installed)
    main = _main_library(h5p, uses)
    # Every other JSON file must parse too: H5P reads them, and a broken one means a broken package.
    for name in entries:
        if name.lower().endswith(".json") and name not in ("h5p.json", "content/content.json"):
            _read_json(archive, entries, name, required=True)

    validator = ContentValidator(uses, installed=installed, content_files=_content_files(entries))
    cleaned = validator.validate(content, main)
    uses.update(validator.used)
    return ValidatedPackage(
        archive=archive,
        entries=entries,
        h5p=h5p,
        main_library=main,
        libraries=libraries,
        content=cleaned,
        sha256=opened.sha256,
        total_size=sum(info.file_size for info in entries.values()),
        content_json=json.dumps(cleaned, ensure_ascii=False).encode("utf-8"),
        skipped=opened.skipped,
        left_out=left_out,
        corrections=validator.report(),
        uses=uses,
    )


def _content_files(entries: dict[str, zipfile.ZipInfo]) -> set[str]:
    return {name.removeprefix("content/") for name in entries if name.startswith("content/")}


def _extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def _check_extensions(entries: dict[str, zipfile.ZipInfo]) -> list[LeftOut]:
    """Refuse what is unsafe wherever it is; return the files of types the site does not serve, to leave out.

    SVG and HTML in content are refused, not left out: content shows them, so leaving them out would
    break it, and serving them could run script.
    """
    left_out = []
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
                left_out.append(LeftOut(name, left_out_reason(ext)))
        elif ext not in LIBRARY_EXTENSIONS:
            left_out.append(LeftOut(name, left_out_reason(ext)))
    return left_out


def _reject_constant(value: str):
    raise ValueError(f"{value} is not valid JSON")


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in `value`, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def max_json_depth() -> int:
    return int(getattr(settings, "H5P_MAX_JSON_DEPTH", 100))


def _read_json(archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str, *, required: bool) -> Any:
    info = entries.get(name)
    if info is None:
        if required:
            raise PackageRejected("missing-file", f"The package has no {name}; every H5P package needs one.")
        return None
    too_deep = PackageRejected(
        "json-too-deep", f"{name} nests lists and objects more than {max_json_depth()} levels deep, more than any "
        "H5P content needs."
    )
    try:
        raw = archive.read(info)
        value = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except RecursionError:
        raise too_deep
    except (ValueError, UnicodeDecodeError):
        raise PackageRejected("malformed-json", f"{name} is not valid JSON.")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise PackageRejected("corrupt", f"{name} could not be read: the package is damaged.")
    if json_depth(value) > max_json_depth():
        raise too_deep
    return value


def _text(value: Any, where: str, key: str, *, required: bool = True, max_length: int = 255) -> str | None:
    """A string field of a JSON file; anything else is refused with the field named."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise PackageRejected("json-field-invalid", f"“{key}” in {where} must be a piece of text.")
    if len(value) > max_length:
        raise PackageRejected("json-field-invalid", f"“{key}” in {where} is longer than {max_length} characters.")
    return value


def _version_number(value: Any, where: str, key: str) -> int:
    # Whole numbers only; core's pattern also lets numeric strings through, which real exports never use.
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and VERSION_PATTERN.match(value))):
        raise PackageRejected("json-field-invalid", f"“{key}” in {where} must be a whole number (0 to 99999).")
    number = int(value)
    if not 0 <= number <= 99999:
        raise PackageRejected("json-field-invalid", f"“{key}” in {where} must be a whole number (0 to 99999).")
    return number


def _check_h5p_json(h5p: Any) -> dict:
    if not isinstance(h5p, dict):
        raise PackageRejected("bad-h5p-json", "h5p.json must describe the package as a JSON object.")
    for key in ("title", "mainLibrary", "preloadedDependencies"):
        if key not in h5p:
            raise PackageRejected("h5p-json-invalid", f"h5p.json lacks “{key}”.")
    _text(h5p["title"], "h5p.json", "title")
    main = _text(h5p["mainLibrary"], "h5p.json", "mainLibrary")
    if not re.fullmatch(r"[$a-zA-Z_][\w.$]{1,254}", main):
        raise PackageRejected("h5p-json-invalid", f"h5p.json names its main library “{main}”, which is not a library name.")
    language = h5p.get("language", "und")
    if not isinstance(language, str) or not LANGUAGE.match(language):
        raise PackageRejected("h5p-json-invalid", "h5p.json has a “language” that is not a language code such as “en”.")
    embed_types = h5p.get("embedTypes", ["div"])
    if (
        not isinstance(embed_types, list)
        or not embed_types
        or not all(isinstance(kind, str) and kind in EMBED_TYPES for kind in embed_types)
    ):
        raise PackageRejected("h5p-json-invalid", "h5p.json has embedTypes other than “div” and “iframe”.")
    for key in ("license", "author", "defaultLanguage", "contentType", "metaDescription", "metaKeywords"):
        if key in h5p and h5p[key] is not None and not isinstance(h5p[key], str):
            raise PackageRejected("json-field-invalid", f"“{key}” in h5p.json must be a piece of text.")
    return h5p


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
        library = _check_library_json(folder, definition, entries)
        semantics = _read_json(archive, entries, f"{folder}/semantics.json", required=False)
        if semantics is not None and not isinstance(semantics, list):
            raise PackageRejected("semantics-invalid", f"{folder}/semantics.json must be a JSON list of fields.")
        if (library.machine_name, library.major, library.minor) != (match["name"], int(match["major"]), int(match["minor"])):
            raise PackageRejected(
                "library-misnamed",
                f"The folder “{folder}” holds {library.label}; it should be named "
                f"“{library.machine_name}-{library.major}.{library.minor}”.",
            )
        libraries[folder] = Library(
            library.machine_name, library.major, library.minor, library.patch, folder, definition, semantics
        )
    return libraries


def _check_library_json(folder: str, definition: Any, entries: dict[str, zipfile.ZipInfo]) -> Library:
    where = f"{folder}/library.json"
    if not isinstance(definition, dict):
        raise PackageRejected("library-json-invalid", f"{where} must be a JSON object.")
    for key in ("title", "machineName", "majorVersion", "minorVersion", "patchVersion"):
        if key not in definition:
            raise PackageRejected("library-json-invalid", f"{where} lacks “{key}”.")
    _text(definition["title"], where, "title")
    machine_name = _text(definition["machineName"], where, "machineName")
    if not re.fullmatch(LIBRARY_NAME_PATTERN, machine_name):
        raise PackageRejected("library-json-invalid", f"{where} has an invalid machine name.")
    major = _version_number(definition["majorVersion"], where, "majorVersion")
    minor = _version_number(definition["minorVersion"], where, "minorVersion")
    patch = _version_number(definition["patchVersion"], where, "patchVersion")
    if "runnable" in definition and definition["runnable"] not in (0, 1, True, False):
        raise PackageRejected("library-json-invalid", f"“runnable” in {where} must be 0 or 1.")
    for key in ("author", "license", "description"):
        if definition.get(key) is not None and not isinstance(definition[key], str):
            raise PackageRejected("json-field-invalid", f"“{key}” in {where} must be a piece of text.")
    library = Library(machine_name, major, minor, patch, folder, definition, None)
    _check_core_api(library, definition.get("coreApi"), where)
    for kind, pattern in (("preloadedJs", SCRIPT_PATH), ("preloadedCss", STYLE_PATH)):
        items = definition.get(kind) or []
        if not isinstance(items, list):
            raise PackageRejected("library-json-invalid", f"“{kind}” in {where} must be a list.")
        for item in items:
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str) or not pattern.match(path) or ".." in path.split("/"):
                raise PackageRejected("library-json-invalid", f"{where} lists a file in “{kind}” with an invalid path.")
            if f"{folder}/{path.lstrip('/')}" not in entries:
                raise PackageRejected("library-file-missing", f"{where} lists {path!r}, which is not in the package.")
    for key in ("preloadedDependencies", "dynamicDependencies", "editorDependencies"):
        _dependency_folders(definition.get(key), where)
    return library


def _check_core_api(library: Library, core_api: Any, where: str) -> None:
    if core_api is None:
        return
    if not isinstance(core_api, dict):
        raise PackageRejected("library-json-invalid", f"“coreApi” in {where} must give a major and minor version.")
    needed = (
        _version_number(core_api.get("majorVersion"), where, "coreApi.majorVersion"),
        _version_number(core_api.get("minorVersion", 0), where, "coreApi.minorVersion"),
    )
    ours = player_core_api()
    if needed > ours:
        raise PackageRejected(
            "core-api-too-new",
            f"{library.label} needs H5P core {needed[0]}.{needed[1]}, but the player on this site is H5P core "
            f"{ours[0]}.{ours[1]}. Export the content with an older version of the content type.",
        )


def _dependency_folders(dependencies: Any, where: str) -> list[str]:
    if dependencies is None:
        return []
    if not isinstance(dependencies, list):
        raise PackageRejected("dependencies-invalid", f"The dependencies in {where} must be a list.")
    folders = []
    for dependency in dependencies:
        if not isinstance(dependency, dict) or "machineName" not in dependency:
            raise PackageRejected("dependencies-invalid", f"A dependency in {where} lacks a machine name or version.")
        name = dependency["machineName"]
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            raise PackageRejected("dependencies-invalid", f"A dependency in {where} has an invalid machine name.")
        try:
            major = _version_number(dependency.get("majorVersion"), where, "majorVersion")
            minor = _version_number(dependency.get("minorVersion"), where, "minorVersion")
        except PackageRejected:
            raise PackageRejected("dependencies-invalid", f"A dependency in {where} lacks a machine name or version.")
        folders.append(f"{name}-{major}.{minor}")
    return folders


def _check_dependencies(h5p: dict, libraries: dict[str, Library], installed: InstalledLookup) -> dict[str, Library]:
    """Every preloaded or dynamic dependency is in the package or installed; editor-only ones need not be."""
    uses: dict[str, Library] = dict(libraries)
    needed = [(folder, "h5p.json") for folder in _dependency_folders(h5p["preloadedDependencies"], "h5p.json")]
    for folder, library in libraries.items():
        for key in ("preloadedDependencies", "dynamicDependencies"):
            where = f"{folder}/library.json"
            needed += [(dependency, where) for dependency in _dependency_folders(library.definition.get(key), where)]
    for folder, _where in needed:
        if folder in uses:
            continue
        found = installed(folder)
        if found is None:
            raise PackageRejected(
                "library-missing",
                f"The package needs the library {folder.replace('-', ' ', 1)}, but does not include it "
                "and it is not installed on this site.",
            )
        uses[folder] = found
    return uses


def _main_library(h5p: dict, uses: dict[str, Library]) -> Library:
    main_name = h5p["mainLibrary"]
    candidates = [
        library
        for folder in _dependency_folders(h5p["preloadedDependencies"], "h5p.json")
        if (library := uses[folder]).machine_name == main_name
    ]
    if not candidates:
        raise PackageRejected(
            "main-library-missing", f"The main library {main_name!r} is not among the package's dependencies."
        )
    return candidates[0]
