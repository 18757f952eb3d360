"""Writes of the SCORM app: store a checked package, and save a learner's CMI data on commit and on exit.

Every refusal leaves nothing behind: a package that fails any check writes no file and no row, and a
commit with one bad value saves none of its values.
"""
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.archive import content_root, entry_copy_bounded
from courses.services import lesson_activity_scored

from . import cmi
from .errors import PackageRejected
from .models import Sco, ScormAttempt, ScormPackage
from .validation import ValidatedPackage, validate_package


def packages_root() -> Path:
    return content_root() / "scorm"


def package_validate(*, upload: IO[bytes]) -> ValidatedPackage:
    """Check an upload against the rules (see validation.py); raise PackageRejected on the first broken rule."""
    return validate_package(upload)


def package_import(*, upload: IO[bytes], title: str = "", uploaded_by=None) -> ScormPackage:
    """Check the package, unpack it to a staging folder, then record it and move the folder into place."""
    return package_store(validated=package_validate(upload=upload), title=title, uploaded_by=uploaded_by)


def package_store(*, validated: ValidatedPackage, title: str = "", uploaded_by=None) -> ScormPackage:
    """Unpack a package that passed validation and record it with its SCOs; nothing stays if any step fails."""
    staging = _unpack_to_staging(validated)
    moved_to = None
    manifest = validated.manifest
    try:
        with transaction.atomic():
            package = ScormPackage.objects.create(
                title=(title or "").strip()[:255] or manifest.title[:255] or "Untitled SCORM package",
                version=manifest.version,
                sha256=validated.archive.sha256,
                size=validated.stored_size,
                uploaded_by=uploaded_by,
                left_out=[item.as_record() for item in validated.left_out],
            )
            Sco.objects.bulk_create(
                Sco(
                    package=package,
                    identifier=item.identifier,
                    title=item.title,
                    position=position,
                    depth=item.depth,
                    launch=item.launch,
                    is_sco=item.is_sco,
                    mastery_score=item.mastery_score,
                    scaled_passing_score=item.scaled_passing_score,
                    completion_threshold=item.completion_threshold,
                    max_time_allowed=item.max_time_allowed,
                    time_limit_action=item.time_limit_action,
                    launch_data=item.launch_data,
                )
                for position, item in enumerate(manifest.items)
            )
            os.rename(staging, package.folder)
            moved_to = package.folder
    except BaseException:
        shutil.rmtree(moved_to or staging, ignore_errors=True)
        raise
    return package


def _unpack_to_staging(validated: ValidatedPackage) -> Path:
    root = packages_root()
    root.mkdir(parents=True, exist_ok=True)
    # A dot-led name never matches the UUID folders the player serves.
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        for name, info in validated.archive.entries.items():
            target = staging.joinpath(*name.split("/"))
            if staging not in target.parents:  # the gate already refused such names; belt and braces
                raise PackageRejected("parent-path", f"“{name}” points outside the package.")
            if target.exists():
                raise PackageRejected("duplicate", f"“{name}” is both a file and a folder in the package.")
            target.parent.mkdir(parents=True, exist_ok=True)
            entry_copy_bounded(validated.archive.archive, info, target)
    except (NotADirectoryError, FileExistsError, IsADirectoryError):
        shutil.rmtree(staging, ignore_errors=True)
        raise PackageRejected("duplicate", "A name in the package is both a file and a folder.")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


# --- tracking ----------------------------------------------------------------------------------

TERMINAL_12 = {"passed", "completed", "failed"}


class AttemptClosed(Exception):
    """The commit names an attempt that has ended or does not follow the last one; the page should reload."""


@dataclass(frozen=True)
class CommitResult:
    attempt: ScormAttempt
    lesson_completed: bool
    navigation: str  # the SCO's adl.nav.request, for the player to follow ("" when none)


