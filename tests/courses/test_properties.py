"""No input reaches a 500: property-based tests (hypothesis) on every learner form, the account forms, xAPI
intake and saved activity state. Run on SQLite here and on PostgreSQL by test_on_postgresql.py, where a NUL
or a lone surrogate that slipped through would fail the insert.
"""
import json
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.courses.conftest import PLACEHOLDER_COURSE, open_lessons, start_module

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Values people and scripts send: anything at all, plus the ones that have broken servers before.
NASTY = st.sampled_from(
    ["", " ", "0", "-1", "5", "6", "1.5", "1e999", "99999999999999999999999", "NaN", "\x00", "a\x00b", "\ufffd",
     "<script>alert(1)</script>", "' OR 1=1 --", "🙂" * 40, "x" * 6000, "2026-01-01T10:00:00Z", "on", "null", "[]"]
)
VALUE = st.one_of(st.text(max_size=200), NASTY)


def form_data(fields):
    return st.dictionaries(st.sampled_from([*fields, "unexpected"]), st.one_of(VALUE, st.lists(VALUE, max_size=3)))


def assert_answered(response):
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def module(learner, build_course):
    from tests.courses.h5p.conftest import H5P_LESSON

    lesson = dict(PLACEHOLDER_COURSE["lessons"][0])
    course = build_course(lessons=[lesson, H5P_LESSON])
    lessons = list(course.lessons())
    start_module(learner, course)
    open_lessons(learner, course, lessons)
    return course, [lesson.specific for lesson in lessons]


@pytest.fixture
def signed_in(learner):
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    return client


def learner_forms(course, lessons):
    first, activity, assessment = lessons
    question = first.questions()[0].id
    reflection = next(block.id for block in first.body if block.block_type == "reflection")
    return {
        "answer": (f"/learning/lessons/{first.pk}/questions/{question}/", ["answer"]),
        "reflection": (f"/learning/lessons/{first.pk}/reflections/{reflection}/", ["text"]),
        "complete": (f"/learning/lessons/{first.pk}/complete/", ["opened_at"]),
        "assessment": (assessment.url, ["opened_at", *(f"q-{block.id}" for block in assessment.questions())]),
        "evaluation-before": (f"/learning/modules/{course.pk}/evaluation/before/", ["s1", "s2", "skip"]),
        "evaluation-after": (f"/learning/modules/{course.pk}/evaluation/after/", ["s1", "s2", "skip"]),
        "start": (f"/learning/modules/{course.pk}/start/", []),
        "leave": (f"/learning/modules/{course.pk}/leave/", []),
        "refresher": (f"/learning/modules/{course.pk}/refresher/", []),
        "profile": ("/account/profile/", ["full_name", "job_role", "organisation", "area"]),
        "delete-account": ("/account/delete/", ["password"]),
        "email": ("/account/email/", ["email", "action_add", "action_remove", "action_primary", "action_send"]),
        "password-change": ("/account/password/change/", ["oldpassword", "password1", "password2"]),
        "certificate-verify": ("/certificates/verify/", ["code"]),
    }


LEARNER_FORMS = [
    "answer", "reflection", "complete", "assessment", "evaluation-before", "evaluation-after", "start", "leave",
    "refresher", "profile", "delete-account", "email", "password-change", "certificate-verify",
]


@pytest.mark.parametrize("name", LEARNER_FORMS)
def test_learner_forms_answer_any_input_without_a_server_error(name, signed_in, module):
    url, fields = learner_forms(*module)[name]

    @EXAMPLES
    @given(data=form_data(fields))
    def check(data):
        assert_answered(signed_in.post(url, data))

    check()


@pytest.mark.parametrize("name", ["answer", "reflection", "evaluation-before", "assessment", "profile"])
def test_learner_forms_answer_any_bytes_without_a_server_error(name, signed_in, module):
    url, _ = learner_forms(*module)[name]

    @EXAMPLES
    @given(body=st.one_of(st.binary(max_size=400), st.sampled_from([b"text=%00", b"text=%ED%A0%80", b"s1=%FF%FE"])))
    def check(body):
        assert_answered(signed_in.post(url, body, content_type="application/x-www-form-urlencoded"))

    check()


def test_the_catalogue_filters_answer_any_query(client, module):
    @EXAMPLES
    @given(data=form_data(["level", "audience"]))
    def check(data):
        assert_answered(client.get("/modules/", data))

    check()


