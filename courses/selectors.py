"""Reads of the courses app: outlines with a learner's progress, lesson context, My learning."""
from collections import Counter
from typing import NamedTuple

from django.db import connection
from wagtail.models import Page

from foundation import plain_sql

from . import timing
from .models import (
    CoursePage, Enrolment, Evaluation, EvaluationStage, LessonPage, LessonProgress, ProgressStatus, Reflection,
)
from .models.page_tree import cached


class StaticBlock(NamedTuple):
    """A block shown from its cached HTML: only its type and id are needed."""

    block_type: str
    id: str


def enrolments_by_course(*, user, courses) -> dict[int, Enrolment]:
    if not user.is_authenticated or not courses:
        return {}
    ids = [course.pk for course in courses]
    enrolments = plain_sql.select(  # plain SQL: the catalogue is read by every learner (foundation.plain_sql)
        Enrolment, f"user_id = %s AND course_id IN ({', '.join(['%s'] * len(ids))})", [user.pk, *ids],
        order_by="started_at, id",
    )
    newest = {e.course_id: e for e in enrolments}  # the newest of each module wins
    return {course_id: e for course_id, e in newest.items() if e.withdrawn_at is None}


def current_enrolment(*, user, course: CoursePage) -> Enrolment | None:
    """The learner's newest enrolment on the module (a refresher after completing starts another), with their
    progress in its lessons read in the same query for progress_by_lesson().

    Plain SQL (foundation.plain_sql): every lesson and module page a learner opens reads it.
    """
    quote = connection.ops.quote_name
    enrolments, progress = quote(Enrolment._meta.db_table), quote(LessonProgress._meta.db_table)
    sql = f"""
        SELECT {plain_sql.columns(Enrolment, table="e")}, {plain_sql.columns(LessonProgress, table="p")}
        FROM {enrolments} e LEFT JOIN {progress} p ON p.enrolment_id = e.id
        WHERE e.id = (SELECT id FROM {enrolments} WHERE user_id = %s AND course_id = %s
                      ORDER BY started_at DESC, id DESC LIMIT 1)
    """
    rows = plain_sql.fetch(sql, [user.pk, course.pk])
    if not rows:
        return None
    width = plain_sql.width(Enrolment)
    enrolment = plain_sql.instance(Enrolment, rows[0][:width])
    found = (plain_sql.instance(LessonProgress, row[width:]) for row in rows if row[width] is not None)
    enrolment._progress_by_lesson = {p.lesson_id: p for p in found}
    return enrolment


def progress_by_lesson(*, enrolment: Enrolment) -> dict[int, LessonProgress]:
    """The learner's progress in each lesson of the enrolment's module, by lesson id (plain SQL, as above)."""
    if hasattr(enrolment, "_progress_by_lesson"):
        return enrolment._progress_by_lesson
    return {p.lesson_id: p for p in plain_sql.select(LessonProgress, "enrolment_id = %s", [enrolment.pk])}


def _percent(done: int, total: int) -> int:
    return round(done * 100 / total) if total else 0


def _module_percent(lessons: list[LessonPage], progress: dict[int, LessonProgress], enrolment) -> int:
    if enrolment is not None and enrolment.is_completed:
        return 100
    done = sum(1 for lesson in lessons if lesson.pk in progress and progress[lesson.pk].is_completed)
    return _percent(done, len(lessons))


def _outline(lessons: list[LessonPage], progress: dict[int, LessonProgress]) -> list[dict]:
    not_started = ProgressStatus.NOT_STARTED
    return [
        {"lesson": lesson, "status": progress[lesson.pk].status if lesson.pk in progress else not_started}
        for lesson in lessons
    ]


def _resume_lesson(lessons, progress, enrolment):
    """Where to carry on: the lesson the learner was last on, unless finished; then the first unfinished one."""
    if enrolment is None:
        return lessons[0] if lessons else None
    unfinished = [lesson for lesson in lessons if not (lesson.pk in progress and progress[lesson.pk].is_completed)]
    for lesson in unfinished:
        if lesson.pk == enrolment.last_lesson_id:
            return lesson
    return unfinished[0] if unfinished else None