def attempt_is_closed(attempt: ScormAttempt, version: str) -> bool:
    """A finished session that was not suspended ends the attempt: the next launch starts a new one.

    SCORM 1.2 content often exits without "suspend" while still incomplete; such an attempt stays open,
    so the learner does not lose their place.
    """
    if attempt.terminated_at is None or attempt.exit == "suspend":
        return False
    if version == cmi.SCORM_12:
        return attempt.lesson_status in TERMINAL_12
    return True


def attempt_evaluate(*, attempt: ScormAttempt, sco: Sco, version: str, pass_mark: float) -> tuple[bool, bool]:
    """(finished, satisfied): the package's verdict against its mastery score, else the lesson's pass mark.

    The mastery score (1.2) or scaled passing score (2004) from the manifest decides passed or failed
    when the SCO reports a score; with neither, a completed SCO with a score must reach the pass mark.
    Statuses are updated on the attempt as the LMS's decision, as SCORM lets the LMS do.
    """
    percent = attempt.percent
    if version == cmi.SCORM_12:
        status = attempt.lesson_status
        if sco.mastery_score is not None and attempt.score_raw is not None and status in TERMINAL_12:
            status = "passed" if attempt.score_raw >= sco.mastery_score else "failed"
        attempt.lesson_status = status
        attempt.completion_status = (
            "completed" if status in TERMINAL_12 else ("incomplete" if status in ("incomplete", "browsed") else "not attempted")
        )
        attempt.success_status = status if status in ("passed", "failed") else "unknown"
        finished = status in TERMINAL_12
        # With a mastery score and a score, only "passed" will do; without a score the SCO's "completed" stands.
        satisfied = status == "passed" or (
            status == "completed" and (percent is None or (sco.mastery_score is None and percent >= pass_mark))
        )
        return finished, satisfied
    completion, success = attempt.completion_status, attempt.success_status
    if sco.completion_threshold is not None and attempt.progress_measure is not None:
        completion = "completed" if attempt.progress_measure >= sco.completion_threshold else "incomplete"
    if sco.scaled_passing_score is not None and attempt.score_scaled is not None:
        success = "passed" if attempt.score_scaled >= sco.scaled_passing_score else "failed"
    attempt.completion_status, attempt.success_status = completion, success
    finished = completion == "completed" or success in ("passed", "failed")
    # A SCO whose objective is satisfied by measure must be passed; completing it is not enough.
    satisfied = success == "passed" or (
        completion == "completed"
        and success != "failed"
        and sco.scaled_passing_score is None
        and (percent is None or percent >= pass_mark)
    )
    return finished, satisfied


def attempt_commit(
    *,
    user,
    lesson,
    block_id: str,
    package: ScormPackage,
    sco_identifier: str,
    number: int,
    values: dict,
    terminate: bool,
    pass_mark: float,
) -> CommitResult:
    """Save one commit of the SCO's CMI data for the learner; raise cmi.CMIError or AttemptClosed and save nothing.

    A commit with `terminate` ends the session: its session time is added to the total. The lesson
    hears of the result once per attempt, when the attempt first finishes (see lesson_report).
    """
    sco = next((item for item in package.scos.all() if item.identifier == sco_identifier and item.is_sco), None)
    if sco is None:
        raise cmi.CMIError(201, "", "This package has no such SCO.")
    checked = cmi.values_check(package.version, values)
    navigation = str(checked.pop("adl.nav.request", "") or "")
    try:
        return _commit(user, lesson, block_id, package, sco, number, checked, terminate, pass_mark, navigation)
    except IntegrityError:
        # Two first commits of a new attempt at once: the other made the row; this one updates it.
        return _commit(user, lesson, block_id, package, sco, number, checked, terminate, pass_mark, navigation)


