"""Reads for the admin's one list of every package of every kind (H5P, SCORM): where each is used, version, size,
left out."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page, ReferenceIndex

from courses.archive import left_out_summary

from .kinds import kinds


@dataclass
class PackageRow:
    kind: str  # "H5P" or "SCORM"
    title: str
    version: str
    size: int
    left_out: list
    edit_url: str
    used_on: list[Page] = field(default_factory=list)
    created_at: object = None

    @property
    def left_out_summary(self) -> str:
        return left_out_summary(self.left_out)


def packages_overview() -> list[PackageRow]:
    """Every package of every kind, newest first, with the pages that use it, by Wagtail's reference index (a fixed
    number of queries however many packages and pages there are)."""
    by_kind = [(kind, ContentType.objects.get_for_model(kind.model)) for kind in kinds()]
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        to_content_type__in=[content_type for _, content_type in by_kind], base_content_type=page_type
    ).values_list("to_content_type_id", "to_object_id", "object_id")
    pages_by_package: dict[tuple[int, str], set[int]] = defaultdict(set)
    for to_type, to_id, page_id in references:
        pages_by_package[(to_type, to_id)].add(int(page_id))
    all_page_ids = {page_id for ids in pages_by_package.values() for page_id in ids}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=all_page_ids).only("id", "title", "live")}
    rows = []
    for kind, content_type in by_kind:
        edit = f"wagtailsnippets_{kind.model._meta.app_label}_{kind.model._meta.model_name}:edit"
        for package in kind.model.objects.order_by("-created_at"):
            rows.append(PackageRow(
                kind=kind.name,
                title=package.title,
                version=kind.version(package),
                size=package.size,
                left_out=package.left_out,
                edit_url=reverse(edit, args=[package.pk]),
                created_at=package.created_at,
                used_on=_pages(pages_by_package[(content_type.pk, str(package.pk))], pages),
            ))
    rows.sort(key=lambda row: row.created_at, reverse=True)
    return rows


def _pages(ids: set[int], pages: dict[int, Page]) -> list[Page]:
    return sorted((pages[page_id] for page_id in ids if page_id in pages), key=lambda page: page.title)
