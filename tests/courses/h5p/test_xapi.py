"""xAPI intake: statements from a lesson's H5P activity are stored once per learner and score the lesson."""
import json
import uuid

import pytest
from django.test import Client

from courses.h5p.models import XAPIStatement
from courses.models import LessonProgress, ProgressStatus

from tests.courses.conftest import open_lessons, start_module

from .conftest import H5P, make_statement

pytestmark = pytest.mark.django_db


def post(client, url, body, **headers):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **headers)


def take(person, course, lesson):
    """The learner started the module and the lesson page was served to them."""
    start_module(person, course, evaluate=False)
    open_lessons(person, course, [lesson])


@pytest.fixture
def signed_in(client, learner, h5p_course, h5p_lesson):
    take(learner, h5p_course, h5p_lesson)
    client.force_login(learner)
    return client


def progress_of(user, lesson):
    return LessonProgress.objects.filter(enrolment__user=user, lesson=lesson).first()


def unscored(user, lesson) -> bool:
    progress = progress_of(user, lesson)
    return progress is None or progress.attempts == 0


def test_a_scored_answer_is_stored_and_completes_the_lesson(signed_in, learner, xapi_url, h5p_lesson, activity_id):
    response = post(signed_in, xapi_url, make_statement(raw=1, max_score=1))

    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], "stored": True, "scored": True}
    stored = XAPIStatement.objects.get(user=learner)
    assert (stored.lesson_id, stored.block_id, stored.score_raw, stored.score_max) == (h5p_lesson.pk, activity_id, 1, 1)
    progress = progress_of(learner, h5p_lesson)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.score == 100
    assert progress.attempts == 1


def test_a_score_under_the_pass_mark_records_an_attempt_only(signed_in, learner, xapi_url, h5p_lesson):
    assert post(signed_in, xapi_url, make_statement(raw=0, max_score=1)).status_code == 201
    progress = progress_of(learner, h5p_lesson)
    assert progress.status == ProgressStatus.IN_PROGRESS
    assert (progress.score, progress.attempts) == (0, 1)


@pytest.mark.parametrize("verb", ["completed", "passed", "failed"])
def test_other_finishing_verbs_score_the_lesson_too(verb, signed_in, learner, xapi_url, h5p_lesson):
    assert post(signed_in, xapi_url, make_statement(verb=verb, raw=4, max_score=5)).json()["scored"] is True
    assert progress_of(learner, h5p_lesson).score == 80


def test_a_repeated_statement_is_stored_once_and_scores_once(signed_in, learner, xapi_url, h5p_lesson):
    statement = make_statement(raw=0, max_score=1)
    first = post(signed_in, xapi_url, statement)
    again = post(signed_in, xapi_url, statement)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["stored"] is False and again.json()["scored"] is False
    assert XAPIStatement.objects.filter(user=learner).count() == 1
    assert progress_of(learner, h5p_lesson).attempts == 1


def test_the_same_statement_id_from_two_learners_is_kept_for_each(client, make_user, xapi_url, h5p_course, h5p_lesson):
    statement = make_statement()
    for person in (make_user(), make_user()):
        take(person, h5p_course, h5p_lesson)
        client.force_login(person)
        assert post(client, xapi_url, statement).status_code == 201
    assert XAPIStatement.objects.filter(statement_id=statement["id"]).count() == 2


def test_a_forged_actor_is_ignored_the_session_user_gets_the_statement(signed_in, learner, make_user, xapi_url, h5p_lesson):
    someone_else = make_user()
    forged = {"objectType": "Agent", "mbox": f"mailto:{someone_else.email}", "name": someone_else.full_name}
    assert post(signed_in, xapi_url, make_statement(actor=forged)).status_code == 201

    stored = XAPIStatement.objects.get()
    assert stored.user == learner
    assert stored.statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "http://127.0.0.1:8000", "name": str(learner.pk)},
    }
    assert someone_else.email not in json.dumps(stored.statement)
    assert progress_of(someone_else, h5p_lesson) is None
    assert progress_of(learner, h5p_lesson).is_completed


def test_statements_from_sub_content_are_stored_but_do_not_score(signed_in, learner, xapi_url, h5p_lesson):
    response = post(signed_in, xapi_url, make_statement(parent=True))
    assert response.status_code == 201 and response.json()["scored"] is False
    assert XAPIStatement.objects.get().is_root is False
    assert unscored(learner, h5p_lesson)


@pytest.mark.parametrize("verb", ["attempted", "interacted", "progressed"])
def test_statements_that_do_not_finish_do_not_score(verb, signed_in, learner, xapi_url, h5p_lesson):
    response = post(signed_in, xapi_url, make_statement(verb=verb, raw=None))
    assert response.status_code == 201 and response.json()["scored"] is False
    assert unscored(learner, h5p_lesson)


