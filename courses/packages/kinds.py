"""The kinds of package a lesson can play (H5P, SCORM), registered by their own apps in apps.ready."""
from collections.abc import Callable
from dataclasses import dataclass

from .origins import PackageOrigin


@dataclass(frozen=True)
class PackageKind:
    name: str  # as editors see it: "H5P", "SCORM"
    model: type  # the package model, a Wagtail snippet
    origin: PackageOrigin  # the content origin its files are played on
    version: Callable  # what the admin's list of packages shows as a package's version
    demo_package: Callable | None = None  # makes (or finds) the package the demo modules use, if the kind has one

    @property
    def add_permission(self) -> str:
        return f"{self.model._meta.app_label}.add_{self.model._meta.model_name}"


_KINDS: dict[str, PackageKind] = {}


def kind_register(kind: PackageKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[PackageKind]:
    return list(_KINDS.values())


def kind(name: str) -> PackageKind | None:
    return _KINDS.get(name)
