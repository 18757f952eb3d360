"""Makes a package's content obey its content types' semantics, field by field, as H5P core's content validator does.

Each value is checked against the field that describes it (text, number, boolean, select, list,
group, library, file, image, video, audio). What can be put right is put right and counted, so the
editor reads “3 values out of range were corrected”; a library the field does not allow is refused.
Values a content type without semantics holds are only cleaned of markup. Semantics come from the
package, so every property read from them is type-checked too.
"""
import math
import re
from collections import Counter
from typing import Any, Callable
from urllib.parse import urlsplit

import nh3
from django.conf import settings

from courses.archive import ArchiveRejected

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
NEVER_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "link", "meta", "base"}
ALLOWED_STYLE_PROPERTIES = {"color", "background-color", "font-size", "font-family", "text-align"}
SUB_CONTENT_ID = re.compile(r"^[\w-]{1,64}$")

FILE_KEYS = {"path", "mime", "copyright"}
EXTRA_FILE_KEYS = {
    "file": set(),
    "image": {"width", "height", "originalImage"},
    "video": {"width", "height", "codecs", "quality", "aspectRatio"},
    "audio": {"codecs"},
}
DEFAULT_MEDIA_HOSTS = ["www.youtube.com", "youtube.com", "youtu.be", "vimeo.com", "player.vimeo.com"]

# What each kind of correction says to the editor: (one, many).
CORRECTIONS = {
    "range": ("{n} value out of range was corrected", "{n} values out of range were corrected"),
    "type": (
        "{n} value of the wrong type was replaced by its default",
        "{n} values of the wrong type were replaced by their defaults",
    ),
    "select": ("{n} choice not among the options was reset", "{n} choices not among the options were reset"),
    "list": ("{n} list longer than allowed was shortened", "{n} lists longer than allowed were shortened"),
    "length": ("{n} text longer than allowed was shortened", "{n} texts longer than allowed were shortened"),
    "markup": (
        "{n} text had markup the content type does not allow removed",
        "{n} texts had markup the content type does not allow removed",
    ),
    "unknown": (
        "{n} field the content type does not define was removed",
        "{n} fields the content type does not define were removed",
    ),
    "file": (
        "{n} file reference outside this package was removed",
        "{n} file references outside this package were removed",
    ),
}

REMOVE = object()  # a value to leave out of its group or list


def correction_messages(counts: Counter) -> list[str]:
    return [
        (one if counts[kind] == 1 else many).format(n=counts[kind])
        for kind, (one, many) in CORRECTIONS.items()
        if counts[kind]
    ]


def _field_str(semantics: dict, key: str) -> str | None:
    value = semantics.get(key)
    return value if isinstance(value, str) else None


