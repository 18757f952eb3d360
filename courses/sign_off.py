"""Trainer (and, for bleeding control, clinician) sign-off: the Wagtail workflows every module and lesson goes through.

Editors write and submit; they hold no publish permission (accounts.roles), so a change goes live
only when the last reviewer approves it. The workflows are made by `workflows_ensure`, run after
every migrate and by the demo, so a fresh install has them. Each module is assigned its workflow
through Wagtail's own WorkflowPage (its lessons inherit it), so the admin's Workflows screen lists
the modules, and an administrator who gives a module another workflow there is not overruled.

A module is signed off with its lessons: when its review starts (or restarts after a rejection), each of its
lessons with unpublished changes is gathered into it at its latest revision, and the module's approval
publishes those revisions with the module (courses.workflow_finish). A lesson already in its own review is
left to it.
"""
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from accounts import roles
from courses.choices import Topic
from courses.models import CoursePage, LessonPage, SubmittedLesson

TRAINER_WORKFLOW = "Trainer sign-off"
CLINICAL_WORKFLOW = "Trainer and clinician sign-off"
TRAINER_TASK = "Trainer approval"
CLINICIAN_TASK = "Clinician approval"


def _task(name: str, group_name: str) -> GroupApprovalTask:
    group, _ = Group.objects.get_or_create(name=group_name)
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    task.groups.add(group)
    return task


def _workflow(name: str, tasks: list[GroupApprovalTask]) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


@transaction.atomic
def workflows_ensure() -> None:
    """Create the two sign-off workflows and their tasks if missing. Safe to run any number of times.

    Tasks already set up are left as they are, so an administrator's changes in the admin stay.
    """
    trainer = _task(TRAINER_TASK, roles.TRAINER)
    clinician = _task(CLINICIAN_TASK, roles.CLINICIAN)
    _workflow(TRAINER_WORKFLOW, [trainer])
    _workflow(CLINICAL_WORKFLOW, [trainer, clinician])
    for course in CoursePage.objects.all():
        workflow_assign(course=course)


def workflow_assign(*, course) -> None:
    """Give the module (and so its lessons) the sign-off workflow its topic needs, unless an administrator
    chose another workflow for it in the admin."""
    wanted = Workflow.objects.filter(
        name=CLINICAL_WORKFLOW if course.topic == Topic.BLEEDING_CONTROL else TRAINER_WORKFLOW
    ).first()
    if wanted is None:
        return  # before the workflows exist (workflows_ensure assigns every module once it makes them)
    assigned = WorkflowPage.objects.filter(page_id=course.pk).select_related("workflow").first()
    if assigned is None:
        WorkflowPage.objects.create(page_id=course.pk, workflow=wanted)
    elif assigned.workflow_id != wanted.pk and assigned.workflow.name in (TRAINER_WORKFLOW, CLINICAL_WORKFLOW):
        assigned.workflow = wanted
        assigned.save(update_fields=["workflow"])


def workflow_assign_on_save(sender, instance, **kwargs) -> None:
    # A new module, or a module whose topic changed when it was published.
    workflow_assign(course=instance)


def workflows_ensure_after_migrate(sender, **kwargs) -> None:
    # After accounts' own handler has made the groups: both run for the last app with models.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender is with_models[-1]:
        workflows_ensure()


def module_lessons_pin(*, workflow_state: WorkflowState) -> list[SubmittedLesson]:
    """Gather the module's lessons with unpublished changes into its review, each at its latest revision.

    Run again when the review restarts after a rejection, so the fixes the editor made are the ones reviewed.
    """
    SubmittedLesson.objects.filter(workflow_state=workflow_state).delete()
    lessons = list(
        LessonPage.objects.child_of(Page.objects.get(pk=workflow_state.object_id))
        .filter(has_unpublished_changes=True, latest_revision__isnull=False)
        .order_by("path")
        .values_list("pk", "latest_revision_id")
    )
    in_own_review = set(
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk, _ in lessons])
        .values_list("object_id", flat=True)
    )
    return SubmittedLesson.objects.bulk_create([
        SubmittedLesson(workflow_state=workflow_state, lesson_id=pk, revision_id=revision_id)
        for pk, revision_id in lessons
        if str(pk) not in in_own_review
    ])


def module_lessons_pin_on_task_start(sender, instance, **kwargs) -> None:
    # task_submitted: a module's review starts, moves on to its next reviewer, or restarts after a rejection
    # (the same task again). Only the first and the restart gather lessons: the clinician reviews what the
    # trainer approved.
    task_state = instance
    workflow_state = task_state.workflow_state
    if workflow_state.content_type_id != ContentType.objects.get_for_model(CoursePage).pk:
        return
    earlier = (
        TaskState.objects.filter(workflow_state=workflow_state).exclude(pk=task_state.pk).order_by("-pk").first()
    )
    if earlier is None or earlier.task_id == task_state.task_id:
        module_lessons_pin(workflow_state=workflow_state)


def module_submitted_lessons(*, workflow_state: WorkflowState) -> list[SubmittedLesson]:
    """The lessons in a module's review, in the module's order, with the revision pinned for each."""
    return list(
        SubmittedLesson.objects.filter(workflow_state=workflow_state)
        .select_related("lesson", "revision")
        .order_by("lesson__path")
    )
