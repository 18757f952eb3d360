"""Writes of the H5P app: store a checked package, delete one, record an xAPI statement."""
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import IntegrityError, transaction

from courses.archive import entry_copy_bounded

from .models import H5PPackage, XAPIStatement
from .selectors import LessonActivities
from .validation import PackageRejected, ValidatedPackage, validate_package
from .xapi import Statement

def packages_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "h5p"


def package_import(*, upload: IO[bytes], title: str = "", uploaded_by=None) -> H5PPackage:
    """Check the package, unpack it to a staging folder, then record it and move the folder into place.

    Nothing stays on disk or in the database when any step fails: the staging folder is removed
    and PackageRejected (or the original error) is raised.
    """
    return package_store(validated=validate_package(upload), title=title, uploaded_by=uploaded_by)


def package_store(*, validated: ValidatedPackage, title: str = "", uploaded_by=None) -> H5PPackage:
    """Unpack a package that passed validation and record it (see package_import)."""
    staging = _unpack_to_staging(validated)
    moved_to = None
    try:
        # The transaction is short on purpose: unpacking happens before it, so no write lock is held meanwhile.
        with transaction.atomic():
            package = H5PPackage.objects.create(
                title=(title or "").strip()[:255] or validated.title[:255] or "Untitled H5P activity",
                main_library=validated.main_library.label,
                sha256=validated.sha256,
                size=validated.total_size,
                uploaded_by=uploaded_by,
            )
            os.rename(staging, package.folder)
            moved_to = package.folder
    except BaseException:
        shutil.rmtree(moved_to or staging, ignore_errors=True)
        raise
    return package


def package_restore_files(*, package: H5PPackage, upload: IO[bytes]) -> None:
    """Unpack the package's files again into its own folder (after media was lost), checked as on upload."""
    validated = validate_package(upload)
    if validated.sha256 != package.sha256:
        raise PackageRejected("different-package", "This file is not the package that was uploaded before.")
    staging = _unpack_to_staging(validated)
    try:
        shutil.rmtree(package.folder, ignore_errors=True)
        os.rename(staging, package.folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack_to_staging(validated: ValidatedPackage) -> Path:
    root = packages_root()
    root.mkdir(parents=True, exist_ok=True)
    # A dot-led name never matches the UUID folders the player serves.
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        for name, info in validated.entries.items():
            target = staging.joinpath(*name.split("/"))
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
                from courses.services import lesson_activity_scored

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
