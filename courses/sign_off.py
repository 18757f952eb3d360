"""Trainer (and, for bleeding control, clinician) sign-off: the Wagtail workflows every module and lesson goes through.

Editors write and submit; they hold no publish permission (accounts.roles), so a change goes live
only when the last reviewer approves it. The workflows are made by `workflows_ensure`, run after
every migrate and by the demo, so a fresh install has them. Each module is assigned its workflow
through Wagtail's own WorkflowPage (its lessons inherit it), so the admin's Workflows screen lists
the modules, and an administrator who gives a module another workflow there is not overruled.
"""
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from accounts import roles
from courses.choices import Topic
from courses.models import CoursePage

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
