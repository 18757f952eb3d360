"""The module's editing form in Wagtail: a module goes to sign-off or live only when it is complete."""
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

# The edit form's buttons that would put the module in front of learners or reviewers.
GOING_LIVE_ACTIONS = ("action-publish", "action-submit")


class CoursePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if any(action in self.data for action in GOING_LIVE_ACTIONS) and self.instance.pk:
            problems = self.instance.publishing_problems(sensitive=cleaned.get("sensitive"))
            if problems:
                raise ValidationError(
                    "This module cannot be published yet: " + "; ".join(problems)
                    + ". Save it as a draft, add what is missing, then submit it again."
                )
        return cleaned
