"""Each SCORM package plays on a content origin of its own (SCORM_ORIGIN with the package's id, e.g.
http://s<hex>.localhost:8001), which answers only that package's player and files (courses.packages.origins)."""
from courses.packages.origins import PackageOrigin, PackageOriginMiddleware

ORIGIN = PackageOrigin(setting="SCORM_ORIGIN", paths=("/scorm/play/", "/scorm/content/"), media_folder="scorm")


def package_on_host(request) -> str | None:
    """The hex id of the package whose origin the request came to, or None for any other host."""
    return ORIGIN.package_hex(request)


def _package_path(path: str) -> str | None:
    for prefix in ORIGIN.paths:
        if path.startswith(prefix):
            return path[len(prefix):].split("/", 1)[0].replace("-", "").lower()
    return None


class ScormOriginMiddleware(PackageOriginMiddleware):
    origin = ORIGIN

    def serves(self, request, match) -> bool:
        # Only this package's own player and files: never another package's, on this package's origin.
        return _package_path(request.path) == match["package"]
