"""Writes of the H5P app: store a checked package, delete one, record an xAPI statement."""
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Callable

from django.db import IntegrityError, transaction

from courses.archive import content_root, entry_copy_bounded
from courses.services import lesson_activity_scored
from foundation.errors import ServiceError

from .models import H5PLibrary, H5PPackage, H5PState, XAPIStatement, libraries_root
from .selectors import LessonActivities
from .validation import Library, PackageRejected, ValidatedPackage, validate_package
from .xapi import Statement

def packages_root() -> Path:
    return content_root() / "h5p"


def installed_library(folder: str) -> Library | None:
    """A library already on the site, by folder name ("H5P.Example-1.0"), as validation sees one."""
    name, _, version = folder.rpartition("-")
    major, _, minor = version.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    record = H5PLibrary.objects.filter(machine_name=name, major_version=int(major), minor_version=int(minor)).first()
    if record is None or not record.folder.is_dir():
        return None
    return Library(
        record.machine_name,
        record.major_version,
        record.minor_version,
        record.patch_version,
        record.folder_name,
        record.definition,
        record.semantics,
        installed=True,
    )


def package_validate(*, upload: IO[bytes]) -> ValidatedPackage:
    """Check an upload against the rules and the libraries already installed (see validation.py)."""
    return validate_package(upload, installed=installed_library)


def package_import(*, upload: IO[bytes], title: str = "", uploaded_by=None) -> H5PPackage:
    """Check the package, unpack it to a staging folder, then record it and move the folder into place.

    Nothing stays on disk or in the database when any step fails: the staging folders are removed
    and PackageRejected (or the original error) is raised.
    """
    return package_store(validated=package_validate(upload=upload), title=title, uploaded_by=uploaded_by)


def package_store(*, validated: ValidatedPackage, title: str = "", uploaded_by=None) -> H5PPackage:
    """Unpack a package that passed validation, install its libraries once, and record it (see package_import)."""
    staging = _unpack_to_staging(validated, only=lambda name: name == "h5p.json" or name.startswith("content/"))
    library_staging = _unpack_libraries(validated)
    installs = _LibraryInstalls()
    moved_to = None
    try:
        # Unpacking happens before the transaction, so no write lock is held meanwhile.
        with transaction.atomic():
            records = installs.install(validated, library_staging)
            package = H5PPackage.objects.create(
                title=(title or "").strip()[:255] or validated.title[:255] or "Untitled H5P activity",
                main_library=validated.main_library.label,
                content_type=str(validated.main_library.definition.get("title") or "")[:255],
                sha256=validated.sha256,
                size=validated.total_size,
                uploaded_by=uploaded_by,
                shared_libraries=True,
                left_out=[item.as_record() for item in validated.left_out],
            )
            package.libraries.set(_with_dependencies(records))
            os.rename(staging, package.folder)
            moved_to = package.folder
            transaction.on_commit(installs.forget_replaced)
    except BaseException:
        shutil.rmtree(moved_to or staging, ignore_errors=True)
        installs.undo()
        raise
    finally:
        for folder in library_staging.values():
            shutil.rmtree(folder, ignore_errors=True)
    return package


