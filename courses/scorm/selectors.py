"""Reads of the SCORM app: packages, which lesson holds which SCORM block, and what each SCO launches with."""
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch
from wagtail.models import Page

from courses.models.page_tree import cached
from courses.selectors import learner_may_record as lesson_recording_open
from courses.selectors import page_open_to

from . import cmi
from .models import Sco, ScormAttempt, ScormPackage


def package_by_uuid(package_uuid) -> ScormPackage | None:
    return ScormPackage.objects.filter(uuid=package_uuid).first()


def package_with_scos(package_id) -> ScormPackage | None:
    return (
        ScormPackage.objects.filter(pk=package_id)
        .prefetch_related(Prefetch("scos", queryset=Sco.objects.order_by("position")))
        .first()
    )


PACKAGE_CACHE_SECONDS = 300


def package_cache_key(package_id) -> str:
    return f"scorm:package:{package_id}"


def package_with_scos_cached(package_id: int) -> ScormPackage | None:
    """The package and its SCOs, which never change once stored; commits arrive many times a minute."""
    key = package_cache_key(package_id)
    package = cache.get(key)
    if package is None:
        package = package_with_scos(package_id)
        if package is not None:
            cache.set(key, package, PACKAGE_CACHE_SECONDS)
    return package


@dataclass(frozen=True)
class LessonBlock:
    page: Page  # the lesson as a plain page; .specific loads it as its own type when the lesson must be told
    block_id: str
    package: ScormPackage
    pass_mark: float


def lesson_block(*, lesson_id: int, block_id: str, request) -> LessonBlock | None:
    """The SCORM block `block_id` of lesson `lesson_id`, if the request may see the lesson as the page would.

    The same rules as the lesson page (courses.selectors.page_open_to): the lesson and its module are
    live, and every view restriction accepts the request. What the page holds is read once per version
    of the published page tree, so a commit usually costs no page query.
    """

    def compute():
        page = Page.objects.live().filter(pk=lesson_id).first()
        if page is None:
            return {"page": None}
        lesson = page.specific
        body = getattr(lesson, "body", None)
        blocks = {
            item.get("id"): (item.get("value") or {}).get("package")
            for item in (body.raw_data if body is not None else [])
            if item.get("type") == "scorm"
        }
        course = lesson.get_parent()
        return {
            "page": page,
            "blocks": blocks,
            "pass_mark": float(getattr(course.specific, "pass_mark", 100)) if course is not None else 100.0,
        }

    found = cached(request, f"scorm-lesson:{lesson_id}", compute)
    page = found["page"]
    if page is None or block_id not in found["blocks"]:
        return None
    if not page_open_to(request=request, page=page):
        return None
    package_id = found["blocks"][block_id]
    try:
        package = package_with_scos_cached(int(package_id)) if package_id not in (None, "") else None
    except (TypeError, ValueError):
        package = None
    if package is None:
        return None
    return LessonBlock(page=page, block_id=block_id, package=package, pass_mark=found["pass_mark"])


def learner_may_record(*, user, lesson) -> bool:
    """Progress is recorded only for a learner who started the module and opened this lesson (the courses rule)."""
    return lesson_recording_open(user=user, lesson_id=lesson.pk)


def attempts_by_sco(*, user, lesson_id: int, block_id: str) -> dict[int, list[ScormAttempt]]:
    """The learner's attempts in the block, newest first, by SCO id."""
    found: dict[int, list[ScormAttempt]] = {}
    for attempt in ScormAttempt.objects.filter(user=user, lesson_id=lesson_id, block_id=block_id).order_by("-number"):
        found.setdefault(attempt.sco_id, []).append(attempt)
    return found


def sco_status_label(attempts: list[ScormAttempt]) -> str:
    if not attempts:
        return "Not started"
    if any(attempt.satisfied for attempt in attempts):
        return "Completed"
    latest = attempts[0]
    if latest.success_status == "failed":
        return "Not passed yet"
    return "In progress"


