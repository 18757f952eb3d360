"""The sign-off preview: a reviewer sees exactly what learners will see, the draft under review included."""
import copy

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from accounts import roles
from courses import sign_off
from courses.models import Enrolment, LessonPage


def _set_text(lesson, text):
    """Replace the lesson's rich text block (in memory) with `text`."""
    raw = copy.deepcopy(lesson.body.raw_data)
    for block in raw:
        if block["type"] == "rich_text":
            block["value"] = f"<p>{text}</p>"
    lesson.body = raw
    return lesson


def _submitted_draft(lesson, editor, text):
    """An editor's change to the lesson, saved as a revision and submitted for sign-off (not live)."""
    draft = _set_text(LessonPage.objects.get(pk=lesson.pk), text)
    revision = draft.save_revision(user=editor)
    workflow = Workflow.objects.get(name=sign_off.TRAINER_WORKFLOW)
    workflow.start(draft, editor)
    return revision


@pytest.fixture
def reviewers(make_user, course):
    sign_off.workflows_ensure()
    return {"editor": make_user(roles.EDITOR), "trainer": make_user(roles.TRAINER)}


def test_the_reviewer_sees_the_submitted_draft_and_its_place_in_the_module(client, course, lessons, reviewers):
    live_text = "Trauma is the lasting effect"
    # The live version has been shown once, so its blocks are in the page cache.
    client.force_login(reviewers["trainer"])
    _submitted_draft(lessons[0], reviewers["editor"], "A rewritten paragraph waiting for sign-off.")
    task = Workflow.objects.get(name=sign_off.TRAINER_WORKFLOW).workflow_tasks.first().task
    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[lessons[0].pk, task.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Lesson 1 of {len(lessons)}" in page and "of 0" not in page
    # The warning as learners see it, and the lesson itself under it (not another warning).
    assert "Content warning: This lesson mentions violence." in page
    assert 'href="#lesson-content"' in page and "?continue=1" not in page
    assert 'id="lesson-content"' in page
    assert "A rewritten paragraph waiting for sign-off." in page and live_text not in page
    assert "Preview: this is what learners will see" in page
    # The question and reflection blocks show; the learner's button is shown but submits nothing.
    assert "Why might a young person lash out?" in page and "What stood out for you?" in page
    assert 'disabled aria-disabled="true">Mark as complete and continue' in page
    assert not Enrolment.objects.exists()
    # Learners still see the live text and must choose to continue past the warning.
    learner_view = client.get(lessons[0].url).content.decode()
    assert "Continue to the lesson" in learner_view and "?continue=1" in learner_view


def test_a_new_lesson_waiting_for_sign_off_counts_among_the_modules_lessons(course, lessons, reviewers):
    draft = LessonPage(title="A new lesson", slug="a-new-lesson", live=False)
    course.add_child(instance=draft)
    response = LessonPage.objects.get(pk=draft.pk).make_preview_request()
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Lesson {len(lessons) + 1} of {len(lessons) + 1}" in page