def test_a_score_out_of_zero_is_stored_but_does_not_score(signed_in, xapi_url):
    response = post(signed_in, xapi_url, make_statement(raw=0, max_score=0))
    assert response.status_code == 201 and response.json()["scored"] is False
    assert XAPIStatement.objects.get().score_max == 0


# --- refusals ---------------------------------------------------------------------------------

def test_anonymous_visitors_are_refused(client, xapi_url):
    response = post(client, xapi_url, make_statement())
    assert response.status_code == 403
    assert XAPIStatement.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(learner, xapi_url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert post(client, xapi_url, make_statement()).status_code == 403
    assert XAPIStatement.objects.count() == 0


def test_a_post_with_the_csrf_token_is_accepted(learner, xapi_url, h5p_course, h5p_lesson):
    start_module(learner, h5p_course, evaluate=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    page = client.get(h5p_lesson.url)  # the lesson page hands the token to the host script
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    assert post(client, xapi_url, make_statement(), HTTP_X_CSRFTOKEN=token).status_code == 201


def test_an_unknown_lesson_is_not_found(signed_in, activity_id):
    assert post(signed_in, f"/h5p/xapi/999999/{activity_id}/", make_statement()).status_code == 404


def test_an_unknown_activity_is_not_found(signed_in, h5p_lesson):
    assert post(signed_in, f"/h5p/xapi/{h5p_lesson.pk}/{uuid.uuid4()}/", make_statement()).status_code == 404


def test_a_block_that_is_not_an_activity_is_not_found(signed_in, h5p_lesson):
    other_block = next(block.id for block in h5p_lesson.body if block.block_type != "h5p")
    assert post(signed_in, f"/h5p/xapi/{h5p_lesson.pk}/{other_block}/", make_statement()).status_code == 404


def test_an_activity_in_another_lesson_is_not_found(signed_in, h5p_course, activity_id):
    plain = h5p_course.lessons().get(slug="plain-lesson")
    assert post(signed_in, f"/h5p/xapi/{plain.pk}/{activity_id}/", make_statement()).status_code == 404


def test_an_unpublished_lesson_is_not_found(signed_in, h5p_lesson, xapi_url):
    h5p_lesson.unpublish()
    assert post(signed_in, xapi_url, make_statement()).status_code == 404


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ({"raw": 6, "max": 5}, "above the maximum"),
        ({"raw": -1, "max": 5}, "below 0"),
        ({"raw": 1, "max": -5}, "below 0"),
        ({"raw": "1", "max": 5}, "must be a number"),
        ({"raw": True, "max": 5}, "must be a number"),
        ({"raw": 1, "max": 5, "scaled": 2}, "between -1 and 1"),
    ],
)
def test_impossible_scores_are_refused(score, message, signed_in, learner, xapi_url, h5p_lesson):
    statement = make_statement()
    statement["result"]["score"] = score
    response = post(signed_in, xapi_url, statement)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert XAPIStatement.objects.count() == 0
    assert unscored(learner, h5p_lesson)


def test_a_body_over_64_kb_is_refused(signed_in, xapi_url):
    statement = make_statement(padding="x" * (64 * 1024))
    response = post(signed_in, xapi_url, statement)
    assert response.status_code == 413
    assert XAPIStatement.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"id": "1", "score": NaN}', "\u00e9".encode("latin-1")],
    ids=["broken", "list", "nan", "not-utf8"],
)
def test_malformed_bodies_are_refused(body, signed_in, xapi_url):
    assert post(signed_in, xapi_url, body).status_code == 400


@pytest.mark.parametrize(
    "change",
    [{"id": "not-a-uuid"}, {"id": None}, {"verb": {}}, {"verb": "answered"}, {"result": "full marks"}],
)
def test_statements_without_an_id_or_verb_are_refused(change, signed_in, xapi_url):
    statement = {**make_statement(), **change}
    assert post(signed_in, xapi_url, statement).status_code == 400


def test_statements_cannot_be_posted_to_the_h5p_origin(signed_in, xapi_url):
    host = H5P.split("//", 1)[1]
    assert post(signed_in, xapi_url, make_statement(), HTTP_HOST=host).status_code == 404


def test_only_post_is_answered(signed_in, xapi_url):
    assert signed_in.get(xapi_url).status_code == 405


def test_intake_takes_a_bounded_number_of_queries(signed_in, xapi_url, django_assert_max_num_queries):
    post(signed_in, xapi_url, make_statement(raw=0))  # enrols and creates progress once
    with django_assert_max_num_queries(22):
        assert post(signed_in, xapi_url, make_statement(raw=0)).status_code == 201


