"""The pages editors write: the catalogue of modules, each module (CoursePage) and its lessons."""
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.admin_forms import CoursePageForm
from courses.blocks import EvaluationStatementsBlock, LessonBlock
from courses.choices import Level, Topic

from .page_tree import cached


# The view layer's part in serving these pages (courses.views), registered by CoursesConfig.ready: a page model
# imports nothing above it (selectors, services, forms and views all import the models). Keys: "catalogue_context",
# "course_context", "lesson_context" (each returns what to add to the page's context) and "lesson_open".
PAGE_VIEWS: dict[str, Callable] = {}


def page_views_register(**views: Callable) -> None:
    PAGE_VIEWS.update(views)


class RestrictionsFromRouteMixin:
    """The page's view restrictions are read when its route is cached, and travel with it (courses.page_cache)."""

    view_restrictions_travel_with_route = True

    def get_view_restrictions(self):
        if hasattr(self, "_cached_view_restrictions"):
            return self._cached_view_restrictions
        return super().get_view_restrictions()


def _route_to_child(parent: Page, child_model, request, path_components):
    """Route to a child of one known type in one query; Wagtail's default takes two (page, then specific)."""
    if path_components:
        child = child_model.objects.child_of(parent).filter(slug=path_components[0]).first()
        if child is not None:
            child._cached_parent_obj = parent  # as Wagtail's own route does, so get_parent() needs no query
            return child.route(request, path_components[1:])
    return None


def pass_mark_warning(*, pass_mark: int, questions: int) -> str | None:
    """What an editor should know when `questions` marked against `pass_mark` cannot pass at exactly that mark.

    Scores are rounded to a whole percentage before comparing (courses.selectors.assessment_result).
    """
    if questions <= 0:
        return None
    needed = next(right for right in range(questions + 1) if round(right * 100 / questions) >= pass_mark) \
        if pass_mark <= 100 else questions
    actual = round(needed * 100 / questions)
    if actual == pass_mark:
        return None
    fewer = needed - 1
    text = (
        f"The pass mark is {pass_mark}%, but with {questions} questions learners need {needed} of {questions} "
        f"right ({actual}%)."
    )
    if fewer > 0:
        text += (
            f" To let them pass with {fewer} of {questions}, set the pass mark to "
            f"{round(fewer * 100 / questions)}%."
        )
    return text


class CourseCatalogPage(RestrictionsFromRouteMixin, Page):
    """The list of modules, which learners can filter by level and audience."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + ["introduction"]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "module catalogue"  # learners and editors say "module", not "course"

    def route(self, request, path_components):
        return _route_to_child(self, CoursePage, request, path_components) or super().route(request, path_components)

    def modules(self) -> list["CoursePage"]:
        """Live modules in the editors' order, from the cache until the next publish."""
        return cached(None, f"catalogue:{self.pk}", lambda: list(CoursePage.objects.live().child_of(self).order_by("path")))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(PAGE_VIEWS["catalogue_context"](request, catalogue=self))
        return context


