"""Reads of the H5P app: packages, and which lesson holds which H5P activity."""
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Prefetch
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.packages.blocks import H5PActivityBlock

from .models import H5PLibrary, H5PPackage, H5PState

# Statements arrive many times a minute per class; the page behind them changes rarely. Publishing,
# unpublishing or deleting the page clears the entry (see apps.py); other processes' copies expire.
ACTIVITIES_CACHE_SECONDS = 60


def package_by_uuid(package_uuid) -> H5PPackage | None:
    return H5PPackage.objects.filter(uuid=package_uuid).first()


@dataclass(frozen=True)
class LessonActivities:
    lesson_id: int
    content_type_id: int
    activity_ids: frozenset
    restricted: bool  # the page or an ancestor has view restrictions: check them on every request

    def lesson(self) -> Page:
        """The page itself, as its own type (one query)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return model.objects.get(pk=self.lesson_id)


def activities_cache_key(lesson_id: int) -> str:
    return f"h5p:lesson-activities:{lesson_id}"


def forget_lesson_activities(sender, instance, **kwargs) -> None:
    """A page was published, unpublished or deleted: its activities are read afresh next time."""
    if isinstance(instance, Page):
        cache.delete(activities_cache_key(instance.pk))


def lesson_activities(lesson_id: int) -> LessonActivities | None:
    """The H5P activities in the live page `lesson_id`, or None if there is no such live page."""
    key = activities_cache_key(lesson_id)
    found = cache.get(key)
    if found is not None:
        return found
    page = Page.objects.live().filter(pk=lesson_id).first()
    if page is None:
        return None  # not cached: a page published a moment later must work at once
    specific = page.specific
    found = LessonActivities(
        lesson_id=page.pk,
        content_type_id=page.content_type_id,
        activity_ids=frozenset(activity_ids(specific)),
        restricted=bool(page.get_view_restrictions()),
    )
    cache.set(key, found, ACTIVITIES_CACHE_SECONDS)
    return found


def lesson_activity(*, lesson_id: int, activity_id: str, request=None) -> LessonActivities | None:
    """The lesson's activities if it is live, holds the activity `activity_id` and the request may see it."""
    found = lesson_activities(lesson_id)
    if found is None or activity_id not in found.activity_ids:
        return None
    if found.restricted and request is not None:
        page = Page.objects.get(pk=lesson_id)
        if not all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
            return None
    return found


def activity_ids(page) -> set[str]:
    """The ids of every H5P activity block in the page's stream fields, nested ones included."""
    found: set[str] = set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            _collect(field.stream_block, list(getattr(page, field.name).raw_data), found)
    return found


def _collect(block, raw, found: set[str]) -> None:
    """Walk the stored (raw) stream data, so no chooser in the page is loaded just to find the blocks."""
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            if not isinstance(item, dict):
                continue
            child = block.child_blocks.get(item.get("type"))
            if isinstance(child, H5PActivityBlock) and item.get("id"):
                found.add(item["id"])
            elif child is not None:
                _collect(child, item.get("value"), found)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            _collect(child, raw.get(name), found)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "type" in item and "value" in item else item
            _collect(block.child_block, value, found)


def saved_state(*, user, lesson_id: int, block_id: str) -> str | None:
    """The learner's saved state in one activity, as the JSON text the player gave."""
    return H5PState.objects.filter(user=user, lesson_id=lesson_id, block_id=block_id).values_list(
        "state", flat=True
    ).first()


def libraries_with_packages():
    """Every installed library with the packages using it, for the admin's libraries page (two queries)."""
    return H5PLibrary.objects.prefetch_related(
        Prefetch("packages", queryset=H5PPackage.objects.only("id", "title").order_by("title"))
    ).order_by("machine_name", "major_version", "minor_version")