def launch_state(*, user, package: ScormPackage, sco: Sco, attempts: list[ScormAttempt]) -> dict:
    """What the player loads into the runtime before the SCO starts: resume the open attempt, or begin a new one."""
    from .services import attempt_is_closed

    latest = attempts[0] if attempts else None
    version = package.version
    resume = latest is not None and not attempt_is_closed(latest, version)
    number = latest.number if resume else (latest.number + 1 if latest else 1)
    attempt = latest if resume else None
    entry = ("resume" if attempt.exit == "suspend" else "") if attempt else "ab-initio"
    # Only the name, never the email address: the content comes from outside the partnership.
    name = (getattr(user, "full_name", "") or "").strip() or "Learner"
    if version == cmi.SCORM_12:
        # SCORM 1.2 writes names "Family, Given"; the site keeps one full name, given as it is.
        data = {
            "core": {
                "student_id": str(user.pk),
                "student_name": name[:255],
                "lesson_location": attempt.location if attempt else "",
                "lesson_status": (attempt.lesson_status or "not attempted") if attempt else "not attempted",
                "entry": entry,
                "credit": "credit",
                "lesson_mode": "normal",
                "total_time": cmi.format_total(version, attempt.total_seconds if attempt else 0),
                "score": _score_12(attempt),
            },
            "suspend_data": attempt.suspend_data if attempt else "",
            "launch_data": sco.launch_data,
            "student_data": {
                "mastery_score": "" if sco.mastery_score is None else f"{sco.mastery_score:g}",
                "max_time_allowed": sco.max_time_allowed,
                "time_limit_action": sco.time_limit_action,
            },
        }
    else:
        data = {
            "learner_id": str(user.pk),
            "learner_name": name[:255],
            "location": attempt.location if attempt else "",
            "completion_status": attempt.completion_status if attempt else "not attempted",
            "success_status": attempt.success_status if attempt else "unknown",
            "entry": entry,
            "credit": "credit",
            "mode": "normal",
            "total_time": cmi.format_total(version, attempt.total_seconds if attempt else 0),
            "suspend_data": attempt.suspend_data if attempt else "",
            "launch_data": sco.launch_data,
            "max_time_allowed": sco.max_time_allowed,
            "time_limit_action": sco.time_limit_action,
        }
        if sco.scaled_passing_score is not None:
            data["scaled_passing_score"] = f"{sco.scaled_passing_score:g}"
        if sco.completion_threshold is not None:
            data["completion_threshold"] = f"{sco.completion_threshold:g}"
        if attempt and attempt.progress_measure is not None:
            data["progress_measure"] = f"{attempt.progress_measure:g}"
        if attempt:
            data["score"] = {
                key: f"{value:g}"
                for key, value in (
                    ("scaled", attempt.score_scaled),
                    ("raw", attempt.score_raw),
                    ("min", attempt.score_min),
                    ("max", attempt.score_max),
                )
                if value is not None
            }
    # Empty values are left out: the runtime keeps its own defaults for them.
    return {"sco": sco.identifier, "attempt": number, "launch": sco.launch, "title": sco.title, "cmi": _prune(data)}


def _score_12(attempt: ScormAttempt | None) -> dict:
    if attempt is None:
        return {}
    return {
        key: f"{value:g}"
        for key, value in (("raw", attempt.score_raw), ("min", attempt.score_min), ("max", attempt.score_max))
        if value is not None
    }


def _prune(data: dict) -> dict:
    pruned = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _prune(value)
        if value not in ("", {}, None):
            pruned[key] = value
    return pruned


def block_state(*, user, lesson_id: int, block_id: str, package: ScormPackage) -> dict:
    """Everything the lesson page needs for one SCORM block: each item's status and launch state."""
    attempts = attempts_by_sco(user=user, lesson_id=lesson_id, block_id=block_id) if user.is_authenticated else {}
    items = []
    for sco in package.scos.all():
        sco_attempts = attempts.get(sco.pk, [])
        item = {"sco": sco.identifier, "title": sco.title, "depth": sco.depth, "is_sco": sco.is_sco}
        if sco.is_sco:
            item["status"] = sco_status_label(sco_attempts)
            item["state"] = launch_state(user=user, package=package, sco=sco, attempts=sco_attempts)
        else:
            item["status"] = ""
            item["state"] = {"sco": sco.identifier, "attempt": 0, "launch": sco.launch, "title": sco.title, "cmi": {}}
        items.append(item)
    return {"version": package.version, "items": items}
