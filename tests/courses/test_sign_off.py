"""Trainer (and clinician) sign-off through the Wagtail admin: nothing an editor changes goes live until approved."""
import pytest
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from accounts import roles
from courses import sign_off
from courses.models import CoursePage, LessonPage


@pytest.fixture
def people(make_user):
    sign_off.workflows_ensure()
    return {
        "editor": make_user(roles.EDITOR),
        "trainer": make_user(roles.TRAINER),
        "clinician": make_user(roles.CLINICIAN),
    }


def edit_form(client, page, **changes):
    """The admin edit form of `page` as the browser would post it, with `changes` applied."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The statements are drawn by JavaScript, so post them as the browser would.
    data.update(nested_form_data({"evaluation_questions": streamfield(
        [("statement", block.value) for block in page.evaluation_questions])}))
    for name, value in changes.items():
        data[name] = value
    return data


def approve(client, page):
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    return client.post(url, {"comment": ""})


def live_summary(course) -> str:
    return CoursePage.objects.get(pk=course.pk).summary


@pytest.mark.django_db
def test_a_fresh_install_has_both_sign_off_workflows():
    names = set(Workflow.objects.filter(active=True).values_list("name", flat=True))
    assert {sign_off.TRAINER_WORKFLOW, sign_off.CLINICAL_WORKFLOW} <= names


def test_an_editors_change_waits_for_the_trainer_and_goes_live_only_then(client, course, people):
    original = course.summary
    client.force_login(people["editor"])
    data = edit_form(client, course, summary="A clearer summary, written by the editor.")
    data["action-submit"] = "Submit to Trainer sign-off"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 302
    assert live_summary(course) == original
    assert original in client.get(course.url).content.decode()

    # The editor cannot skip the trainer by publishing.
    data = edit_form(client, course, summary="Published without sign-off")
    data["action-publish"] = "Publish"
    client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert live_summary(course) == original

    client.force_login(people["trainer"])
    assert course.title in client.get(reverse("wagtailadmin_home")).content.decode()  # awaiting their review
    assert approve(client, course).status_code in (200, 302)
    assert "A clearer summary" in live_summary(course) or "Published without sign-off" == live_summary(course)
    assert live_summary(course) != original
    client.logout()
    assert live_summary(course) in client.get(course.url).content.decode()


def test_a_bleeding_control_lesson_needs_the_clinician_after_the_trainer(client, build_course, people):
    course = build_course(slug="bleed", title="Bleeding control module", topic="bleeding_control", level="")
    lesson = LessonPage.objects.child_of(course).first()
    assert lesson.get_workflow().name == sign_off.CLINICAL_WORKFLOW
    revision = lesson.save_revision(user=people["editor"])
    lesson.get_workflow().start(lesson, people["editor"])
    assert revision.content["title"] == lesson.title

    client.force_login(people["trainer"])
    approve(client, lesson)
    assert WorkflowState.objects.get(object_id=str(lesson.pk)).status == "in_progress"
    client.force_login(people["trainer"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[
        lesson.pk, "approve", WorkflowState.objects.get(object_id=str(lesson.pk)).current_task_state.pk])
    client.post(url, {"comment": ""})  # not theirs to approve: Wagtail refuses
    assert WorkflowState.objects.get(object_id=str(lesson.pk)).status == "in_progress"

    client.force_login(people["clinician"])
    approve(client, lesson)
    assert WorkflowState.objects.get(object_id=str(lesson.pk)).status == "approved"


def test_a_module_without_an_assessment_cannot_be_submitted_or_published(client, build_course, people, make_user):
    course = build_course(slug="no-assessment", title="Unfinished module")
    LessonPage.objects.child_of(course).filter(is_assessment=True).delete()
    course = CoursePage.objects.get(pk=course.pk)
    course.unpublish()
    client.force_login(people["editor"])
    data = edit_form(client, course)
    data["action-submit"] = "Submit to Trainer sign-off"
    page = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data).content.decode()
    assert "This module cannot be published yet: it has no assessment" in page
    assert not WorkflowState.objects.filter(object_id=str(course.pk)).exists()

    client.force_login(make_user(None, is_superuser=True, is_staff=True))
    data = edit_form(client, course)
    data["action-publish"] = "Publish"
    page = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data).content.decode()
    assert "it has no assessment" in page
    assert not CoursePage.objects.get(pk=course.pk).live


def test_editors_can_delete_their_own_drafts_but_not_live_pages(client, course, people):
    client.force_login(people["editor"])
    draft = LessonPage(title="A draft lesson", slug="a-draft", live=False, owner=people["editor"])
    course.add_child(instance=draft)
    assert client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk])).status_code == 302
    assert not LessonPage.objects.filter(pk=draft.pk).exists()
    live = LessonPage.objects.child_of(course).live().first()
    client.post(reverse("wagtailadmin_pages:delete", args=[live.pk]))
    assert LessonPage.objects.filter(pk=live.pk).exists()


def test_the_workflows_screen_lists_each_module_under_its_sign_off(client, course, build_course, people, make_user):
    from wagtail.models import WorkflowPage

    bleeding = build_course(slug="bleeding-control", title="Stop the bleed", topic="bleeding_control")
    assigned = dict(WorkflowPage.objects.values_list("page_id", "workflow__name"))
    assert assigned[course.pk] == sign_off.TRAINER_WORKFLOW
    assert assigned[bleeding.pk] == sign_off.CLINICAL_WORKFLOW
    client.force_login(make_user(None, is_superuser=True, is_staff=True))
    trainer = Workflow.objects.get(name=sign_off.TRAINER_WORKFLOW)
    screen = client.get(reverse("wagtailadmin_workflows:edit", args=[trainer.pk])).content.decode()
    assert course.title in screen and bleeding.title not in screen
    # A module moved to another topic moves to that topic's sign-off when published.
    bleeding.topic = "trauma_informed"
    bleeding.save_revision().publish()
    assert WorkflowPage.objects.get(page_id=bleeding.pk).workflow.name == sign_off.TRAINER_WORKFLOW
