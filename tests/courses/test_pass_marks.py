"""Pass marks that add up: the editor is told when a pass mark cannot be met exactly, and the demo's can."""
import pytest
from django.urls import reverse

from accounts import roles
from courses.demo import load_courses
from courses.models.pages import pass_mark_warning
from tests.courses.test_sign_off import edit_form

COURSES = load_courses()


@pytest.mark.parametrize(
    "pass_mark, questions, needed",
    [(80, 4, "4 of 4 right (100%)"), (80, 3, "3 of 3 right (100%)"), (70, 4, "3 of 4 right (75%)")],
)
def test_a_pass_mark_that_cannot_be_met_exactly_is_explained(pass_mark, questions, needed):
    assert needed in pass_mark_warning(pass_mark=pass_mark, questions=questions)


def test_the_warning_suggests_the_mark_for_one_fewer():
    assert "To let them pass with 3 of 4, set the pass mark to 75%." in pass_mark_warning(pass_mark=80, questions=4)


@pytest.mark.parametrize("pass_mark, questions", [(80, 5), (75, 4), (100, 4), (50, 2), (67, 3)])
def test_a_pass_mark_met_exactly_needs_no_warning(pass_mark, questions):
    assert pass_mark_warning(pass_mark=pass_mark, questions=questions) is None


def test_every_demo_module_has_a_pass_mark_that_adds_up():
    for course in COURSES:
        assert pass_mark_warning(pass_mark=course["pass_mark"], questions=len(course["assessment"]["questions"])) is None


def test_the_editor_sees_the_warning_on_saving_the_module(client, course, make_user):
    # The placeholder module has two assessment questions.
    client.force_login(make_user(roles.EDITOR))
    data = edit_form(client, course, pass_mark="80")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data, follow=True)
    assert "with 2 questions learners need 2 of 2 right (100%)" in response.content.decode()