ACCOUNT_FORMS = {
    "signup": ("/account/signup/", ["email", "full_name", "works_in_school", "organisation", "job_role", "area",
                                    "password1", "password2"]),
    "login": ("/account/login/", ["login", "password", "remember"]),
    "password-reset": ("/account/password/reset/", ["email"]),
}


@pytest.mark.parametrize("name", sorted(ACCOUNT_FORMS))
def test_account_forms_answer_any_input_without_a_server_error(name, site_pages):
    url, fields = ACCOUNT_FORMS[name]
    client = Client(raise_request_exception=False)

    @EXAMPLES
    @given(data=form_data(fields))
    def check(data):
        assert_answered(client.post(url, data))

    check()


def test_member_approval_answers_any_input(make_user, site_pages):
    from accounts.models import MembershipStatus, Organisation

    staff = make_user(role="Partnership staff")
    waiting = make_user(organisation=Organisation.objects.first(), membership_status=MembershipStatus.PENDING)
    client = Client(raise_request_exception=False)
    client.force_login(staff)

    @EXAMPLES
    @given(data=form_data(["decision", "organisation"]))
    def check(data):
        assert_answered(client.post(f"/account/members/{waiting.pk}/decide/", data))

    check()


# --- xAPI statements and saved state ----------------------------------------------------------------------

JSON_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x00", "a\ud800", "\udfff", "\U0001F600", "http://adlnet.gov/expapi/verbs/"]),
)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), JSON_TEXT),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(JSON_TEXT, children, max_size=4)),
    max_leaves=20,
)


def statement_like():
    """Statements near enough to real ones to reach the scoring code, with anything anywhere."""
    score = st.fixed_dictionaries(
        {}, optional={"raw": JSON_VALUE, "max": JSON_VALUE, "min": JSON_VALUE, "scaled": JSON_VALUE}
    )
    return st.fixed_dictionaries(
        {
            "id": st.one_of(st.uuids().map(str), JSON_VALUE),
            "verb": st.one_of(
                st.sampled_from(["answered", "completed", "passed", "failed", "interacted"]).map(
                    lambda verb: {"id": f"http://adlnet.gov/expapi/verbs/{verb}"}
                ),
                JSON_VALUE,
            ),
        },
        optional={
            "result": st.one_of(st.fixed_dictionaries({"score": score}, optional={"success": JSON_VALUE}), JSON_VALUE),
            "context": JSON_VALUE,
            "object": JSON_VALUE,
            "actor": JSON_VALUE,
        },
    )


def test_xapi_intake_answers_any_statement_without_a_server_error(signed_in, module):
    _, (_, activity, _) = module
    block_id = next(iter(activity.activity_ids()))
    url = f"/h5p/xapi/{activity.pk}/{block_id}/"

    @EXAMPLES
    @given(body=st.one_of(statement_like().map(json.dumps), JSON_VALUE.map(json.dumps), st.binary(max_size=300)))
    def check(body):
        response = signed_in.post(url, body, content_type="application/json")
        assert_answered(response)

    check()


def test_xapi_intake_answers_any_path_without_a_server_error(signed_in, module):
    @EXAMPLES
    @given(
        lesson=st.integers(min_value=0, max_value=2**63), block=st.text("abc-_0123456789%.", min_size=1, max_size=80)
    )
    def check(lesson, block):
        body = json.dumps({"id": str(uuid.uuid4()), "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}})
        assert_answered(signed_in.post(f"/h5p/xapi/{lesson}/{block}/", body, content_type="application/json"))

    check()


def test_saved_state_answers_any_body_without_a_server_error(signed_in, module):
    _, (_, activity, _) = module
    url = f"/h5p/state/{activity.pk}/{next(iter(activity.activity_ids()))}/"

    @EXAMPLES
    @given(
        body=st.one_of(
            st.fixed_dictionaries({"state": st.one_of(JSON_VALUE.map(json.dumps), JSON_TEXT, JSON_VALUE)}).map(
                json.dumps
            ),
            JSON_VALUE.map(json.dumps),
            st.binary(max_size=300),
        ),
        method=st.sampled_from(["post", "get", "delete"]),
    )
    def check(body, method):
        send = getattr(signed_in, method)
        response = send(url, body, content_type="application/json") if method == "post" else send(url)
        assert_answered(response)

    check()
