"""Signal receivers of the LTI tool: a completed enrolment sends its grade to every platform that launched it."""
from functools import partial

from django.db import transaction


def enrolment_saved(sender, instance, **kwargs) -> None:
    if instance.completed_at is None:
        return
    from .grades import targets_for_enrolment
    from .tasks import post_grade

    for target_id in targets_for_enrolment(instance):
        # After the commit, so the task reads the completion; the task itself skips one already sent.
        transaction.on_commit(partial(post_grade.delay, target_id, instance.pk))
