"""Wagtail's last workflow step (WAGTAIL_FINISH_WORKFLOW_ACTION), imported while wagtail.models loads, so it imports nothing."""


def publish_when_signed_off(workflow_state, user=None) -> None:
    """Publish the approved revision, and for a module the lesson revisions gathered into its review.

    Reviewers hold no publish permission, so that nobody can skip the clinician by publishing
    directly (courses/sign_off.py); the approved revisions are published on their behalf. Wagtail runs
    this inside the approval's transaction, so the module and its lessons go live together or not at all.
    Each lesson is published at the revision pinned when the module was submitted: an edit made since
    stays a draft, for its own review; a lesson published since at a later revision is not rolled back.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
    for submitted in workflow_state.submitted_lessons.select_related("revision", "lesson").order_by("lesson__path"):
        if (submitted.lesson.live_revision_id or 0) < submitted.revision_id:
            submitted.revision.publish(user=user, skip_permission_checks=True)
