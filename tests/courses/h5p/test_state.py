"""Learners resume an H5P activity where they left it: the saved state is kept per (learner, activity),
CSRF-checked, capped at 64 KB, cleared on request, in the data download and erased with the account."""
import json

import pytest
from django.test import Client

from accounts.services import account_delete, account_export
from courses.h5p.models import H5PState

pytestmark = pytest.mark.django_db

STATE = json.dumps({"answers": {"0": 1, "1": 0}})


def start_module(user, lesson):
    """Start the module and open the lesson, as a learner must before their answers are kept."""
    from courses import services
    from courses.models import CoursePage

    course = CoursePage.objects.parent_of(lesson).get()
    services.enrolment_start(user=user, course=course)
    services.lesson_open(user=user, lesson=lesson, course=course)


@pytest.fixture
def state_url(h5p_lesson, activity_id, learner):
    start_module(learner, h5p_lesson)
    return f"/h5p/state/{h5p_lesson.pk}/{activity_id}/"


def test_a_signed_in_visitor_who_has_not_started_the_module_keeps_no_answers(client, make_user, state_url):
    visitor = make_user()
    client.force_login(visitor)
    response = save(client, state_url, STATE)
    assert response.status_code == 403
    assert response.json() == {"error": "Start this module to save your answers."}
    assert not H5PState.objects.exists()


def save(client, url, state, **extra):
    return client.post(url, data=json.dumps({"state": state}), content_type="application/json", **extra)


def test_a_learner_saves_and_finds_their_state_again(client, learner, state_url):
    client.force_login(learner)
    assert client.get(state_url).json() == {"state": None}
    assert save(client, state_url, STATE).status_code == 200
    assert save(client, state_url, STATE.replace("0}", "2}")).status_code == 200  # the newest save wins
    assert client.get(state_url).json() == {"state": STATE.replace("0}", "2}")}
    assert H5PState.objects.count() == 1


def test_states_are_kept_apart_per_learner(client, learner, make_user, state_url):
    client.force_login(learner)
    save(client, state_url, STATE)
    other = Client()
    other.force_login(make_user())
    assert other.get(state_url).json() == {"state": None}


def test_starting_again_clears_the_state(client, learner, state_url):
    client.force_login(learner)
    save(client, state_url, STATE)
    assert client.delete(state_url).status_code == 200
    assert client.get(state_url).json() == {"state": None}
    assert not H5PState.objects.exists()


def test_a_state_over_64_kb_is_refused_with_413_and_nothing_stored(client, learner, state_url):
    client.force_login(learner)
    big = json.dumps({"answers": "x" * (64 * 1024)})
    response = save(client, state_url, big)
    assert response.status_code == 413
    assert response.json() == {"error": "The saved answers are too large to keep."}
    assert not H5PState.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The saved answers must be JSON."),
        (b'{"state": {"answers": 1}}', "The saved answers must be given as text in “state”."),
        (b'{"state": "not json text"}', "The saved answers must be JSON text."),
        (json.dumps({"state": '{"a": "\u0000"}'}).encode(), "The saved answers contain characters that cannot be stored."),
        (b'{"state": "{\\"a\\": \\"\\ud800\\"}"}', "The saved answers contain characters that cannot be stored."),
    ],
    ids=["not-json", "not-text", "not-json-text", "nul", "lone-surrogate"],
)
def test_malformed_states_are_refused_with_400(client, learner, state_url, body, message):
    client.force_login(learner)
    response = client.post(state_url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert not H5PState.objects.exists()


def test_signed_out_visitors_cannot_save_or_read(client, state_url):
    assert client.get(state_url).status_code == 403
    assert save(client, state_url, STATE).status_code == 403


def test_saving_needs_the_csrf_token(learner, state_url, h5p_lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert save(client, state_url, STATE).status_code == 403
    assert client.delete(state_url).status_code == 403
    client.get(h5p_lesson.url)
    token = client.cookies["csrftoken"].value
    assert save(client, state_url, STATE, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_an_activity_the_lesson_does_not_hold_is_not_found(client, learner, h5p_lesson):
    client.force_login(learner)
    assert save(client, f"/h5p/state/{h5p_lesson.pk}/not-a-block/", STATE).status_code == 404
    assert not H5PState.objects.exists()


def test_the_state_is_in_the_data_download_and_erased_with_the_account(client, learner, state_url, h5p_lesson):
    client.force_login(learner)
    save(client, state_url, STATE)
    exported = account_export(user=learner)["activity_saved_answers"]
    assert [(item["lesson"], item["saved_answers"]) for item in exported] == [(h5p_lesson.title, STATE)]
    account_delete(user=learner)
    assert not H5PState.objects.exists()


def test_the_lesson_page_offers_to_start_again_and_tells_where_to_save(client, learner, h5p_lesson, state_url):
    client.force_login(learner)
    page = client.get(h5p_lesson.url).content.decode()
    assert f'data-state-url="{state_url}"' in page
    assert "Start this activity again" in page
    # Promised only once the activity shows it keeps its state (h5p-host.js unhides it): hidden until then.
    promise = page.split("data-h5p-saves=", 1)[1].split(">", 1)[0]
    assert "hidden" in promise
    assert page.index("data-h5p-saves=") < page.index("Your answers are saved as you go")


def test_nobody_is_told_answers_are_saved_unless_they_are_kept(client, make_user, h5p_lesson, state_url):
    visitor = make_user()  # signed in, but has not started the module: nothing of theirs is kept
    client.force_login(visitor)
    response = client.get(h5p_lesson.url)
    page = response.content.decode()
    assert response.status_code == 200 and "data-h5p-activity=" in page  # the activity itself is there
    assert "saved as you go" not in page
    assert "Start this activity again" not in page


def test_a_refresher_starts_the_activities_afresh(client, learner, make_user, h5p_course, h5p_lesson, state_url):
    from django.utils import timezone

    from courses import services
    from courses.models import CoursePage, Enrolment

    other = Client()
    other_learner = make_user()
    start_module(other_learner, h5p_lesson)
    other.force_login(other_learner)
    save(other, state_url, STATE)
    client.force_login(learner)
    services.enrolment_start(user=learner, course=h5p_course)
    save(client, state_url, STATE)
    client.post(f"/learning/modules/{h5p_course.pk}/refresher/")  # not completed yet: nothing to refresh
    assert client.get(state_url).json() == {"state": STATE}
    Enrolment.objects.filter(user=learner).update(completed_at=timezone.now())
    CoursePage.objects.filter(pk=h5p_course.pk).update(validity_months=12)
    assert client.post(f"/learning/modules/{h5p_course.pk}/refresher/").status_code == 302
    assert Enrolment.objects.filter(user=learner).count() == 2
    assert client.get(state_url).json() == {"state": None}
    assert other.get(state_url).json() == {"state": STATE}  # other learners keep theirs
