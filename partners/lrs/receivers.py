"""Learner activity heard through model signals of the apps below, queued as statements in the same transaction.

Each receiver returns at once when the record is not (yet) a statement, and asks for the destinations before
building anything, so a site with no LRS does one small query per qualifying save.
"""
from courses.models import CoursePage

from . import services, statements


def _parent_module(lesson_id: int):
    from wagtail.models import Page

    lesson = Page.objects.filter(pk=lesson_id).only("path", "depth", "title").first()
    if lesson is None:
        return None, ""
    return CoursePage.objects.parent_of(lesson).only("pk", "title").first(), lesson.title


def on_h5p_statement_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A root statement from an H5P activity (sub-content statements stay ours: their ids are the player's)."""
    if raw or not created or not instance.is_root:
        return

    def drafts():
        module, lesson_title = _parent_module(instance.lesson_id)
        return [statements.h5p_draft(instance, lesson_title=lesson_title, module=module)]

    services.outbox_enqueue(learner=instance.user, drafts=drafts)


def on_scorm_attempt_saved(sender, instance, raw=False, **kwargs) -> None:
    """Each outcome a SCORM attempt reaches (completed, passed, failed) once; commits in between say nothing."""
    if raw or not statements.scorm_outcomes(instance):
        return

    def drafts():
        module, lesson_title = _parent_module(instance.lesson_id)
        return statements.scorm_drafts(instance, lesson_title=lesson_title, module=module)

    services.outbox_enqueue(learner=instance.user, drafts=drafts)


def on_enrolment_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A module completed (courses.services.enrolment_check_completion saves completed_at once)."""
    if raw or instance.completed_at is None or (update_fields is not None and "completed_at" not in update_fields):
        return
    services.outbox_enqueue(learner=instance.user, drafts=lambda: [statements.module_completed_draft(instance)])


def on_certificate_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A certificate issued to a person (certificates made out to a name only, such as pupils', have no learner)."""
    if raw or not created or instance.recipient_id is None:
        return
    services.outbox_enqueue(learner=instance.recipient, drafts=lambda: [statements.certificate_draft(instance)])
