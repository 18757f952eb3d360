"""What the LTI tool keeps: which organisation a registered platform belongs to, one-use launch records, grade targets.

The platform's own details (issuer, client id, key set, deployments) and the platform's users are django-lti's
models (`lti_tool.LtiRegistration`, `LtiDeployment`, `LtiUser`); these add what the partnership needs around them.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class PartnerPlatform(models.Model):
    """A partner's learning system registered to launch our modules; its learners join `organisation`."""

    registration = models.OneToOneField("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="partner")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="lti_platforms")
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["registration__name"]

    def __str__(self) -> str:
        return self.registration.name


class LoginState(models.Model):
    """One OIDC login we started: the state and nonce we sent to the platform. A launch uses it once.

    Kept in the database rather than a cookie, so a launch inside the platform's frame works where the browser
    blocks third-party cookies; single use is what refuses a replayed launch.
    """

    state = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64, unique=True)
    registration = models.ForeignKey("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)


class HandoffPurpose(models.TextChoices):
    SIGN_IN = "sign_in", "Sign in"
    LINK = "link", "Link an existing account"
    DEEP_LINK = "deep_link", "Choose modules for a course"


class LaunchHandoff(models.Model):
    """A launch that passed every check, waiting to be used once: signing in (in this window or a new one),
    linking an existing account after the person proves it is theirs, or choosing modules for a course."""

    key = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=20, choices=HandoffPurpose.choices)
    registration = models.ForeignKey("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+")
    lti_user = models.ForeignKey("lti_tool.LtiUser", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    deployment_id = models.CharField(max_length=255, blank=True)
    lineitem_url = models.URLField(max_length=500, blank=True)
    # Deep linking: the platform's settings claim (where to send the chosen modules, and its opaque data).
    deep_link_settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)


class GradeTarget(models.Model):
    """Where a learner's result for one module goes on a partner's platform: the line item of the launch (AGS)."""

    registration = models.ForeignKey("lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grade_targets")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    sub = models.CharField("the learner's id on the platform", max_length=255)
    lineitem_url = models.URLField(max_length=500)
    # The completion last sent there: a retry or a second run of the task sends nothing new.
    posted_enrolment_id = models.BigIntegerField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "user", "course", "lineitem_url"],
                                               name="lti_launch_one_target_per_line_item")]

    def __str__(self) -> str:
        return f"{self.user} on {self.course} -> {self.lineitem_url}"


class RegistrationInvite(models.Model):
    """A one-use address partnership staff give a partner's administrator, who opens it from their platform's
    LTI Dynamic Registration: the platform is registered for `organisation` without anyone typing its details."""

    key = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    platform = models.ForeignKey(PartnerPlatform, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
