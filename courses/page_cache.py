"""Wagtail pages served with the site, the route and view restrictions from the cache (see models/page_tree.py)."""
import functools

from django.db.models.signals import post_delete, post_save
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from courses.models.page_tree import cached, current_version, serving_version, version_bump


def _bump_for_page(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        version_bump()


def connect_signals() -> None:
    # Any save of a page row: publishing saves the page; a draft saves only its revision pointer (harmless).
    post_save.connect(_bump_for_page, dispatch_uid="page_cache_page_saved")
    post_delete.connect(_bump_for_page, dispatch_uid="page_cache_page_deleted")
    page_unpublished.connect(version_bump, dispatch_uid="page_cache_page_unpublished")
    post_page_move.connect(version_bump, dispatch_uid="page_cache_page_moved")
    for model in (PageViewRestriction, Site):
        post_save.connect(version_bump, sender=model, dispatch_uid=f"page_cache_{model.__name__}_saved")
        post_delete.connect(version_bump, sender=model, dispatch_uid=f"page_cache_{model.__name__}_deleted")


# Cached in place of None ("no such site" or "no such page"), which the cache cannot tell from a miss.
_NOTHING = "nothing"


def site_for_request(request) -> Site | None:
    """Wagtail's Site.find_for_request, from the cache; Wagtail's own code then finds it on the request."""
    if not hasattr(request, "_wagtail_site"):
        host = request._get_raw_host()

        def find():
            return Site._find_for_request(request) or _NOTHING

        site = cached(request, f"site:{host}:{request.get_port()}", find)
        request._wagtail_site = None if site == _NOTHING else site
    return request._wagtail_site


def _route(request, site: Site, path: str):
    components = [component for component in path.split("/") if component]
    try:
        page, args, kwargs = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    if getattr(page, "view_restrictions_travel_with_route", False):
        page._cached_view_restrictions = list(page.get_view_restrictions())
    return page, list(args), dict(kwargs)


def page_tree_view(view):
    """For views outside Wagtail's serve that show pages: read the version and the site once for the request."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = serving_version.set(current_version(request))
        try:
            site_for_request(request)
            return view(request, *args, **kwargs)
        finally:
            serving_version.reset(token)

    return wrapper


def serve(request, path):
    """Wagtail's serve, with the site and the route from the cache.

    Only GET and HEAD routes are cached: other methods route afresh, as Wagtail would.
    """
    token = serving_version.set(current_version(request))
    try:
        site = site_for_request(request)
        if site is not None and request.method in ("GET", "HEAD"):
            route = cached(request, f"route:{site.pk}:{path}", lambda: _route(request, site, path) or _NOTHING)
            request._wagtail_route_for_request = None if route == _NOTHING else tuple(route)
        return wagtail_views.serve(request, path)
    finally:
        serving_version.reset(token)
