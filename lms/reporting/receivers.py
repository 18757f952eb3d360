"""Keep the report summaries and cache current when completions, bookings, certificates, evaluations or people change.

Learner-side changes refresh the summaries of the person's group (organisation, approval, area) in a
Celery task after the commit; the task empties the cache when done. Booking changes only empty the
cache: school figures are counted from the records, which stay small.
"""
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from . import caching

WATCHED_ENROLMENT_FIELDS = {"started_at", "completed_at", "withdrawn_at"}
WATCHED_USER_FIELDS = {"organisation", "organisation_id", "area", "area_id", "membership_status", "date_joined"}


def _invalidate_after_commit(**kwargs) -> None:
    transaction.on_commit(caching.invalidate)


def _refresh_after_commit(*, user_ids=(), groups=()) -> None:
    from .tasks import refresh_report_summaries

    user_ids = [u for u in user_ids if u is not None]
    groups = [list(g) for g in groups]
    if user_ids or groups:
        transaction.on_commit(partial(refresh_report_summaries.delay, user_ids, groups))
    transaction.on_commit(caching.invalidate)


def _enrolment_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # Enrolments are saved whenever a learner moves between lessons; only a start, completion or withdrawal counts.
    if created or update_fields is None or WATCHED_ENROLMENT_FIELDS & set(update_fields):
        _refresh_after_commit(user_ids=[instance.user_id])


def _enrolment_deleted(sender, instance, **kwargs) -> None:
    _refresh_after_commit(user_ids=[instance.user_id])


def _progress_saved(sender, instance, **kwargs) -> None:
    if instance.attempts:  # an assessment tried
        from courses.models import Enrolment

        _refresh_after_commit(user_ids=list(Enrolment.objects.filter(pk=instance.enrolment_id)
                                            .values_list("user_id", flat=True)))


def _evaluation_changed(sender, instance, **kwargs) -> None:
    from courses.models import Enrolment

    _refresh_after_commit(user_ids=list(Enrolment.objects.filter(pk=instance.enrolment_id)
                                        .values_list("user_id", flat=True)))


def _certificate_changed(sender, instance, **kwargs) -> None:
    _refresh_after_commit(user_ids=[instance.recipient_id])


def _user_saving(sender, instance, update_fields=None, **kwargs) -> None:
    """Remember the group a person is leaving, to refresh it as well as the one they join."""
    instance._report_group_before = None
    if instance.pk is None or (update_fields is not None and not WATCHED_USER_FIELDS & set(update_fields)):
        return
    from .summaries import group_of

    before = sender.objects.filter(pk=instance.pk).only("organisation_id", "area_id", "membership_status").first()
    instance._report_group_before = group_of(before) if before is not None else None


def _user_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    from .summaries import group_of

    before = getattr(instance, "_report_group_before", None)
    after = group_of(instance)
    if created or (before is not None and before != after):
        _refresh_after_commit(groups=[g for g in (before, after) if g is not None])


def _user_deleted(sender, instance, **kwargs) -> None:
    from .summaries import group_of

    _refresh_after_commit(groups=[group_of(instance)])


def connect() -> None:
    from accounts.models import User
    from certificates.models import Certificate
    from certificates.signals import achievement_completed
    from courses.models import Enrolment, Evaluation, LessonProgress
    from schools.models import ConfidenceCount, SessionAttendance, SessionBooking

    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid="reporting.enrolment_saved")
    post_delete.connect(_enrolment_deleted, sender=Enrolment, dispatch_uid="reporting.enrolment_deleted")
    post_save.connect(_progress_saved, sender=LessonProgress, dispatch_uid="reporting.progress_saved")
    achievement_completed.connect(_invalidate_after_commit, dispatch_uid="reporting.achievement_completed")
    for model, receiver in ((Certificate, _certificate_changed), (Evaluation, _evaluation_changed)):
        label = model._meta.label_lower
        post_save.connect(receiver, sender=model, dispatch_uid=f"reporting.{label}.saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"reporting.{label}.deleted")
    pre_save.connect(_user_saving, sender=User, dispatch_uid="reporting.user_saving")
    post_save.connect(_user_saved, sender=User, dispatch_uid="reporting.user_saved")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="reporting.user_deleted")
    for model in (SessionBooking, SessionAttendance, ConfidenceCount):
        label = model._meta.label_lower
        post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"reporting.{label}.saved")
        post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"reporting.{label}.deleted")
