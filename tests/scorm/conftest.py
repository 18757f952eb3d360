"""Fixtures for the SCORM tests: packages we build ourselves, and a module whose first lesson plays one."""
import copy
import io
import json

import pytest

from courses.scorm import samples

SITE = "http://127.0.0.1:8000"
SCORM = "http://s{package}.localhost:8001"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.SITE_URL = SITE
    settings.SCORM_ORIGIN = SCORM


def import_package(data: bytes, title: str = ""):
    from courses.scorm.services import package_import

    return package_import(upload=io.BytesIO(data), title=title)


@pytest.fixture
def package12(db):
    return import_package(samples.scorm12_single())


@pytest.fixture
def package2004(db):
    return import_package(samples.scorm2004_multi())


def scorm_course(*, package, pass_mark=80, slug="scorm-module", live=True):
    """A published module whose first lesson holds a SCORM block playing `package`; returns the lesson."""
    from courses.demo import seed
    from courses.models import CoursePage
    from tests.courses.conftest import PLACEHOLDER_COURSE

    data = copy.deepcopy(PLACEHOLDER_COURSE)
    data.update(slug=slug, title="Module with SCORM", evaluation_questions=[], pass_mark=pass_mark)
    data["lessons"][0]["content_warning"] = None
    seed([data])
    course = CoursePage.objects.get(slug=slug)
    lesson = course.lessons().get(slug="first-lesson").specific
    lesson.body = [
        {"type": "rich_text", "value": "<p>Work through the package below.</p>"},
        {"type": "scorm", "value": {"package": package.pk, "title": "E-learning", "instructions": "Take each part."},
         "id": "scorm-block-1"},
    ]
    lesson.save_revision().publish()
    if not live:
        course.unpublish()
    return lesson


@pytest.fixture
def site(db):
    from lms.demo import seed

    return seed()


@pytest.fixture
def lesson12(site, package12):
    return scorm_course(package=package12)


@pytest.fixture
def lesson2004(site, package2004):
    return scorm_course(package=package2004, slug="scorm-2004-module")


def commit_url(lesson, block_id="scorm-block-1"):
    return f"/scorm/cmi/{lesson.pk}/{block_id}/"


def open_lesson(user, lesson):
    """Start the module and open the lesson, as a learner does before a package can record anything."""
    from courses import services
    from courses.models import CoursePage

    course = CoursePage.objects.parent_of(lesson).get()
    services.enrolment_start(user=user, course=course)
    services.lesson_open(user=user, lesson=lesson, course=course)


def post_commit(client, lesson, *, sco, attempt=1, values=None, terminate=False, block_id="scorm-block-1"):
    """POST a commit as the signed-in learner, who has started the module and opened the lesson."""
    from accounts.models import User

    from courses.services import CourseError

    user_id = client.session.get("_auth_user_id")
    if user_id:
        try:
            open_lesson(User.objects.get(pk=user_id), lesson)
        except CourseError:
            pass  # an unpublished module cannot be started: the endpoint's own answer is what is tested
        except Exception as exc:  # Http404 and the like from an unpublished page
            if type(exc).__name__ != "Http404":
                raise
    return client.post(
        commit_url(lesson, block_id),
        data=json.dumps({"sco": sco, "attempt": attempt, "values": values or {}, "terminate": terminate}),
        content_type="application/json",
    )