class _LibraryInstalls:
    """Moves libraries into place inside the package's transaction, and can put everything back if it fails."""

    def __init__(self):
        self.placed: list[Path] = []
        self.replaced: list[tuple[Path, Path]] = []  # (old copy set aside, where it lived)

    def install(self, validated: ValidatedPackage, staged: dict[str, Path]) -> list[H5PLibrary]:
        records = []
        for folder, library in sorted(validated.uses.items()):
            record, created = H5PLibrary.objects.get_or_create(
                machine_name=library.machine_name,
                major_version=library.major,
                minor_version=library.minor,
                defaults=_library_fields(library),
            )
            # Locked until the package is recorded: a delete elsewhere cannot remove it meanwhile.
            record = H5PLibrary.objects.select_for_update().get(pk=record.pk)
            shipped = folder in staged
            newer = shipped and library.patch > record.patch_version
            if shipped and (created or newer or not record.folder.is_dir()):
                self._place(staged.pop(folder), record.folder)
                if not created:
                    for key, value in _library_fields(library).items():
                        setattr(record, key, value)
                    record.save()
            records.append(record)
        return records

    def _place(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            aside = Path(tempfile.mkdtemp(prefix=".replaced-", dir=target.parent))
            os.rename(target, aside / "library")
            self.replaced.append((aside, target))
        os.rename(source, target)
        self.placed.append(target)

    def undo(self) -> None:
        for target in reversed(self.placed):
            shutil.rmtree(target, ignore_errors=True)
        for aside, target in self.replaced:
            if not target.exists():
                os.rename(aside / "library", target)
            shutil.rmtree(aside, ignore_errors=True)

    def forget_replaced(self) -> None:
        for aside, _target in self.replaced:
            shutil.rmtree(aside, ignore_errors=True)


def _library_fields(library: Library) -> dict:
    return {
        "patch_version": library.patch,
        "title": str(library.definition.get("title") or library.machine_name)[:255],
        "runnable": bool(library.definition.get("runnable")),
        "definition": library.definition,
        "semantics": library.semantics,
    }


def _with_dependencies(records: list[H5PLibrary]) -> list[H5PLibrary]:
    """The libraries given plus every installed library they depend on, however deep."""
    found = {record.folder_name: record for record in records}
    pending = list(records)
    while pending:
        record = pending.pop()
        for key in ("preloadedDependencies", "dynamicDependencies"):
            for dependency in record.definition.get(key) or []:
                folder = f"{dependency['machineName']}-{dependency['majorVersion']}.{dependency['minorVersion']}"
                if folder in found:
                    continue
                other = H5PLibrary.objects.filter(
                    machine_name=dependency["machineName"],
                    major_version=dependency["majorVersion"],
                    minor_version=dependency["minorVersion"],
                ).first()
                if other is not None:
                    found[folder] = other
                    pending.append(other)
    return list(found.values())


def package_restore_files(*, package: H5PPackage, upload: IO[bytes]) -> None:
    """Unpack the package's files again (after media was lost), checked as on upload; missing libraries too."""
    validated = package_validate(upload=upload)
    if validated.sha256 != package.sha256:
        raise PackageRejected("different-package", "This file is not the package that was uploaded before.")
    staging = _unpack_to_staging(validated, only=lambda name: name == "h5p.json" or name.startswith("content/"))
    library_staging = _unpack_libraries(validated)
    installs = _LibraryInstalls()
    try:
        with transaction.atomic():
            package.libraries.set(_with_dependencies(installs.install(validated, library_staging)))
            package.shared_libraries = True
            package.save(update_fields=["shared_libraries"])
            shutil.rmtree(package.folder, ignore_errors=True)
            os.rename(staging, package.folder)
            transaction.on_commit(installs.forget_replaced)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        installs.undo()
        raise
    finally:
        for folder in library_staging.values():
            shutil.rmtree(folder, ignore_errors=True)


def _unpack_libraries(validated: ValidatedPackage) -> dict[str, Path]:
    """Each library the package ships, unpacked to its own staging folder under libraries/."""
    root = libraries_root()
    staged: dict[str, Path] = {}
    try:
        for folder in validated.libraries:
            prefix = f"{folder}/"
            staged[folder] = _unpack_to_staging(
                validated, only=lambda name, prefix=prefix: name.startswith(prefix), root=root, strip=prefix
            )
    except BaseException:
        for path in staged.values():
            shutil.rmtree(path, ignore_errors=True)
        raise
    return staged


def _unpack_to_staging(
    validated: ValidatedPackage, *, only: Callable[[str], bool], root: Path | None = None, strip: str = ""
) -> Path:
    root = root or packages_root()
    root.mkdir(parents=True, exist_ok=True)
    # A dot-led name never matches the folders the player serves.
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        for name, info in validated.entries.items():
            if not only(name):
                continue
            target = staging.joinpath(*name.removeprefix(strip).split("/"))
            if staging not in target.parents:  # validation already refused such names; belt and braces
                raise PackageRejected("parent-path", f"“{name}” points outside the package.")
            target.parent.mkdir(parents=True, exist_ok=True)
            if name == "content/content.json":
                target.write_bytes(validated.content_json)
                continue
            entry_copy_bounded(validated.archive, info, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def statement_record(
    *, user, activities: LessonActivities, activity_id: str, statement: Statement
) -> tuple[XAPIStatement, bool]:
    """Store the statement once per (user, statement id); a new scoring statement updates the lesson.

    Returns the stored statement and whether it was new. A repeat changes nothing. A statement that
    does not score is a single insert; a scoring one updates the lesson in the same transaction, so a
    failure leaves neither and the player's retry can succeed.
    """
    record = XAPIStatement(
        user=user,
        lesson_id=activities.lesson_id,
        block_id=activity_id,
        statement_id=statement.id,
        verb=statement.verb,
        is_root=statement.is_root,
        score_raw=statement.score_raw,
        score_max=statement.score_max,
        success=statement.success,
        completion=statement.completion,
        statement=statement.data,
    )
    # Read before the transaction starts: on SQLite a transaction holds the database's write lock.
    lesson = activities.lesson() if statement.scores_lesson else None
    try:
        with transaction.atomic():
            record.save(force_insert=True)
            if lesson is not None:
                lesson_activity_scored(
                    user=user,
                    lesson=lesson,
                    activity_id=activity_id,
                    score=statement.score_raw,
                    max_score=statement.score_max,
                )
    except IntegrityError:
        # Sent before (a retry, or the same statement twice at once): the first copy stands.
        existing = XAPIStatement.objects.filter(user=user, statement_id=statement.id).first()
        if existing is None:
            raise
        return existing, False
    return record, True


class StateRejected(ServiceError):
    """A saved state cannot be stored; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status
        self.message = message


MAX_STATE_BYTES = 64 * 1024


def state_parse(body: bytes) -> str:
    """The state text from a request body `{"state": "<JSON text>"}`, refused if oversized or malformed."""
    if len(body) > MAX_STATE_BYTES:
        raise StateRejected("The saved answers are too large to keep.", status=413)
    try:
        payload = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise StateRejected("The saved answers must be JSON.")
    state = payload.get("state") if isinstance(payload, dict) else None
    if not isinstance(state, str) or not state:
        raise StateRejected("The saved answers must be given as text in “state”.")
    if len(state.encode("utf-8", "surrogatepass")) > MAX_STATE_BYTES:
        raise StateRejected("The saved answers are too large to keep.", status=413)
    # No database stores NUL in text, and a lone surrogate is not text at all.
    if "\x00" in state or any("\ud800" <= char <= "\udfff" for char in state):
        raise StateRejected("The saved answers contain characters that cannot be stored.")
    try:
        json.loads(state, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise StateRejected("The saved answers must be JSON text.")
    return state


def _no_constants(value: str):
    raise ValueError(value)


@transaction.atomic
def state_save(*, user, lesson_id: int, block_id: str, state: str) -> H5PState:
    """Keep where the learner is in one activity; the newest save wins."""
    record, _ = H5PState.objects.update_or_create(
        user=user, lesson_id=lesson_id, block_id=block_id, defaults={"state": state}
    )
    return record


def states_clear_for_refresher(sender, *, enrolment, lesson_ids: list[int], **kwargs) -> None:
    """A refresher starts every activity of the module afresh (courses.signals.refresher_started)."""
    for lesson_id in lesson_ids:
        state_clear(user=enrolment.user, lesson_id=lesson_id)


def state_clear(*, user, lesson_id: int, block_id: str | None = None) -> int:
    """Forget the learner's saved state in one activity, or in every activity of the lesson (a retake)."""
    states = H5PState.objects.filter(user=user, lesson_id=lesson_id)
    if block_id is not None:
        states = states.filter(block_id=block_id)
    deleted, _ = states.delete()
    return deleted
