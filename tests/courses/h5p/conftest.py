"""Fixtures for the H5P tests: a module whose first lesson holds the demo H5P activity, and statements."""
import uuid

import pytest

from tests.courses.h5p import builders

SITE = "http://127.0.0.1:8000"
H5P = "http://localhost:8001"

H5P_LESSON = {
    "title": "Lesson with an activity",
    "slug": "lesson-with-an-activity",
    "content_warning": None,
    "blocks": [
        ("rich_text", "<p>Read this, then try the activity.</p>"),
        ("h5p", {"title": "Check your understanding", "instructions": "Choose the best first response."}),
    ],
}
PLAIN_LESSON = {
    "title": "Plain lesson",
    "slug": "plain-lesson",
    "content_warning": None,
    "blocks": [("rich_text", "<p>No activity here.</p>")],
}


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.SITE_URL = SITE
    settings.H5P_ORIGIN = H5P


@pytest.fixture
def h5p_course(build_course):
    return build_course(lessons=[H5P_LESSON, PLAIN_LESSON], evaluation_questions=[], pass_mark=80)


@pytest.fixture
def h5p_lesson(h5p_course):
    return h5p_course.lessons().get(slug=H5P_LESSON["slug"]).specific


@pytest.fixture
def activity_id(h5p_lesson):
    return next(block.id for block in h5p_lesson.body if block.block_type == "h5p")


@pytest.fixture
def package(h5p_lesson, activity_id):
    return next(block.value["package"] for block in h5p_lesson.body if block.id == activity_id)


@pytest.fixture
def xapi_url(h5p_lesson, activity_id):
    return f"/h5p/xapi/{h5p_lesson.pk}/{activity_id}/"


def make_statement(*, verb="answered", raw=1, max_score=1, parent=False, actor=None, statement_id=None, **extra):
    statement = {
        "id": str(statement_id or uuid.uuid4()),
        "actor": actor or {"objectType": "Agent", "account": {"name": "not-trackable-123"}},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"id": f"{H5P}/h5p/content/x", "objectType": "Activity"},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.VrpCheck-1.0"}]}},
    }
    if raw is not None:
        statement["result"] = {"score": {"min": 0, "max": max_score, "raw": raw}, "completion": True}
    if parent:
        statement["context"]["contextActivities"]["parent"] = [{"id": f"{H5P}/h5p/content/parent"}]
    statement.update(extra)
    return statement


@pytest.fixture
def statement():
    return make_statement


@pytest.fixture
def stored_package(db):
    """A package imported straight from the builder, for tests that need no lesson."""
    import io

    from courses.h5p.services import package_import

    return package_import(upload=io.BytesIO(builders.valid_package()), title="Knowledge check")
