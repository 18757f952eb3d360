"""Reads of the H5P app: packages, and the lesson an activity belongs to."""
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import H5PActivityBlock
from .models import H5PPackage


def package_by_uuid(package_uuid) -> H5PPackage | None:
    return H5PPackage.objects.filter(uuid=package_uuid).first()


def lesson_with_activity(*, lesson_id: int, activity_id: str, request=None) -> Page | None:
    """The live page `lesson_id` (as its specific type) if it holds the H5P activity block `activity_id`
    and the request may see it; otherwise None."""
    page = Page.objects.live().filter(pk=lesson_id).first()
    if page is None:
        return None
    page = page.specific
    if not page_has_activity(page, activity_id):
        return None
    if request is not None:
        for restriction in page.get_view_restrictions():
            if not restriction.accept_request(request):
                return None
    return page


def page_has_activity(page, activity_id: str) -> bool:
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            if _holds_activity(field.stream_block, list(value.raw_data), activity_id):
                return True
    return False


def _holds_activity(block, raw, activity_id: str) -> bool:
    """Walk the stored (raw) stream data, so no chooser in the page is loaded just to find one block."""
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            if not isinstance(item, dict):
                continue
            child = block.child_blocks.get(item.get("type"))
            if child is None:
                continue
            if isinstance(child, H5PActivityBlock) and item.get("id") == activity_id:
                return True
            if _holds_activity(child, item.get("value"), activity_id):
                return True
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return any(_holds_activity(child, raw.get(name), activity_id) for name, child in block.child_blocks.items())
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "type" in item and "value" in item else item
            if _holds_activity(block.child_block, value, activity_id):
                return True
    return False