class CoursePage(RestrictionsFromRouteMixin, Page):
    """A module: what it covers and for whom, its lessons (child pages) and the assessment that ends it."""

    summary = models.TextField(help_text="One or two sentences shown in the catalogue.")
    audience = models.CharField(max_length=150, help_text='Who it is for, e.g. "Anyone who works with young people".')
    topic = models.CharField(
        max_length=30, choices=Topic.choices, default=Topic.TRAUMA_INFORMED,
        help_text="Bleeding-control modules also need a clinician's sign-off before they go live.",
    )
    level = models.CharField(
        "trauma-informed level", max_length=20, choices=Level.choices, blank=True,
        help_text="Leave empty for modules outside the trauma-informed framework, such as bleeding control.",
    )
    cpd_hours = models.DecimalField("CPD hours", max_digits=4, decimal_places=1, default=1)
    estimated_minutes = models.PositiveIntegerField(default=45, help_text="How long most people take, in minutes.")
    pass_mark = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Percentage of assessment answers (or H5P score) needed to pass.",
    )
    assessment_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many times a learner may take the assessment. Leave empty for no limit."
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months the certificate is valid for. Leave empty if it never expires."
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="Shows the “Exit this page” button on the module page, every lesson, the assessment and evaluations.",
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="How this module's certificates look. Leave empty for the default template.",
    )
    sign_off_note = models.TextField(
        blank=True, help_text="Shown on the module page, e.g. that the content still needs sign-off by a trainer."
    )
    evaluation_questions = StreamField(
        EvaluationStatementsBlock(),
        blank=True,
        help_text="Statements learners rate from 1 to 5 before the first lesson and after completing the module.",
    )

    content_panels = Page.content_panels + [
        "summary",
        "audience",
        "topic",
        "level",
        "cpd_hours",
        "estimated_minutes",
        "pass_mark",
        "assessment_attempts",
        "validity_months",
        "certificate_template",
        "sensitive",
        "sign_off_note",
        "evaluation_questions",
    ]
    parent_page_types = ["courses.CourseCatalogPage"]
    subpage_types = ["courses.LessonPage"]
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = "module"

    def route(self, request, path_components):
        return _route_to_child(self, LessonPage, request, path_components) or super().route(request, path_components)

    def lessons(self):
        """Live lessons in order (the assessment last if the editor put it last), with what outlines need."""
        return (
            LessonPage.objects.live()
            .child_of(self)
            .order_by("path")
            .only("title", "slug", "url_path", "path", "depth", "live", "locale_id", "content_type_id", "is_assessment")
        )

    def lesson_outline(self) -> list["LessonPage"]:
        """The same lessons as a list, from the cache until the next publish."""
        if not hasattr(self, "_lesson_outline"):
            self._lesson_outline = cached(None, f"outline:{self.pk}", lambda: list(self.lessons()))
        return self._lesson_outline

    def preview_outline(self, *, lesson: "LessonPage") -> list["LessonPage"]:
        """The lessons as learners will have them once `lesson` (a draft being reviewed) goes live."""
        outline = [other for other in self.lesson_outline() if other.pk != lesson.pk or lesson.pk is None]
        outline.append(lesson)
        # A new lesson has no tree path yet: Wagtail adds it last.
        return sorted(outline, key=lambda other: other.path or "\uffff")

    def publishing_problems(self, *, sensitive: bool | None = None) -> list[str]:
        """Why the module cannot go live yet, in the editor's words; empty when it can.

        Lessons still waiting for sign-off count: they go live through their own sign-off. `sensitive` is the value
        the editor has just chosen, if it differs from the saved one.
        """
        lessons = list(LessonPage.objects.child_of(self).only("is_assessment", "body"))
        children = [lesson.is_assessment for lesson in lessons]
        problems = []
        if not any(is_assessment is False for is_assessment in children):
            problems.append("it has no lessons")
        if not any(children):
            problems.append("it has no assessment (a lesson with “is assessment” ticked)")
        sensitive = self.sensitive if sensitive is None else sensitive
        if sensitive and not any(kind == "signposting" for lesson in lessons for kind, _ in lesson.block_types()):
            # A learner upset by a sensitive module must find where to get support.
            problems.append("it is marked sensitive but no lesson has a “Support services” (signposting) block")
        return problems

    def pass_mark_warning(self) -> str | None:
        """Tell the editor when the pass mark cannot be met exactly with this many assessment questions."""
        assessment = LessonPage.objects.child_of(self).filter(is_assessment=True).order_by("path").first()
        return pass_mark_warning(pass_mark=self.pass_mark, questions=len(assessment.questions()) if assessment else 0)

    @property
    def statements(self) -> list[str]:
        return [block.value for block in self.evaluation_questions]

    @property
    def estimated_time(self) -> str:
        hours, minutes = divmod(self.estimated_minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if minutes or not hours:
            parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        return " ".join(parts)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(PAGE_VIEWS["course_context"](request, course=self))
        return context


# Blocks whose HTML depends on who is looking (their answer, their reflection, the player's origin) or on the request.
LEARNER_SPECIFIC_BLOCKS = {"question", "reflection", "h5p", "scorm", "content_warning"}


class LessonPage(RestrictionsFromRouteMixin, Page):
    """A lesson of a module, built from blocks; tick "is assessment" for the module's final assessment."""

    introduction = models.TextField(blank=True, help_text="Shown under the title.")
    is_assessment = models.BooleanField(
        default=False,
        help_text="The module's final assessment: its questions are marked together against the pass mark.",
    )
    body = StreamField(LessonBlock(), blank=True)

    content_panels = Page.content_panels + ["introduction", "is_assessment", "body"]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list = []

    class Meta:
        verbose_name = "lesson"

    @property
    def has_activity(self) -> bool:
        """Lessons with an H5P activity are completed by scoring in it, not by a button."""
        return any(kind in ("h5p", "scorm") for kind, _ in self.block_types())

    def activity_ids(self) -> set[str]:
        """The H5P activities and SCORM packages a learner must pass to complete the lesson."""
        return {block_id for kind, block_id in self.block_types() if kind in ("h5p", "scorm")}

    def block_types(self) -> list[tuple[str, str]]:
        """(type, id) of each block, read without turning every block's stored value into Python."""
        return [(raw["type"], raw.get("id")) for raw in self.body.raw_data]

    def blocks_of(self, *types: str) -> list:
        """The blocks of these types, converting only those (a lesson page shows most blocks from the cache)."""
        return [self.body[i] for i, (kind, _) in enumerate(self.block_types()) if kind in types]

    def questions(self) -> list:
        return self.blocks_of("question")

    def static_blocks_html(self, *, draft: bool = False) -> dict[str, str]:
        """The HTML of the blocks that look the same to every learner, by block id, cached until the next publish.

        Questions, reflections, activities and the content warning depend on the learner or the
        request and are rendered on each view. A `draft` (a preview of unpublished changes) is rendered fresh:
        the cache holds the live version.
        """

        def render() -> dict[str, str]:
            return {
                block.id: str(block.render(context={"block_id": block.id, "page": self}))
                for block in self.body
                if block.block_type not in LEARNER_SPECIFIC_BLOCKS
            }

        rendered = render() if draft else cached(None, f"lesson-html:{self.pk}", render)
        return {block_id: mark_safe(html) for block_id, html in rendered.items()}

    def content_warning(self):
        return next((block.value for block in self.blocks_of("content_warning")), None)

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        course = self.get_parent()  # Wagtail keeps the module it routed through, so usually no query
        if not isinstance(course, CoursePage):
            course = CoursePage.objects.parent_of(self).get()
        if not course.live:
            raise Http404  # a live lesson of an unpublished module is not published either
        # Recording the visit (and marking a posted assessment) is the view layer's: it answers a response of its
        # own (a redirect) or None, having put the module, the enrolment and any assessment form on the request.
        response = PAGE_VIEWS["lesson_open"](request, lesson=self, course=course)
        if response is not None:
            return response
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        # Editors preview without being enrolled.
        request.course = CoursePage.objects.parent_of(self).first() if self.path else None
        request.enrolment, request.assessment_form = None, None
        # Not Page.serve: it marks the request as "not a preview", and the page must know it is one.
        return TemplateResponse(request, self.get_template(request), self.get_context(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not hasattr(request, "enrolment"):
            return context  # not served as a lesson, e.g. the password form of a restricted module
        context.update(PAGE_VIEWS["lesson_context"](request, lesson=self))
        return context

    def get_template(self, request, *args, **kwargs):
        return "courses/assessment_page.html" if self.is_assessment else "courses/lesson_page.html"
