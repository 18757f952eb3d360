"""Wiring: the outbox hears of learner activity only through model signals of the apps below it."""
from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LrsConfig(AppConfig):
    name = "partners.lrs"
    label = "lrs"
    verbose_name = "Partners' learning record stores"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import personal_data, roles
        from certificates.models import Certificate
        from courses.h5p.models import XAPIStatement
        from courses.models import Enrolment
        from courses.scorm.models import ScormAttempt

        from . import personal_data as lrs_personal_data
        from . import receivers, selectors
        from .models import LrsDestination

        roles.grant(roles.PARTNERSHIP_STAFF, ["lrs.manage_lrs"])
        personal_data.register_exporter("statements_for_partners_lrs", lrs_personal_data.export)
        personal_data.register_eraser(lrs_personal_data.erase)
        post_save.connect(selectors.forget_destinations, sender=LrsDestination, dispatch_uid="lrs-forget-saved")
        post_delete.connect(selectors.forget_destinations, sender=LrsDestination, dispatch_uid="lrs-forget-deleted")
        post_save.connect(receivers.on_h5p_statement_saved, sender=XAPIStatement, dispatch_uid="lrs-h5p")
        post_save.connect(receivers.on_scorm_attempt_saved, sender=ScormAttempt, dispatch_uid="lrs-scorm")
        post_save.connect(receivers.on_enrolment_saved, sender=Enrolment, dispatch_uid="lrs-enrolment")
        post_save.connect(receivers.on_certificate_saved, sender=Certificate, dispatch_uid="lrs-certificate")
