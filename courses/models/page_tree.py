"""The version of the published page tree, and the cache keyed on it (serving is in courses.page_cache).

What a visitor sees of the page tree changes only when an editor publishes, unpublishes, moves or
deletes a page, changes its privacy or edits a site. Every such write bumps one version number,
stored in the database in the same transaction as the change, and every cache key carries the
version. So nothing cached is served after the change is committed, on any worker, whatever the
cache backend (a per-process memory cache included), at the price of one single-row query per
request. Stale keys are never deleted; they expire.
"""
from contextvars import ContextVar

from django.core.cache import cache
from django.db import models
from django.db.models import F

from foundation import plain_sql

# Long enough to outlive a quiet week; a publish makes the old entries unreachable anyway.
TIMEOUT = 7 * 24 * 60 * 60

# The version read at the start of the page being served, so the page's own reads reuse it.
serving_version: ContextVar[int | None] = ContextVar("page_tree_version", default=None)


class PageTreeVersion(models.Model):
    """One row: how many times the published page tree, a site or a view restriction has changed."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Page tree version {self.version}"


def current_version(request=None) -> int:
    """The version for this request, read once per request."""
    if request is not None and hasattr(request, "_page_tree_version"):
        return request._page_tree_version
    version = serving_version.get()
    if version is None:
        # Plain SQL: this runs on every page view, and the ORM would spend longer building it than running it.
        rows = plain_sql.fetch(f"SELECT version FROM {PageTreeVersion._meta.db_table} WHERE id = 1", [])
        version = rows[0][0] if rows else 0
    if request is not None:
        request._page_tree_version = version
    return version


def version_bump(**kwargs) -> None:
    """Make everything cached on the page tree unreachable. Runs inside the writer's transaction."""
    if not PageTreeVersion.objects.filter(pk=1).update(version=F("version") + 1):
        PageTreeVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def cached(request, name: str, compute):
    """`compute()` once per page tree version; `name` must say everything else the result depends on."""
    key = f"pages:v{current_version(request)}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
