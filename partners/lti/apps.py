"""The LTI 1.3 tool's app: connects its receivers to the courses app's completion records."""
from django.apps import AppConfig


class LtiLaunchConfig(AppConfig):
    name = "partners.lti"
    label = "lti_launch"
    verbose_name = "LTI launches from partners' learning systems"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from courses.models import Enrolment

        from . import receivers

        # Learn of completions only through the model signal: the courses app knows nothing of LTI.
        post_save.connect(receivers.enrolment_saved, sender=Enrolment, dispatch_uid="lti_launch.enrolment_saved")
