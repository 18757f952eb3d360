"""A module is submitted for sign-off once with its changed lessons, and one approval publishes them all."""
import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts import roles
from courses import sign_off
from courses.models import CoursePage, LessonPage, SubmittedLesson
from tests.courses.conftest import start_module
from tests.courses.test_sign_off import approve, edit_form


@pytest.fixture
def people(make_user):
    sign_off.workflows_ensure()
    return {
        "editor": make_user(roles.EDITOR),
        "trainer": make_user(roles.TRAINER),
        "clinician": make_user(roles.CLINICIAN),
    }


def lesson(course, slug) -> LessonPage:
    return LessonPage.objects.child_of(course).get(slug=slug)


def draft_lesson_edit(page: LessonPage, editor, warning: str):
    """The editor changes a lesson and saves a draft: nothing goes live."""
    page = LessonPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    page.introduction = warning
    return page.save_revision(user=editor)


def module_submit(client, course, editor, **changes):
    client.force_login(editor)
    data = edit_form(client, course, **changes)
    data["action-submit"] = "Submit to Trainer sign-off"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return WorkflowState.objects.get(object_id=str(course.pk), status__in=["in_progress", "needs_changes"])


def live_warning(page) -> str:
    return LessonPage.objects.get(pk=page.pk).introduction


def reject(client, page):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk])
    return client.post(url, {"comment": "Please soften the warning."})


@pytest.fixture
def changed(course, people):
    """A module whose first lesson has draft changes and which has a new, never published lesson."""
    first, second = lesson(course, "first-lesson"), lesson(course, "second-lesson")
    draft_lesson_edit(first, people["editor"], "A clearer warning, written by the editor.")
    new = LessonPage(title="A brand new lesson", slug="brand-new", live=False, owner=people["editor"])
    course.add_child(instance=new)
    new.save_revision(user=people["editor"])
    return {"first": first, "second": second, "new": new,
            "second_revision": LessonPage.objects.get(pk=second.pk).live_revision_id}


def test_one_submission_and_one_approval_publish_the_module_with_its_changed_lessons(
        client, course, people, changed, make_user):
    state = module_submit(client, course, people["editor"], summary="A clearer summary.")
    # One review for the whole module: no lesson has a review of its own.
    assert WorkflowState.objects.filter(status="in_progress").count() == 1
    pinned = set(SubmittedLesson.objects.filter(workflow_state=state).values_list("lesson_id", flat=True))
    assert pinned == {changed["first"].pk, changed["new"].pk}  # the unchanged lesson is not gathered
    assert live_warning(changed["first"]) == changed["first"].introduction
    assert not LessonPage.objects.get(pk=changed["new"].pk).live

    client.force_login(people["trainer"])
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert "in sign-off with 2 lessons" in edit_page
    review = client.get(reverse("module_sign_off", args=[state.pk])).content.decode()
    assert "First lesson" in review and "A brand new lesson" in review and "Second lesson" not in review
    preview = client.get(reverse("module_sign_off_lesson_preview", args=[state.pk, changed["first"].pk]))
    assert preview.status_code == 200
    assert "A clearer warning, written by the editor." in preview.content.decode()

    assert approve(client, course).status_code in (200, 302)
    assert CoursePage.objects.get(pk=course.pk).summary == "A clearer summary."
    assert live_warning(changed["first"]) == "A clearer warning, written by the editor."
    assert not LessonPage.objects.get(pk=changed["first"].pk).has_unpublished_changes
    assert LessonPage.objects.get(pk=changed["new"].pk).live
    assert LessonPage.objects.get(pk=changed["second"].pk).live_revision_id == changed["second_revision"]
    learner = make_user(roles.LEARNER)
    start_module(learner, course)
    client.force_login(learner)
    learner_view = client.get(LessonPage.objects.get(pk=changed["first"].pk).url)
    assert "Lesson 1 of 4" in learner_view.content.decode()  # the new lesson is live for learners too


def test_a_rejected_module_publishes_nothing_and_its_resubmission_carries_the_fixes(client, course, people, changed):
    state = module_submit(client, course, people["editor"], summary="A clearer summary.")
    client.force_login(people["trainer"])
    reject(client, course)
    assert WorkflowState.objects.get(pk=state.pk).status == "needs_changes"
    assert CoursePage.objects.get(pk=course.pk).summary == "A tiny module for tests."
    assert live_warning(changed["first"]) == changed["first"].introduction
    assert not LessonPage.objects.get(pk=changed["new"].pk).live

    fix = draft_lesson_edit(changed["first"], people["editor"], "A softer warning.")
    module_submit(client, course, people["editor"])
    assert SubmittedLesson.objects.get(workflow_state=state, lesson=changed["first"]).revision_id == fix.pk
    client.force_login(people["trainer"])
    approve(client, course)
    assert live_warning(changed["first"]) == "A softer warning."


def test_a_lesson_edited_after_submission_goes_live_as_the_reviewer_saw_it(client, course, people, changed):
    state = module_submit(client, course, people["editor"])
    draft_lesson_edit(changed["first"], people["editor"], "An edit made after the module was submitted.")
    client.force_login(people["trainer"])
    review = client.get(reverse("module_sign_off", args=[state.pk])).content.decode()
    assert "Edited since it was submitted" in review
    preview = client.get(reverse("module_sign_off_lesson_preview", args=[state.pk, changed["first"].pk]))
    assert "A clearer warning, written by the editor." in preview.content.decode()
    assert "An edit made after" not in preview.content.decode()

    approve(client, course)
    first = LessonPage.objects.get(pk=changed["first"].pk)
    assert first.introduction == "A clearer warning, written by the editor."
    assert first.has_unpublished_changes  # the later edit waits as a draft for its own sign-off
    assert first.get_latest_revision_as_object().introduction == "An edit made after the module was submitted."