def course_outline(*, course: CoursePage, user) -> dict:
    """The module page: its lessons with the learner's status for each, overall progress and where to carry on."""
    lessons = course.lesson_outline()
    enrolment = withdrawn = None
    progress: dict[int, LessonProgress] = {}
    if user.is_authenticated:
        enrolment = current_enrolment(user=user, course=course)
        if enrolment is not None and enrolment.withdrawn_at is not None:
            withdrawn, enrolment = enrolment, None
        if enrolment is not None:
            enrolment.course = course
            progress = progress_by_lesson(enrolment=enrolment)
    return {
        "enrolment": enrolment,
        "withdrawn": withdrawn,
        "outline": _outline(lessons, progress),
        "percent": _module_percent(lessons, progress, enrolment),
        "resume_lesson": _resume_lesson(lessons, progress, enrolment),
        "needs_after_evaluation": enrolment is not None and needs_evaluation(enrolment=enrolment, stage="after"),
    }


def lesson_after(*, course: CoursePage, lesson: LessonPage) -> LessonPage | None:
    """The lesson that follows this one in the module, if any."""
    return next((other for other in course.lesson_outline() if other.path > lesson.path), None)


def lessons_to_finish(*, enrolment: Enrolment, course: CoursePage, before: LessonPage) -> list[LessonPage]:
    """The lessons (not assessments) the learner must still complete before `before`, the assessment."""
    done = set(
        enrolment.lesson_progress.filter(status=ProgressStatus.COMPLETED).values_list("lesson_id", flat=True)
    )
    return [
        lesson for lesson in course.lesson_outline() if not lesson.is_assessment and lesson.pk != before.pk
        and lesson.pk not in done
    ]


def learner_may_record(*, user, lesson_id: int) -> bool:
    """Whether an activity in the lesson may keep anything of the learner's (scores, saved answers, CMI data):
    only once they started the module and opened this lesson. Anyone else may look, but nothing is kept."""
    return LessonProgress.objects.filter(
        enrolment__user=user, enrolment__withdrawn_at__isnull=True, lesson_id=lesson_id, opened_at__isnull=False
    ).exists()


def page_open_to(*, request, page: Page) -> bool:
    """Whether the request may see the page as Wagtail serves it: the page and its ancestors live (a live
    lesson of an unpublished module is not published), and every view restriction on them satisfied.

    What only changes on publish is read from the page tree cache, so most requests cost no query here.
    """

    def compute():
        hidden = page.live is False or Page.objects.ancestor_of(page).filter(depth__gt=1, live=False).exists()
        return (not hidden, list(page.get_view_restrictions()))

    published, restrictions = cached(request, f"page-open:{page.pk}", compute)
    return published and all(restriction.accept_request(request) for restriction in restrictions)


def needs_evaluation(*, enrolment: Enrolment, stage: str) -> bool:
    """Whether to ask the learner the module's confidence statements now."""
    if not enrolment.course.evaluation_questions:
        return False
    if stage == "after" and enrolment.completed_at is None:
        return False
    return not Evaluation.objects.filter(enrolment=enrolment, stage=stage).exists()


def _question_result(block, chosen: int | None) -> dict | None:
    if chosen is None or not 0 <= chosen < len(block.value["answers"]):
        return None
    answer = block.value["answers"][chosen]
    return {"index": chosen, "correct": bool(answer["correct"]), "feedback": answer["feedback"], "text": answer["text"]}


