"""Wagtail's last workflow step (WAGTAIL_FINISH_WORKFLOW_ACTION), imported while wagtail.models loads, so it imports nothing."""


def publish_when_signed_off(workflow_state, user=None) -> None:
    """Publish the approved revision: the sign-off itself is the authority.

    Reviewers hold no publish permission, so that nobody can skip the clinician by publishing
    directly (courses/sign_off.py); the approved revision is published on their behalf.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
