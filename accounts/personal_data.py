"""What we hold about a person, gathered from every app, and how each app forgets it.

Higher apps register an exporter (returns JSON-ready data) and, where they hold free text or
other personal data, an eraser. Aggregate records such as completions stay, tied to the
anonymised account, so partnership figures do not change when someone leaves.
"""
from collections.abc import Callable

_exporters: dict[str, Callable] = {}
_erasers: list[Callable] = []


def register_exporter(section: str, exporter: Callable) -> None:
    _exporters[section] = exporter


def register_eraser(eraser: Callable) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def exporters() -> dict[str, Callable]:
    return dict(_exporters)


def erasers() -> list[Callable]:
    return list(_erasers)