def lesson_context(
    *, lesson: LessonPage, course: CoursePage, enrolment: Enrolment | None, show_result: bool = True,
    preview: bool = False,
) -> dict:
    """What the lesson page shows: its blocks with the learner's own answers, position in the module and progress.

    A `preview` shows the draft under review as learners will see it once live: counted among the module's
    lessons, its blocks rendered from the draft rather than the live version's cache.
    """
    if course is None:
        lessons = [lesson]
    else:
        lessons = course.preview_outline(lesson=lesson) if preview else course.lesson_outline()
    progress: dict[int, LessonProgress] = {}
    reflections: dict[str, str] = {}
    if enrolment is not None:
        progress = progress_by_lesson(enrolment=enrolment)
        if any(kind == "reflection" for kind, _ in lesson.block_types()):
            reflections = {
                reflection.block_id: reflection.text
                for reflection in plain_sql.select(
                    Reflection, "enrolment_id = %s AND lesson_id = %s", [enrolment.pk, lesson.pk]
                )
            }
    here = progress.get(lesson.pk)
    answers = here.answers if here is not None else {}
    items = []
    static_html = lesson.static_blocks_html(draft=preview)
    for index, (kind, block_id) in enumerate(lesson.block_types()):
        if block_id in static_html:
            # The same for every learner: its HTML comes from the cache and its value is never needed.
            # Blocks in a row join into one item, so the template loops over a few items, not every block.
            if items and items[-1]["html"] is not None:
                items[-1]["html"] += static_html[block_id]
            else:
                items.append({"block": StaticBlock(block_type=kind, id=block_id), "html": static_html[block_id]})
            continue
        block = lesson.body[index]
        item = {"block": block, "result": None, "reflection": "", "html": None}
        if block.block_type == "question":
            item["result"] = _question_result(block, answers.get(block.id))
        elif block.block_type == "reflection":
            item["reflection"] = reflections.get(block.id, "")
        items.append(item)
    position = next((i for i, other in enumerate(lessons) if other.pk == lesson.pk), 0)
    context = {
        "course": course,
        "enrolment": enrolment,
        "progress": here,
        "items": items,
        "lesson_number": position + 1,
        "lesson_count": len(lessons),
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
        "percent": _module_percent(lessons, progress, enrolment),
        "opened_at": timing.opened_stamp(lesson_id=lesson.pk, user_id=enrolment.user_id) if enrolment else "",
    }
    if lesson.is_assessment:
        context["lessons_to_finish"] = [
            other for other in lessons if not other.is_assessment and other.pk != lesson.pk
            and not (other.pk in progress and progress[other.pk].is_completed)
        ]
        context["assessment"] = assessment_result(lesson=lesson, course=course, progress=here) if show_result else None
    return context


def assessment_result(*, lesson: LessonPage, course: CoursePage, progress: LessonProgress | None) -> dict | None:
    """The learner's last attempt at the assessment, question by question, or None before their first attempt."""
    if progress is None or progress.attempts == 0 or not progress.answers:
        return None
    questions = lesson.questions()
    marked = [(block, _question_result(block, progress.answers.get(block.id))) for block in questions]
    right = sum(1 for _, result in marked if result and result["correct"])
    score = round(right * 100 / len(questions)) if questions else 0
    attempts_left = None
    if course.assessment_attempts:
        attempts_left = max(0, course.assessment_attempts - progress.attempts)
    return {
        "score": score,
        "right": right,
        "total": len(questions),
        "passed": score >= course.pass_mark,
        "completed": progress.is_completed,
        "marked": marked,
        "attempts": progress.attempts,
        "attempts_left": attempts_left,
    }


def _lesson_counts(courses: list[CoursePage]) -> dict[int, int]:
    """Live lessons per module, from the cache until the next publish (one query a publish)."""
    if not courses:
        return {}

    def count_all() -> Counter:
        paths = LessonPage.objects.live().values_list("path", flat=True)
        return Counter(path[: -Page.steplen] for path in paths)

    by_parent_path = cached(None, "lesson_counts", count_all)
    return {course.pk: by_parent_path[course.path] for course in courses}


def _courses_by_pk() -> dict[int, CoursePage]:
    """Every module page, live or not, by id, from the cache until the next change to the page tree."""
    return cached(None, "courses_by_pk", lambda: {course.pk: course for course in CoursePage.objects.all()})