def test_an_editor_cannot_approve_and_a_trainer_can(client, course, people, changed, make_user):
    state = module_submit(client, course, people["editor"])
    # The editor sees what they submitted, but approving is not theirs to do.
    assert client.get(reverse("module_sign_off", args=[state.pk])).status_code == 200
    approve(client, course)
    assert WorkflowState.objects.get(pk=state.pk).status == "in_progress"
    assert not LessonPage.objects.get(pk=changed["new"].pk).live

    # Nobody outside the module's editors and reviewers sees its lessons' drafts.
    client.force_login(make_user(roles.LEARNER))
    for url in (reverse("module_sign_off", args=[state.pk]),
                reverse("module_sign_off_lesson_preview", args=[state.pk, changed["first"].pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "A clearer warning" not in response.content.decode()
    outsider = make_user(None, is_staff=True)
    from django.contrib.auth.models import Permission

    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    for url in (reverse("module_sign_off", args=[state.pk]),
                reverse("module_sign_off_lesson_preview", args=[state.pk, changed["first"].pk])):
        response = client.get(url, follow=True)
        assert "do not have permission" in response.content.decode()  # Wagtail's refusal, back on the dashboard
        assert "A clearer warning" not in response.content.decode()

    client.force_login(people["trainer"])
    approve(client, course)
    assert WorkflowState.objects.get(pk=state.pk).status == "approved"
    assert LessonPage.objects.get(pk=changed["new"].pk).live
    # A finished review is no longer listed.
    assert client.get(reverse("module_sign_off", args=[state.pk])).status_code == 404


def test_a_bleeding_control_module_and_its_lessons_go_live_only_after_the_clinician(client, build_course, people):
    course = build_course(slug="bleed", title="Bleeding control module", topic="bleeding_control", level="")
    first = lesson(course, "first-lesson")
    draft_lesson_edit(first, people["editor"], "Pictures of wounds.")
    course.save_revision(user=people["editor"])
    course.get_workflow().start(course, people["editor"])
    state = WorkflowState.objects.get(object_id=str(course.pk), status="in_progress")
    pinned = SubmittedLesson.objects.get(workflow_state=state).revision_id

    client.force_login(people["trainer"])
    approve(client, course)
    assert live_warning(first) == first.introduction
    # An edit between the trainer's and the clinician's approvals is not slipped in.
    draft_lesson_edit(first, people["editor"], "Slipped in after the trainer.")
    assert SubmittedLesson.objects.get(workflow_state=state).revision_id == pinned
    client.force_login(people["clinician"])
    approve(client, course)
    assert WorkflowState.objects.get(pk=state.pk).status == "approved"
    assert live_warning(first) == "Pictures of wounds."


def test_a_lesson_in_its_own_review_is_left_to_it(client, course, people, changed):
    own = changed["first"]
    LessonPage.objects.get(pk=own.pk).get_workflow().start(LessonPage.objects.get(pk=own.pk), people["editor"])
    state = module_submit(client, course, people["editor"])
    assert list(SubmittedLesson.objects.filter(workflow_state=state).values_list("lesson_id", flat=True)) == [
        changed["new"].pk]
    client.force_login(people["trainer"])
    approve(client, own)
    assert live_warning(own) == "A clearer warning, written by the editor."
    assert WorkflowState.objects.get(pk=state.pk).status == "in_progress"


def test_the_list_of_submitted_lessons_costs_the_same_however_many_lessons(client, build_course, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(slug, extra_lessons):
        course = build_course(slug=slug, title=f"Module {slug}")
        for index in range(extra_lessons):
            extra = LessonPage(title=f"Extra lesson {index}", slug=f"extra-{index}", live=False, owner=people["editor"])
            course.add_child(instance=extra)
            extra.save_revision(user=people["editor"])
        state = module_submit(client, course, people["editor"])
        assert SubmittedLesson.objects.filter(workflow_state=state).count() == extra_lessons
        client.force_login(people["trainer"])
        url = reverse("module_sign_off", args=[state.pk])
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert all(f"Extra lesson {index}" in page for index in range(extra_lessons))
        return len(queries)

    one, six = queries_for("one-lesson", 1), queries_for("six-lessons", 6)
    assert one == six
    assert six <= 15


def test_the_module_and_its_lessons_go_live_together_or_not_at_all(course, people, changed):
    from wagtail.signals import page_published

    course.save_revision(user=people["editor"])
    course.get_workflow().start(course, people["editor"])
    state = WorkflowState.objects.get(object_id=str(course.pk), status="in_progress")

    def fail_on_the_new_lesson(sender, instance, **kwargs):  # a failure part-way through the publishing
        if instance.pk == changed["new"].pk:
            raise RuntimeError("The database went away")

    page_published.connect(fail_on_the_new_lesson)
    try:
        with pytest.raises(RuntimeError):
            state.current_task_state.specific.approve(user=people["trainer"])
    finally:
        page_published.disconnect(fail_on_the_new_lesson)
    assert WorkflowState.objects.get(pk=state.pk).status == "in_progress"
    assert live_warning(changed["first"]) == changed["first"].introduction
    assert CoursePage.objects.get(pk=course.pk).live_revision_id == course.live_revision_id
    assert not LessonPage.objects.get(pk=changed["new"].pk).live
