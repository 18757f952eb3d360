"""A tiny module in the demo content format, built into pages by courses.demo.seed()."""
import copy

import pytest

ANSWERS = [
    {"text": "Behaviour can be a way of staying safe", "correct": True,
     "feedback": "Yes: behaviour often makes sense as survival."},
    {"text": "Behaviour is always a choice", "correct": False, "feedback": "Not quite: stress can take choice away."},
]

PLACEHOLDER_COURSE = {
    "title": "Placeholder module",
    "slug": "placeholder-module",
    "summary": "A tiny module for tests.",
    "audience": "Test audience",
    "level": "informed",
    "cpd_hours": 1.5,
    "estimated_minutes": 30,
    "pass_mark": 50,
    "validity_months": None,
    "sign_off_note": "Demo content: needs sign-off by a qualified trainer or clinician",
    "evaluation_questions": ["I can recognise signs of trauma", "I know where to get support"],
    "lessons": [
        {
            "title": "First lesson",
            "slug": "first-lesson",
            "content_warning": "This lesson mentions violence.",
            "blocks": [
                ("heading", "What trauma is"),
                ("rich_text", "<p>Trauma is the lasting effect of frightening events.</p>"),
                ("key_points", ["Behaviour is communication.", "Safety first."]),
                ("question", {"question": "Why might a young person lash out?", "answers": ANSWERS}),
                ("reflection", {"prompt": "What stood out for you?"}),
                ("signposting", {"heading": "Support", "services": [
                    {"name": "Samaritans", "description": "Any time.", "contact": "116 123"}]}),
            ],
        },
        {
            "title": "Second lesson",
            "slug": "second-lesson",
            "content_warning": None,
            "blocks": [("rich_text", "<p>Looking after yourself matters.</p>")],
        },
    ],
    "assessment": {
        "title": "Check your learning",
        "intro": "Two questions.",
        "questions": [
            {"question": "Question one?", "answers": ANSWERS},
            {"question": "Question two?", "answers": list(reversed(ANSWERS))},
        ],
    },
}


@pytest.fixture
def site(db):
    from lms.demo import seed

    return seed()


@pytest.fixture
def build_course(site):
    from courses.demo import seed
    from courses.models import CoursePage

    def build(**overrides):
        data = copy.deepcopy(PLACEHOLDER_COURSE)
        data.update(overrides)
        seed([data])
        return CoursePage.objects.get(slug=data["slug"])

    return build


@pytest.fixture
def course(build_course):
    return build_course()


@pytest.fixture
def lessons(course):
    return list(course.lessons())


def start_module(user, course, *, evaluate: bool = True):
    """The learner chooses "Start this module" and skips the confidence statements."""
    from courses import services

    services.enrolment_start(user=user, course=course)
    if evaluate:
        services.evaluation_submit(user=user, course=course, stage="before", ratings=None)


def open_lessons(user, course, lessons):
    """The lesson pages are served to the learner (which records them as opened)."""
    from courses import services

    for lesson in lessons:
        services.lesson_open(user=user, lesson=lesson, course=course)


@pytest.fixture
def taking(learner, course, lessons):
    """The learner started the module and opened every lesson."""
    start_module(learner, course)
    open_lessons(learner, course, lessons)
    return learner