@transaction.atomic
def _commit(user, lesson, block_id, package, sco, number, checked, terminate, pass_mark, navigation) -> CommitResult:
    # One read, the latest attempt: every earlier one is closed, since a new attempt starts only once the latest is.
    latest = (ScormAttempt.objects.select_for_update().filter(user=user, lesson=lesson, block_id=block_id, sco=sco)
              .order_by("-number").first())
    if latest is not None and latest.number == number:
        attempt = latest
        if attempt_is_closed(attempt, package.version):
            raise AttemptClosed
    else:
        expected = 1 if latest is None else latest.number + 1
        if number != expected or (latest is not None and not attempt_is_closed(latest, package.version)):
            raise AttemptClosed
        attempt = ScormAttempt(user=user, lesson=lesson, block_id=block_id, sco=sco, number=number)
    before = (attempt.completion_status, attempt.success_status, attempt.satisfied)
    was_finished = attempt.pk is not None and attempt.terminated_at is not None and attempt.completion_status == "completed"
    for field, value in checked.items():
        setattr(attempt, field, value)
    if terminate:
        attempt.total_seconds += cmi.seconds_from(package.version, attempt.session_time)
        attempt.terminated_at = timezone.now()
    else:
        attempt.terminated_at = None
    finished, satisfied = attempt_evaluate(attempt=attempt, sco=sco, version=package.version, pass_mark=pass_mark)
    newly_satisfied = satisfied and not before[2]
    attempt.satisfied = attempt.satisfied or satisfied
    attempt.commits += 1
    attempt.save()
    changed = (attempt.completion_status, attempt.success_status) != before[:2]
    lesson_completed = False
    if newly_satisfied or (finished and changed and not was_finished):
        lesson_completed = lesson_report(
            user=user, lesson=lesson, block_id=block_id, package=package, attempt=attempt, pass_mark=pass_mark
        )
    return CommitResult(attempt=attempt, lesson_completed=lesson_completed, navigation=navigation)


def lesson_report(*, user, lesson, block_id: str, package: ScormPackage, attempt: ScormAttempt, pass_mark: float) -> bool:
    """Tell the lesson how the learner did; the one place the SCORM app calls the courses services.

    The lesson completes once every SCO of the package is satisfied. The courses service marks by a
    percentage against the module's pass mark, so a package that passed the learner by its own mastery
    score below that mark is reported at the pass mark; with no score at all, at the pass mark too.
    An unsatisfied finish below the pass mark counts as an attempt with its score. Returns whether
    the lesson is now completed.
    """
    scos = [sco for sco in package.scos.all() if sco.is_sco]
    satisfied_ids = set(
        ScormAttempt.objects.filter(
            user=user, lesson=lesson, block_id=block_id, sco__in=scos, satisfied=True
        ).values_list("sco_id", flat=True)
    )
    if len(satisfied_ids) == len(scos):
        percents = [
            value
            for value in (
                _best_percent(user=user, lesson=lesson, block_id=block_id, sco=sco) for sco in scos
            )
            if value is not None
        ]
        percent = sum(percents) / len(percents) if percents else None
        score = percent if percent is not None and percent >= pass_mark else float(pass_mark)
        progress = lesson_activity_scored(
            user=user, lesson=_specific(lesson), activity_id=block_id, score=score, max_score=100
        )
        return progress.is_completed
    percent = attempt.percent
    if not attempt.satisfied and percent is not None and percent < pass_mark:
        progress = lesson_activity_scored(
            user=user, lesson=_specific(lesson), activity_id=block_id, score=percent, max_score=100
        )
        return progress.is_completed
    return False


def _specific(lesson):
    """The lesson as its own page type, which the courses services need (commits carry a plain page)."""
    return lesson.specific if type(lesson).__name__ == "Page" else lesson


def _best_percent(*, user, lesson, block_id: str, sco: Sco) -> float | None:
    best = None
    for attempt in ScormAttempt.objects.filter(user=user, lesson=lesson, block_id=block_id, sco=sco, satisfied=True):
        if attempt.percent is not None and (best is None or attempt.percent > best):
            best = attempt.percent
    return best
