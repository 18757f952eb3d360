"""Small things with real weight: callable helplines, one full stop, plain messages."""
import pytest

from courses.forms import EvaluationForm
from courses.templatetags.lesson_tags import phone_links


@pytest.mark.parametrize("contact, link", [
    ("Call 116 123, free, any time", '<a class="govuk-link" href="tel:116123">116 123</a>'),
    ("Freephone 0808 800 5000", '<a class="govuk-link" href="tel:08088005000">0808 800 5000</a>'),
    ("In an emergency call 999", '<a class="govuk-link" href="tel:999">999</a>'),
    ("Text SHOUT to 85258", '<a class="govuk-link" href="sms:85258">85258</a>'),
])
def test_helpline_numbers_become_links_a_phone_can_use(contact, link):
    assert link in phone_links(contact)


def test_words_around_numbers_are_escaped_and_short_numbers_left_alone():
    html = phone_links("Open 24 hours <b>daily</b>")
    assert "href" not in html and "&lt;b&gt;" in html


def test_a_statement_ending_in_a_full_stop_gets_one_in_the_error():
    form = EvaluationForm({}, statements=["I know where to get support."])
    assert not form.is_valid()
    message = " ".join(str(error) for errors in form.errors.values() for error in errors)
    assert "support”." in message and "..”" not in message and ".”." not in message


def test_check_my_answer_with_nothing_chosen_asks_for_an_answer(client, learner, course, lessons):
    from tests.courses.conftest import open_lessons
    from tests.courses.test_pages import evaluate_before

    client.force_login(learner)
    evaluate_before(learner, course)
    open_lessons(learner, course, lessons[:1])
    question = lessons[0].specific.questions()[0]
    response = client.post(f"/learning/lessons/{lessons[0].pk}/questions/{question.id}/", {}, follow=True)
    assert "Choose an answer" in response.content.decode()


def test_a_helpline_in_a_lesson_can_be_called(client, learner, course, lessons):
    from tests.courses.test_pages import evaluate_before

    client.force_login(learner)
    evaluate_before(learner, course)
    page = client.get(lessons[0].url + "?continue=1").content.decode()
    assert 'href="tel:116123"' in page


def test_every_module_template_renders_something_and_includes_only_templates_that_exist():
    """No empty placeholder templates (the old courses/includes/styles.html rendered nothing on every page)."""
    import re
    from pathlib import Path

    from django.template.loader import get_template

    folder = Path(__file__).resolve().parents[2] / "templates" / "courses"
    for path in folder.rglob("*.html"):
        text = path.read_text()
        without_comments = re.sub(r"{% comment %}.*?{% endcomment %}|{#.*?#}", "", text, flags=re.S)
        assert without_comments.strip(), f"{path.name} is empty"
        for included in re.findall(r'{% include "([^"]+)"', text):
            get_template(included)  # raises TemplateDoesNotExist