def _my_enrolments(*, user) -> list[Enrolment]:
    """The learner's enrolments not withdrawn, newest first, with completed live lessons and whether the
    after-module evaluation is done; in plain SQL (foundation.plain_sql), as the ORM's annotated query took longer
    to build than the whole rest of My learning."""
    quote = connection.ops.quote_name
    progress, evaluation, page = (quote(model._meta.db_table) for model in (LessonProgress, Evaluation, Page))
    sql = f"""
        SELECT {plain_sql.columns(Enrolment, table="e")},
          (SELECT COUNT(*) FROM {progress} p JOIN {page} lp ON lp.id = p.lesson_id
           WHERE p.enrolment_id = e.id AND p.status = %s AND lp.live = %s),
          EXISTS (SELECT 1 FROM {evaluation} ev WHERE ev.enrolment_id = e.id AND ev.stage = %s)
        FROM {quote(Enrolment._meta.db_table)} e
        WHERE e.user_id = %s AND e.withdrawn_at IS NULL
        ORDER BY e.started_at DESC, e.id DESC
    """
    rows = plain_sql.fetch(sql, [ProgressStatus.COMPLETED, True, EvaluationStage.AFTER, user.pk])
    width = plain_sql.width(Enrolment)
    enrolments = []
    for row in rows:
        enrolment = plain_sql.instance(Enrolment, row[:width])
        enrolment.lessons_done, enrolment.evaluated_after = row[width], bool(row[width + 1])
        enrolments.append(enrolment)
    return enrolments


def my_learning(*, user) -> dict:
    """The learner's own modules, in progress and completed, with progress, and certificates expiring soon."""
    enrolments = _my_enrolments(user=user)
    courses = _courses_by_pk()
    for enrolment in enrolments:
        enrolment.course = courses[enrolment.course_id]
    counts = _lesson_counts([e.course for e in enrolments])
    for enrolment in enrolments:
        total = counts[enrolment.course_id]
        enrolment.percent = 100 if enrolment.is_completed else _percent(enrolment.lessons_done, total)
        enrolment.needs_after_evaluation = (
            enrolment.is_completed and not enrolment.evaluated_after and bool(enrolment.course.evaluation_questions)
        )
        # Where "Continue" goes: the lesson they were last on while it is live, else the module page.
        enrolment.continue_lesson = next(
            (lesson for lesson in enrolment.course.lesson_outline() if lesson.pk == enrolment.last_lesson_id), None
        ) if not enrolment.is_completed else None
    return {
        "in_progress": [e for e in enrolments if not e.is_completed],
        "completed": sorted((e for e in enrolments if e.is_completed), key=lambda e: e.completed_at, reverse=True),
    }


def certificate_of(*, enrolment: Enrolment):
    """The certificate a completed enrolment earned, once the certificates app has made it (else None)."""
    from django.contrib.contenttypes.models import ContentType

    from certificates.models import Certificate

    return (
        Certificate.objects.current()
        .filter(source_content_type=ContentType.objects.get_for_model(Enrolment), source_object_id=enrolment.pk)
        .order_by("-pk")
        .first()
    )


def certificate_status(*, enrolment: Enrolment) -> dict:
    """What the pass page shows about the certificate: being made, ready (with its links) or revoked."""
    from django.urls import reverse

    certificate = certificate_of(enrolment=enrolment)
    if certificate is None:
        return {"state": "making", "title": enrolment.course.title}
    state = "revoked" if certificate.status == "revoked" else "ready"
    found = {"state": state, "title": certificate.achievement_title, "code": certificate.display_code,
             "public": certificate.get_absolute_url()}
    if state == "ready":
        found.update(
            pdf=reverse("certificates:pdf", kwargs={"code": certificate.code}),
            badge=reverse("certificates:badge", kwargs={"code": certificate.code}),
        )
    return found
