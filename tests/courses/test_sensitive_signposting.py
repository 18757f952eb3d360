"""A module marked sensitive cannot go to sign-off or live without support signposting in one of its lessons."""
from django.urls import reverse
from wagtail.models import WorkflowState

from courses.models import CoursePage
from tests.courses.conftest import PLACEHOLDER_COURSE
from tests.courses.test_sign_off import edit_form, people  # noqa: F401  (the fixture)

WITHOUT_SIGNPOSTING = [lesson for lesson in PLACEHOLDER_COURSE["lessons"] if lesson["slug"] == "second-lesson"]


def test_a_sensitive_module_without_signposting_is_refused(client, build_course, people):  # noqa: F811
    course = build_course(slug="sensitive-no-support", title="Sensitive module", lessons=WITHOUT_SIGNPOSTING)
    client.force_login(people["editor"])
    data = edit_form(client, course, sensitive="on")
    data["action-submit"] = "Submit to Trainer sign-off"
    page = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data).content.decode()
    assert "marked sensitive but no lesson has a “Support services” (signposting) block" in page
    assert not WorkflowState.objects.filter(object_id=str(course.pk)).exists()
    # Not sensitive: the same module may go to sign-off.
    data = edit_form(client, CoursePage.objects.get(pk=course.pk))
    data.pop("sensitive", None)
    data["action-submit"] = "Submit to Trainer sign-off"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data).status_code == 302


def test_a_sensitive_module_with_signposting_goes_to_sign_off(client, course, people):  # noqa: F811
    client.force_login(people["editor"])
    data = edit_form(client, course, sensitive="on")
    data["action-submit"] = "Submit to Trainer sign-off"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data).status_code == 302
    assert WorkflowState.objects.filter(object_id=str(course.pk)).exists()
