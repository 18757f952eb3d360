"""Admin pages for a module's sign-off: the lessons gathered into its review, and each lesson's preview as submitted."""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from wagtail.models import WorkflowState

from . import sign_off
from .models import CoursePage, SubmittedLesson


def _module_review(workflow_state_id: int) -> tuple[WorkflowState, CoursePage]:
    state = get_object_or_404(
        WorkflowState.objects.active().select_related("workflow", "current_task_state__task"),
        pk=workflow_state_id,
        content_type=ContentType.objects.get_for_model(CoursePage),
    )
    return state, get_object_or_404(CoursePage, pk=state.object_id)


def _may_see(user, state: WorkflowState, module: CoursePage) -> bool:
    # Its reviewers at this step, and whoever may edit the module (its editors see what they submitted).
    task_state = state.current_task_state
    if task_state is not None and task_state.task.specific.get_actions(module, user):
        return True
    return module.permissions_for_user(user).can_edit()


def module_review_view(request, workflow_state_id: int):
    state, module = _module_review(workflow_state_id)
    if not _may_see(request.user, state, module):
        raise PermissionDenied
    return render(request, "courses/admin/module_sign_off.html", {
        "state": state,
        "module": module,
        "submitted": sign_off.module_submitted_lessons(workflow_state=state),
    })


def lesson_preview_view(request, workflow_state_id: int, lesson_id: int):
    state, module = _module_review(workflow_state_id)
    if not _may_see(request.user, state, module):
        raise PermissionDenied
    submitted = get_object_or_404(
        SubmittedLesson.objects.select_related("revision"), workflow_state=state, lesson_id=lesson_id
    )
    lesson = submitted.revision.as_object()
    return lesson.make_preview_request(
        request, lesson.default_preview_mode, extra_request_attrs={"revision_id": submitted.revision_id}
    )