def test_a_statement_that_does_not_score_is_one_insert_after_the_session(signed_in, xapi_url, django_assert_max_num_queries):
    post(signed_in, xapi_url, make_statement(verb="attempted", raw=None))  # the lesson's activities are now cached
    # Session, user, the learner's allowance for the activity, then the insert (inside a savepoint): nothing reads
    # the page again.
    with django_assert_max_num_queries(6):
        assert post(signed_in, xapi_url, make_statement(verb="interacted", raw=None)).status_code == 201


# --- statements PostgreSQL cannot store, and one learner's allowance -------------------------------------

@pytest.mark.parametrize(
    "body",
    [
        '{"id": "%s", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": "a\\u0000b"}}',
        '{"id": "%s", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "x\\u0000": 1}',
        '{"id": "%s", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": "\\ud800"}}',
        '{"id": "%s", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "result": {"response": ["\\udfff"]}}',
        '{"id": "%s", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "\\udbff": "key"}',
    ],
    ids=["nul-in-value", "nul-in-key", "lone-high-surrogate", "lone-low-surrogate-in-list", "surrogate-key"],
)
def test_a_nul_or_lone_surrogate_anywhere_is_refused_with_400(signed_in, learner, xapi_url, body):
    response = post(signed_in, xapi_url, body % uuid.uuid4())
    assert response.status_code == 400
    assert response.json()["error"] == (
        "The statement contains a character that cannot be stored (a NUL or a lone surrogate)."
    )
    assert not XAPIStatement.objects.filter(user=learner).exists()


def test_a_proper_surrogate_pair_is_accepted(signed_in, xapi_url):
    body = make_statement(verb="interacted", raw=None, object={"id": "emoji \U0001F600", "objectType": "Activity"})
    assert post(signed_in, xapi_url, body).status_code == 201


def test_a_learner_is_capped_per_activity_by_count(signed_in, learner, xapi_url, settings, monkeypatch):
    from courses.h5p import xapi

    monkeypatch.setattr(xapi, "MAX_STATEMENTS_PER_ACTIVITY", 3)
    for _ in range(3):
        assert post(signed_in, xapi_url, make_statement(verb="interacted", raw=None)).status_code == 201
    response = post(signed_in, xapi_url, make_statement(verb="interacted", raw=None))
    assert response.status_code == 429
    assert "saved as much as it can" in response.json()["error"]
    assert XAPIStatement.objects.filter(user=learner).count() == 3


def test_a_learner_is_capped_per_activity_by_bytes(signed_in, learner, xapi_url, monkeypatch):
    from courses.h5p import xapi

    monkeypatch.setattr(xapi, "MAX_BYTES_PER_ACTIVITY", 6000)
    padding = {"extensions": {"http://example.org/padding": "x" * 2500}}
    assert post(signed_in, xapi_url, make_statement(verb="interacted", raw=None, context=padding)).status_code == 201
    assert post(signed_in, xapi_url, make_statement(verb="interacted", raw=None, context=padding)).status_code == 201
    assert post(signed_in, xapi_url, make_statement(verb="interacted", raw=None, context=padding)).status_code == 429
    assert XAPIStatement.objects.filter(user=learner).count() == 2


def test_another_learners_allowance_is_their_own(client, make_user, xapi_url, h5p_course, h5p_lesson, monkeypatch):
    from courses.h5p import xapi

    monkeypatch.setattr(xapi, "MAX_STATEMENTS_PER_ACTIVITY", 1)
    for person in (make_user(), make_user()):
        take(person, h5p_course, h5p_lesson)
        client.force_login(person)
        assert post(client, xapi_url, make_statement(verb="interacted", raw=None)).status_code == 201


def test_a_score_from_someone_who_has_not_started_the_module_does_not_count(client, learner, xapi_url, h5p_lesson):
    client.force_login(learner)
    response = post(client, xapi_url, make_statement(raw=1, max_score=1))
    assert response.status_code == 403
    assert response.json()["error"] == "Start this module to save your progress."
    assert progress_of(learner, h5p_lesson) is None
    assert not XAPIStatement.objects.filter(user=learner).exists()


def test_a_score_for_a_lesson_of_an_unpublished_module_does_not_count(signed_in, learner, xapi_url, h5p_course, h5p_lesson):
    h5p_course.unpublish()
    response = post(signed_in, xapi_url, make_statement(raw=1, max_score=1))
    assert response.status_code == 403
    assert progress_of(learner, h5p_lesson).status != ProgressStatus.COMPLETED


def test_a_score_for_a_module_restricted_to_another_group_is_not_taken(signed_in, learner, xapi_url, h5p_course, h5p_lesson):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(page=h5p_course, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Another team"))
    assert post(signed_in, xapi_url, make_statement(raw=1, max_score=1)).status_code == 404
    assert progress_of(learner, h5p_lesson).status != ProgressStatus.COMPLETED
