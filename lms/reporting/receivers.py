"""Mark report summaries out of date when learning, certificates or people change; bookings empty the cache.

A learner-side change marks the person's group (organisation, approval, area) after the commit (stale.py):
one small write the first time in a marking window, nothing after. Nothing is recounted here: the
refresh task, run every minute by Celery beat, recounts the marked groups together and then empties the
dashboard's cache. So a learner's request never pays for reporting, however many statements it sends.
Booking changes only empty the cache: school figures are counted from the records, which stay small.
"""
import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from . import caching, stale

logger = logging.getLogger(__name__)

WATCHED_ENROLMENT_FIELDS = {"started_at", "completed_at", "withdrawn_at"}
WATCHED_USER_FIELDS = {"organisation", "organisation_id", "area", "area_id", "membership_status", "date_joined"}


def _invalidate_after_commit(**kwargs) -> None:
    transaction.on_commit(caching.invalidate)


def _group_of_user(user_id: int):
    from accounts.models import User

    from .summaries import group_of

    user = User.objects.filter(pk=user_id).only("organisation_id", "area_id", "membership_status").first()
    return None if user is None else group_of(user)


def _group_of_enrolment(enrolment_id: int):
    from accounts.models import User

    from .summaries import group_of

    user = (User.objects.filter(enrolments__pk=enrolment_id)
            .only("organisation_id", "area_id", "membership_status").first())
    return None if user is None else group_of(user)


def _mark_after_commit(token, find_group) -> None:
    """After the commit, mark the group `find_group()` gives, unless this thread marked it for `token` this window.

    After the commit, not before: the refresh that takes the mark must find the change already committed.
    A mark that fails (the database busy) is logged, never shown to the learner, whose change is saved.
    """
    def mark():
        if stale.already_marked(token):
            return
        try:
            group = find_group()
            if group is not None:
                stale.stale_group_mark(group=group)
                stale.remember(token)
        except Exception:  # noqa: BLE001 - the learner's change is committed; reporting catches up on the next mark
            logger.exception("Could not mark report summaries out of date for %s", token)

    transaction.on_commit(mark)


def _mark_groups_after_commit(groups) -> None:
    for group in groups:
        if group is not None:
            _mark_after_commit(("group", group), lambda group=group: group)


def _enrolment_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # Enrolments are saved whenever a learner moves between lessons; only a start, completion or withdrawal counts.
    if created or update_fields is None or WATCHED_ENROLMENT_FIELDS & set(update_fields):
        user_id = instance.user_id
        _mark_after_commit(("user", user_id), lambda: _group_of_user(user_id))


def _progress_saved(sender, instance, **kwargs) -> None:
    if instance.attempts:  # an assessment tried
        enrolment_id = instance.enrolment_id
        _mark_after_commit(("enrolment", enrolment_id), lambda: _group_of_enrolment(enrolment_id))


def _evaluation_changed(sender, instance, **kwargs) -> None:
    enrolment_id = instance.enrolment_id
    _mark_after_commit(("enrolment", enrolment_id), lambda: _group_of_enrolment(enrolment_id))


def _certificate_changed(sender, instance, **kwargs) -> None:
    user_id = instance.recipient_id
    _mark_after_commit(("user", user_id), lambda: _group_of_user(user_id))


def _record_deleted(sender, instance, **kwargs) -> None:
    """An enrolment (or what hangs from it) removed: the person's group, read now while the person exists."""
    from .summaries import group_of

    user_id = getattr(instance, "user_id", None) or getattr(instance, "recipient_id", None)
    if user_id is None:
        return
    from accounts.models import User

    user = User.objects.filter(pk=user_id).only("organisation_id", "area_id", "membership_status").first()
    if user is not None:
        _mark_groups_after_commit([group_of(user)])


def _user_saving(sender, instance, update_fields=None, **kwargs) -> None:
    """Remember the group a person is leaving, to mark it as well as the one they join."""
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
        _mark_groups_after_commit([before, after])


def _user_deleted(sender, instance, **kwargs) -> None:
    from .summaries import group_of

    _mark_groups_after_commit([group_of(instance)])


def connect() -> None:
    from accounts.models import User
    from certificates.models import Certificate
    from courses.models import Enrolment, Evaluation, LessonProgress
    from schools.models import ConfidenceCount, SessionAttendance, SessionBooking

    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid="reporting.enrolment_saved")
    post_delete.connect(_record_deleted, sender=Enrolment, dispatch_uid="reporting.enrolment_deleted")
    post_save.connect(_progress_saved, sender=LessonProgress, dispatch_uid="reporting.progress_saved")
    post_save.connect(_evaluation_changed, sender=Evaluation, dispatch_uid="reporting.courses.evaluation.saved")
    post_delete.connect(_evaluation_changed, sender=Evaluation, dispatch_uid="reporting.courses.evaluation.deleted")
    post_save.connect(_certificate_changed, sender=Certificate,
                      dispatch_uid="reporting.certificates.certificate.saved")
    post_delete.connect(_record_deleted, sender=Certificate, dispatch_uid="reporting.certificates.certificate.deleted")
    pre_save.connect(_user_saving, sender=User, dispatch_uid="reporting.user_saving")
    post_save.connect(_user_saved, sender=User, dispatch_uid="reporting.user_saved")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="reporting.user_deleted")
    for model in (SessionBooking, SessionAttendance, ConfidenceCount):
        label = model._meta.label_lower
        post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"reporting.{label}.saved")
        post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"reporting.{label}.deleted")
