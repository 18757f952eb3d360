"""The H5P origins serve only the player, package and library files, and static files (courses.packages.origins).

A shared H5P origin (`H5P_ORIGIN` without `{package}`) is allowed; with a template, each package's player checks that
it is on its own package's origin (views.py), as the shared libraries' paths name no package.
"""
from courses.packages.origins import PackageOrigin, PackageOriginMiddleware

ORIGIN = PackageOrigin(
    setting="H5P_ORIGIN", paths=("/h5p/play/", "/h5p/content/", "/h5p/libraries/"), media_folder="h5p"
)


def on_h5p_origin(request) -> bool:
    return ORIGIN.match(request) is not None


def origin_package_hex(request) -> str | None:
    """The package (UUID hex) whose own origin this request came to; None on a shared H5P origin."""
    return ORIGIN.package_hex(request)


class H5POriginMiddleware(PackageOriginMiddleware):
    origin = ORIGIN
