"""Thin views: learners start modules, complete lessons, answer, reflect, take assessments and evaluate; and the
view layer's part in serving the catalogue, module and lesson pages (registered with courses.models.pages)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from certificates.selectors import certificates_expiring, certificates_for_user

from . import page_cache, selectors, services
from .forms import AnswerForm, AssessmentForm, CatalogueFilterForm, EvaluationForm, OpenedAtForm, ReflectionForm
from .models import CourseCatalogPage, CoursePage, EvaluationStage, LessonPage

# My learning warns about certificates that expire within this many days.
EXPIRY_WARNING_DAYS = 60


def _lesson_url(request, lesson: LessonPage, anchor: str = "") -> str:
    # "continue" keeps a lesson's content warning from being shown again straight after the learner's own action.
    return f"{lesson.get_url(request)}?continue=1{'#' + anchor if anchor else ''}"


def _after_lesson(request, course: CoursePage) -> str:
    outline = selectors.course_outline(course=course, user=request.user)
    if outline["enrolment"] is not None and outline["enrolment"].is_completed:
        if outline["needs_after_evaluation"]:
            return _evaluation_url(course, EvaluationStage.AFTER)
        return course.get_url(request)
    if outline["resume_lesson"] is not None:
        return outline["resume_lesson"].get_url(request)
    return course.get_url(request)


def _evaluation_url(course: CoursePage, stage: str) -> str:
    return reverse("courses:evaluation", kwargs={"course_id": course.pk, "stage": stage})


def _open_page(request, model, page_id: int):
    """The page, if the learner may see it as Wagtail would serve it (live, in a live module, its privacy
    settings met); otherwise 404, so no endpoint records progress on content the learner cannot see."""
    page = get_object_or_404(model.objects.live(), pk=page_id)
    if not selectors.page_open_to(request=request, page=page):
        raise Http404
    return page


@login_required
def course_start(request, course_id: int):
    course = _open_page(request, CoursePage, course_id)
    if request.method != "POST":
        return redirect(course.get_url(request))
    enrolment = services.enrolment_start(user=request.user, course=course)
    if selectors.needs_evaluation(enrolment=enrolment, stage=EvaluationStage.BEFORE):
        return redirect(_evaluation_url(course, EvaluationStage.BEFORE))
    return redirect(_after_lesson(request, course))


@login_required
@require_POST
def course_leave(request, course_id: int):
    course = _open_page(request, CoursePage, course_id)
    try:
        services.enrolment_withdraw(user=request.user, course=course)
    except services.CourseError as error:
        messages.error(request, error.message)
        return redirect(course.get_url(request))
    messages.success(request, f"You have left “{course.title}”. You can start it again at any time.")
    return redirect("courses:my_learning")


@login_required
@require_POST
def course_renew(request, course_id: int):
    course = _open_page(request, CoursePage, course_id)
    try:
        services.enrolment_renew(user=request.user, course=course)
    except services.CourseError as error:
        messages.error(request, error.message)
        return redirect(course.get_url(request))
    return redirect(_after_lesson(request, course))


@login_required
@require_POST
def lesson_complete(request, lesson_id: int):
    lesson = _open_page(request, LessonPage, lesson_id)
    opened_at = OpenedAtForm(request.POST).opened_at_for(lesson_id=lesson.pk, user_id=request.user.pk)
    try:
        progress = services.lesson_complete(user=request.user, lesson=lesson, opened_at=opened_at)
    except services.CourseError as error:
        messages.error(request, error.message)
        return redirect(_lesson_url(request, lesson))
    course = CoursePage.objects.parent_of(lesson).get()
    following = None if progress.enrolment.is_completed else selectors.lesson_after(course=course, lesson=lesson)
    return redirect(following.get_url(request) if following else _after_lesson(request, course))


@login_required
@require_POST
def question_answer(request, lesson_id: int, block_id: str):
    lesson = _open_page(request, LessonPage, lesson_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an answer, then select “Check my answer”.")
        return redirect(_lesson_url(request, lesson, f"question-{block_id}"))
    try:
        services.question_answer(
            user=request.user, lesson=lesson, block_id=block_id, answer=form.cleaned_data["answer"]
        )
    except services.CourseError as error:
        messages.error(request, error.message)
    return redirect(_lesson_url(request, lesson, f"question-{block_id}"))


@login_required
@require_POST
def reflection_save(request, lesson_id: int, block_id: str):
    lesson = _open_page(request, LessonPage, lesson_id)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your reflection is too long to save. Keep it under 5,000 characters.")
        return redirect(_lesson_url(request, lesson, f"reflection-{block_id}"))
    try:
        services.reflection_save(user=request.user, lesson=lesson, block_id=block_id, text=form.cleaned_data["text"])
    except services.CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your reflection is saved. Only you can see it.")
    return redirect(_lesson_url(request, lesson, f"reflection-{block_id}"))


def catalogue_context(request, *, catalogue: CourseCatalogPage) -> dict:
    """The catalogue page: its modules, filtered as the learner asked, each with the learner's enrolment."""
    courses = catalogue.modules()
    form = CatalogueFilterForm(request.GET or None, audiences=sorted({course.audience for course in courses}))
    if form.is_valid():
        courses = form.filter(courses)
    enrolments = selectors.enrolments_by_course(user=request.user, courses=courses)
    for course in courses:
        course.my_enrolment = enrolments.get(course.pk)
    return {"filter_form": form, "courses": courses}


