"""Signal receivers of the LTI tool: a completed enrolment sends its grade to every platform that launched it."""
from django.db import transaction

from .grades import targets_for_enrolment
from .tasks import post_grade


def enrolment_saved(sender, instance, **kwargs) -> None:
    if instance.completed_at is None:
        return
    for target_id in targets_for_enrolment(instance):
        def send_grade(target_id=target_id, enrolment_id=instance.pk):
            post_grade.delay(target_id, enrolment_id)

        # After the commit, so the task reads the completion; the task itself skips one already sent. Robust: a
        # platform that is down (when tasks run in-process) is logged and retried, never shown to the learner.
        transaction.on_commit(send_grade, robust=True)
