"""Start the report cache afresh when completions, bookings, certificates or evaluations change."""
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import caching

WATCHED_ENROLMENT_FIELDS = {"completed_at", "withdrawn_at"}


def _invalidate_after_commit(**kwargs) -> None:
    transaction.on_commit(caching.invalidate)


def _enrolment_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # Enrolments are saved whenever a learner moves between lessons; only a start, completion or withdrawal counts.
    if created or update_fields is None or WATCHED_ENROLMENT_FIELDS & set(update_fields):
        transaction.on_commit(caching.invalidate)


def connect() -> None:
    from certificates.models import Certificate
    from certificates.signals import achievement_completed
    from courses.models import Enrolment, Evaluation
    from schools.models import ConfidenceCount, SessionAttendance, SessionBooking

    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid="reporting.enrolment_saved")
    post_delete.connect(_invalidate_after_commit, sender=Enrolment, dispatch_uid="reporting.enrolment_deleted")
    achievement_completed.connect(_invalidate_after_commit, dispatch_uid="reporting.achievement_completed")
    for model in (Certificate, SessionBooking, SessionAttendance, Evaluation, ConfidenceCount):
        label = model._meta.label_lower
        post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"reporting.{label}.saved")
        post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"reporting.{label}.deleted")
