"""Every URL pattern of the site and the admin, as a path one can request (tests/security)."""
import re
import uuid

from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

# Values for path converters and named groups: dummy ids (1 is a real page once the site is seeded).
CONVERTER_SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}
GROUP_SAMPLES = {"uidb36": "1", "key": "x-y", "revision_id_a": "earliest", "revision_id_b": "latest"}

# Regex shapes used by Wagtail and allauth, turned into a sample (anything else falls back to the generic rules).
REGEX_SHAPES = [
    (r"((?:[\w\-]+/)*)", "some-page/"),
    (r"(\d+)", "1"),
    (r"(.*)", "file.pdf"),
    (r".*", "x"),
    (r"\.", "."),
]


def _route_sample(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "1"), route)


def _regex_sample(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace(r"\Z", "")
    text = re.sub(r"\(\?P<(\w+)>[^()]*(?:\([^()]*\)[^()]*)*\)", lambda m: GROUP_SAMPLES.get(m.group(1), "1"), text)
    for shape, sample in REGEX_SHAPES:
        text = text.replace(shape, sample)
    return text


def _sample(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_sample(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _regex_sample(pattern.regex.pattern)
    return str(pattern)


def every_url(resolver=None, prefix: str = "/") -> list[tuple[str, str]]:
    """(path, the view's dotted name) for every URL pattern, included ones too, with converters filled in."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        here = prefix + _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(every_url(entry, here))
        else:
            found.append((here, entry.lookup_str))
    return found


def reaches_its_view(path: str, view: str) -> bool:
    """Whether the sample path is answered by the pattern's own view (not an earlier or catch-all one)."""
    try:
        match = resolve(path)
    except Exception:  # noqa: BLE001 - a sample the pattern does not accept
        return False
    return match._func_path == view or view.endswith(match._func_path.rsplit(".", 1)[-1])