def _field_number(semantics: dict, key: str) -> float | int | None:
    value = semantics.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class ContentValidator:
    """Validates content.json against the main library's semantics, and each nested library's against its own."""

    def __init__(self, libraries: dict, *, installed: Callable[[str], Any], content_files: set[str]):
        self.by_label = {library.label: library for library in libraries.values()}
        self.installed = installed
        self.content_files = content_files
        self.used: dict = {}
        self.counts: Counter = Counter()

    def report(self) -> list[str]:
        return correction_messages(self.counts)

    def validate(self, content: Any, library) -> Any:
        if not isinstance(content, dict):
            raise ArchiveRejected("content-invalid", "content/content.json must hold a JSON object.")
        return self._params(content, library)

    def _params(self, params: dict, library) -> dict:
        if not isinstance(library.semantics, list):
            return strip_all(params)  # no semantics: H5P cannot say what the values mean, only clean them
        return self._group_fields(params, library.semantics)

    def _group_fields(self, params: dict, fields: list) -> dict:
        described = {}
        for semantics in fields:
            if isinstance(semantics, dict) and isinstance(semantics.get("name"), str):
                described[semantics["name"]] = semantics
        cleaned = {}
        for key, value in params.items():
            semantics = described.get(key)
            if semantics is None:
                self.counts["unknown"] += 1
                continue
            result = self._value(value, semantics)
            if result is not REMOVE:
                cleaned[key] = result
        return cleaned

    def _value(self, value: Any, semantics: dict) -> Any:
        kind = _field_str(semantics, "type")
        handler = {
            "text": self._text,
            "number": self._number,
            "boolean": self._boolean,
            "select": self._select,
            "list": self._list,
            "group": self._group,
            "library": self._library,
            "file": self._file,
            "image": self._file,
            "video": self._media_list,
            "audio": self._media_list,
        }.get(kind)
        return handler(value, semantics) if handler else strip_all(value)

    def _text(self, value: Any, semantics: dict) -> Any:
        if not isinstance(value, str):
            self.counts["type"] += 1
            return _field_str(semantics, "default") or ""
        tags = semantics.get("tags")
        cleaned = clean_text(value, tags)
        if "<" in value and cleaned != value:
            self.counts["markup"] += 1
        max_length = _field_number(semantics, "maxLength")
        if max_length is not None and max_length >= 0 and len(cleaned) > max_length:
            self.counts["length"] += 1
            cleaned = clean_text(cleaned[: int(max_length)], tags)
        return cleaned

    def _number(self, value: Any, semantics: dict) -> Any:
        minimum, maximum = _field_number(semantics, "min"), _field_number(semantics, "max")
        if not _is_number(value):
            self.counts["type"] += 1
            default = _field_number(semantics, "default")
            return default if default is not None else (minimum if minimum is not None else 0)
        number = value
        if minimum is not None and number < minimum:
            number = minimum
        if maximum is not None and number > maximum:
            number = maximum
        step = _field_number(semantics, "step")
        if step and step > 0:
            base = minimum if minimum is not None else 0
            rest = math.fmod(number - base, step)
            if abs(rest) > 1e-9 and abs(rest - step) > 1e-9:
                number -= rest
        decimals = _field_number(semantics, "decimals")
        if decimals is not None and 0 <= decimals <= 10:
            number = round(number, int(decimals))
            if decimals == 0:
                number = int(number)
        if number != value:
            self.counts["range"] += 1
        return number

    def _boolean(self, value: Any, semantics: dict) -> Any:
        if isinstance(value, bool):
            return value
        self.counts["type"] += 1
        default = semantics.get("default")
        return default if isinstance(default, bool) else False

    def _select(self, value: Any, semantics: dict) -> Any:
        options = semantics.get("options")
        allowed = [
            option["value"]
            for option in (options if isinstance(options, list) else [])
            if isinstance(option, dict) and isinstance(option.get("value"), (str, int, float))
            and not isinstance(option.get("value"), bool)
        ]
        default = semantics.get("default")
        if semantics.get("multiple") is True:
            chosen = value if isinstance(value, list) else [value]
            kept = [item for item in chosen if isinstance(item, (str, int, float)) and item in allowed]
            if kept != value:
                self.counts["select"] += 1
            return kept
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and value in allowed:
            return value
        self.counts["select"] += 1
        if isinstance(default, (str, int, float)) and default in allowed:
            return default
        return allowed[0] if allowed else REMOVE

    def _list(self, value: Any, semantics: dict) -> Any:
        item = semantics.get("field")
        if not isinstance(value, list):
            self.counts["type"] += 1
            return []
        maximum = _field_number(semantics, "max")
        if maximum is not None and maximum >= 0 and len(value) > maximum:
            self.counts["list"] += 1
            value = value[: int(maximum)]
        if not isinstance(item, dict):
            return strip_all(value)
        cleaned = [self._value(entry, item) for entry in value]
        return [entry for entry in cleaned if entry is not REMOVE]

    def _group(self, value: Any, semantics: dict) -> Any:
        fields = semantics.get("fields")
        fields = fields if isinstance(fields, list) else []
        if len(fields) == 1 and isinstance(fields[0], dict) and not isinstance(value, dict):
            # H5P stores a one-field group as the bare value of that field.
            return self._value(value, fields[0])
        if not isinstance(value, dict):
            self.counts["type"] += 1
            return {}
        return self._group_fields(value, fields)

    def _library(self, value: Any, semantics: dict) -> Any:
        if not isinstance(value, dict):
            self.counts["type"] += 1
            return REMOVE
        label = value.get("library")
        if label is None:
            return {}  # an empty slot the editor left unfilled
        options = semantics.get("options")
        allowed = [option for option in (options if isinstance(options, list) else []) if isinstance(option, str)]
        if not isinstance(label, str) or label not in allowed:
            shown = label if isinstance(label, str) else "an unnamed library"
            raise ArchiveRejected(
                "library-not-allowed",
                f"The content uses {shown[:120]} where its content type allows only "
                f"{', '.join(allowed[:10]) or 'no library'}.",
            )
        library = self._resolve(label)
        cleaned = {"library": label}
        for key, item in value.items():
            if key == "params":
                cleaned["params"] = self._params(item, library) if isinstance(item, dict) else {}
            elif key == "subContentId" and isinstance(item, str) and SUB_CONTENT_ID.match(item):
                cleaned[key] = item
            elif key == "metadata" and isinstance(item, dict):
                cleaned[key] = strip_all(item)
            elif key != "library":
                self.counts["unknown"] += 1
        return cleaned

    def _resolve(self, label: str):
        library = self.by_label.get(label)
        if library is None:
            name, _, version = label.partition(" ")
            library = self.installed(f"{name}-{version}") if version else None
            if library is None:
                raise ArchiveRejected(
                    "library-missing",
                    f"The content uses the library {label}, but the package does not include it "
                    "and it is not installed on this site.",
                )
            self.by_label[label] = library
        self.used[library.folder] = library
        return library

    def _file(self, value: Any, semantics: dict) -> Any:
        kind = _field_str(semantics, "type") or "file"
        if not isinstance(value, dict) or not self._path_allowed(value.get("path")):
            self.counts["file"] += 1
            return REMOVE
        allowed = FILE_KEYS | EXTRA_FILE_KEYS.get(kind, set())
        cleaned = {}
        for key, item in value.items():
            if key not in allowed:
                self.counts["unknown"] += 1
            elif key == "path":
                cleaned[key] = item.removesuffix("#tmp")
            elif key in ("width", "height"):
                if _is_number(item):
                    cleaned[key] = item
            elif key == "mime":
                if isinstance(item, str) and re.fullmatch(r"[\w.+-]+/[\w.+-]+", item):
                    cleaned[key] = item
            else:
                cleaned[key] = strip_all(item)
        return cleaned

    def _media_list(self, value: Any, semantics: dict) -> Any:
        if not isinstance(value, list):
            self.counts["type"] += 1
            return []
        cleaned = [self._file(item, semantics) for item in value]
        return [item for item in cleaned if item is not REMOVE]

    def _path_allowed(self, path: Any) -> bool:
        """A file in this package's own content folder, or a URL on a media host the site allows."""
        if not isinstance(path, str) or not path:
            return False
        if "://" in path:
            parts = urlsplit(path)
            hosts = getattr(settings, "H5P_ALLOWED_MEDIA_HOSTS", DEFAULT_MEDIA_HOSTS)
            return parts.scheme == "https" and (parts.hostname or "") in hosts and not parts.username
        local = path.removesuffix("#tmp")
        segments = local.split("/")
        return not (local.startswith("/") or ".." in segments or "\\" in local) and local in self.content_files


def clean_text(text: str, tags: Any) -> str:
    """Keep only the tags a field allows (none for plain text), with safe links and a few style properties."""
    allowed = {tag for tag in tags if isinstance(tag, str)} if isinstance(tags, list) else set()
    for tag in list(allowed):
        allowed |= TAG_COMPANIONS.get(tag, set())
    allowed -= NEVER_TAGS
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


def strip_all(value: Any) -> Any:
    """Plain-text cleaning for values the semantics do not describe as rich text."""
    if isinstance(value, str):
        # Identifiers, paths and URLs pass untouched; anything that looks like markup loses it.
        return nh3.clean(value, tags=set(), attributes={}) if "<" in value else value
    if isinstance(value, list):
        return [strip_all(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_all(item) for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