def course_context(request, *, course: CoursePage) -> dict:
    return selectors.course_outline(course=course, user=request.user)


def lesson_open(request, *, lesson: LessonPage, course: CoursePage) -> HttpResponse | None:
    """A signed-in learner opens a live lesson: record the visit and mark a posted assessment.

    Answers a redirect, or None to let the page render, with the module, the enrolment and the assessment form
    (bound, when a posted one has errors) on the request for `lesson_context`.
    """
    try:
        enrolment = services.lesson_open(user=request.user, lesson=lesson, course=course)
    except services.EvaluationDue:
        return redirect("courses:evaluation", course_id=course.pk, stage="before")
    request.course, request.enrolment, request.assessment_form = course, enrolment, None
    if request.method == "POST" and lesson.is_assessment:
        outcome = assessment_post(request, lesson)
        if isinstance(outcome, HttpResponse):
            return outcome
        request.assessment_form = outcome
    return None


def lesson_context(request, *, lesson: LessonPage) -> dict:
    """What the lesson (or assessment) page shows the learner, or the reviewer of a preview."""
    preview = getattr(request, "is_preview", False)
    context = selectors.lesson_context(
        lesson=lesson, course=request.course, enrolment=request.enrolment, show_result="retake" not in request.GET,
        preview=preview,
    )
    # A reviewer sees the warning as learners do, with the lesson under it: Wagtail's preview is a fixed
    # request, so "Continue to the lesson" cannot reload it with ?continue=1.
    context["warning_accepted"] = "continue" in request.GET
    context["preview"] = preview
    if lesson.is_assessment:
        form = request.assessment_form or AssessmentForm(
            questions=lesson.questions(), initial={"opened_at": context["opened_at"]}
        )
        context.update(
            form=form,
            questions=[(form[f"q-{block.id}"], block) for block in form.questions],
            other_items=[item for item in context["items"] if item["block"].block_type != "question"],
            needs_after_evaluation=request.enrolment is not None
            and selectors.needs_evaluation(enrolment=request.enrolment, stage="after"),
            certificate=selectors.certificate_status(enrolment=request.enrolment)
            if request.enrolment is not None and request.enrolment.is_completed
            else None,
        )
    return context


def assessment_post(request, lesson: LessonPage):
    """The assessment form posts to the assessment page itself, so errors show beside the questions."""
    form = AssessmentForm(request.POST, questions=lesson.questions())
    if form.is_valid():
        try:
            services.assessment_submit(
                user=request.user,
                lesson=lesson,
                answers=form.answers(),
                opened_at=form.opened_at_for(lesson_id=lesson.pk, user_id=request.user.pk),
            )
        except services.CourseError as error:
            messages.error(request, error.message)
        return redirect(f"{lesson.get_url(request)}#result")
    return form


@login_required
def evaluation(request, course_id: int, stage: str):
    course = _open_page(request, CoursePage, course_id)
    if stage not in EvaluationStage.values:
        return redirect(course.get_url(request))
    statements = course.statements
    form = EvaluationForm(request.POST or None, statements=statements)
    if request.method == "POST" and ("skip" in request.POST or form.is_valid()):
        ratings = None if "skip" in request.POST else form.ratings()
        try:
            services.evaluation_submit(user=request.user, course=course, stage=stage, ratings=ratings)
        except services.CourseError as error:
            messages.error(request, error.message)
            return redirect(course.get_url(request))
        if stage == EvaluationStage.BEFORE:
            return redirect(_after_lesson(request, course))
        messages.success(request, "Thank you. Your answers help us improve the training.")
        return redirect("courses:my_learning")
    return TemplateResponse(
        request, "courses/evaluation.html", {"course": course, "form": form, "stage": stage, "statements": statements}
    )


@login_required
def certificate_status(request, course_id: int):
    """The pass page polls this while the certificate is being made (static/src/js/certificate-status.js)."""
    course = _open_page(request, CoursePage, course_id)
    enrolment = selectors.current_enrolment(user=request.user, course=course)
    if enrolment is None or not enrolment.is_completed:
        return JsonResponse({"state": "not-completed"}, status=404)
    enrolment.course = course
    response = JsonResponse(selectors.certificate_status(enrolment=enrolment))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@page_cache.page_tree_view
def my_learning(request):
    context = selectors.my_learning(user=request.user)
    context.update(
        certificates=certificates_for_user(request.user),
        expiring=certificates_expiring(today=timezone.localdate(), within_days=EXPIRY_WARNING_DAYS)
        .filter(recipient=request.user, achievement_content_type=ContentType.objects.get_for_model(CoursePage))
        .order_by("valid_until"),
    )
    return TemplateResponse(request, "courses/my_learning.html", context)

