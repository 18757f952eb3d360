"""CMI commits: saved per learner and SCO attempt, resumed, a new attempt when the package says so, the lesson
completes against the mastery score, and every data-model limit answers with its SCORM error code."""
import json

import pytest

from courses.models import LessonProgress, ProgressStatus
from courses.scorm import selectors
from courses.scorm.models import ScormAttempt
from tests.scorm.conftest import commit_url, open_lesson, post_commit, scorm_course

pytestmark = pytest.mark.django_db

SCO12 = "ITEM-sco1"


def progress_of(user, lesson):
    return LessonProgress.objects.filter(enrolment__user=user, lesson=lesson).first()


def state_for(user, lesson, package, sco_identifier):
    state = selectors.block_state(user=user, lesson_id=lesson.pk, block_id="scorm-block-1", package=package)
    return next(item for item in state["items"] if item["sco"] == sco_identifier)


def test_commit_saves_the_cmi_data_and_the_next_launch_resumes_at_the_same_place(client, learner, lesson12, package12):
    client.force_login(learner)
    response = post_commit(client, lesson12, sco=SCO12, values={
        "cmi.core.lesson_location": "page-2",
        "cmi.suspend_data": "seen=2;lang=en",
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.exit": "suspend",
        "cmi.core.session_time": "0000:05:30",
    }, terminate=True)
    assert response.status_code == 200, response.content
    assert response.json()["errorCode"] == 0
    attempt = ScormAttempt.objects.get(user=learner)
    assert (attempt.location, attempt.suspend_data, attempt.lesson_status) == ("page-2", "seen=2;lang=en", "incomplete")
    assert attempt.total_seconds == 330
    item = state_for(learner, lesson12, package12, SCO12)
    assert item["status"] == "In progress"
    assert item["state"]["attempt"] == 1
    core = item["state"]["cmi"]["core"]
    assert core["entry"] == "resume"
    assert core["lesson_location"] == "page-2"
    assert core["total_time"] == "0000:05:30.00"
    assert item["state"]["cmi"]["suspend_data"] == "seen=2;lang=en"
    assert item["state"]["cmi"]["student_data"]["mastery_score"] == "80"
    assert response.json()["next"]["cmi"]["core"]["entry"] == "resume"


def test_first_launch_starts_attempt_one_from_the_beginning(learner, lesson12, package12):
    item = state_for(learner, lesson12, package12, SCO12)
    assert item["status"] == "Not started"
    assert item["state"]["attempt"] == 1
    assert item["state"]["cmi"]["core"]["entry"] == "ab-initio"
    assert item["state"]["cmi"]["core"]["student_name"] == learner.full_name
    assert learner.email not in json.dumps(item)


def test_passing_against_the_mastery_score_completes_the_lesson(client, learner, lesson12):
    client.force_login(learner)
    response = post_commit(client, lesson12, sco=SCO12, values={
        "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "85", "cmi.core.exit": "",
    }, terminate=True)
    body = response.json()
    assert body["lessonCompleted"] is True
    assert body["status"] == "Completed"
    progress = progress_of(learner, lesson12)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.score == 85
    attempt = ScormAttempt.objects.get(user=learner)
    assert attempt.lesson_status == "passed"  # the mastery score decided, as SCORM lets the LMS do
    assert attempt.satisfied


def test_a_score_below_the_mastery_score_fails_even_if_the_package_says_completed(client, learner, lesson12):
    client.force_login(learner)
    response = post_commit(client, lesson12, sco=SCO12, values={
        "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "60", "cmi.core.exit": "",
    }, terminate=True)
    assert response.json()["lessonCompleted"] is False
    progress = progress_of(learner, lesson12)
    assert progress.status != ProgressStatus.COMPLETED
    assert progress.attempts == 1 and progress.score == 60
    assert ScormAttempt.objects.get(user=learner).lesson_status == "failed"


def test_a_finished_attempt_means_the_next_launch_is_a_new_attempt(client, learner, lesson12, package12):
    client.force_login(learner)
    post_commit(client, lesson12, sco=SCO12, values={
        "cmi.core.lesson_status": "failed", "cmi.core.score.raw": "40", "cmi.core.exit": "",
        "cmi.core.lesson_location": "page-3",
    }, terminate=True)
    item = state_for(learner, lesson12, package12, SCO12)
    assert item["state"]["attempt"] == 2
    assert item["state"]["cmi"]["core"]["entry"] == "ab-initio"
    assert "lesson_location" not in item["state"]["cmi"]["core"]
    # The old attempt is closed: a late commit to it is refused, and attempt 2 can begin.
    assert post_commit(client, lesson12, sco=SCO12, attempt=1, values={"cmi.core.lesson_location": "x"}).status_code == 409
    assert post_commit(client, lesson12, sco=SCO12, attempt=3, values={}).status_code == 409
    response = post_commit(client, lesson12, sco=SCO12, attempt=2, values={
        "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90", "cmi.core.exit": "",
    }, terminate=True)
    assert response.json()["lessonCompleted"] is True
    assert ScormAttempt.objects.filter(user=learner).count() == 2


def test_an_open_attempt_cannot_be_skipped(client, learner, lesson12):
    client.force_login(learner)
    post_commit(client, lesson12, sco=SCO12, values={"cmi.core.lesson_status": "incomplete"})
    assert post_commit(client, lesson12, sco=SCO12, attempt=2, values={}).status_code == 409


def test_scorm_12_incomplete_exit_without_suspend_keeps_the_learners_place(client, learner, lesson12, package12):
    client.force_login(learner)
    post_commit(client, lesson12, sco=SCO12, values={
        "cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "page-2", "cmi.core.exit": "",
    }, terminate=True)
    item = state_for(learner, lesson12, package12, SCO12)
    assert item["state"]["attempt"] == 1
    assert item["state"]["cmi"]["core"]["lesson_location"] == "page-2"
    assert item["state"]["cmi"]["core"].get("entry", "") == ""


def test_session_times_add_up_across_sessions(client, learner, lesson12, package12):
    client.force_login(learner)
    for session_time in ("0000:10:00", "0001:00:30.5"):
        post_commit(client, lesson12, sco=SCO12, values={
            "cmi.core.exit": "suspend", "cmi.core.session_time": session_time,
        }, terminate=True)
    assert ScormAttempt.objects.get(user=learner).total_seconds == pytest.approx(4230.5)
    assert state_for(learner, lesson12, package12, SCO12)["state"]["cmi"]["core"]["total_time"] == "0001:10:30.50"


def test_a_commit_that_is_not_the_end_of_the_session_does_not_add_time(client, learner, lesson12):
    client.force_login(learner)
    post_commit(client, lesson12, sco=SCO12, values={"cmi.core.session_time": "0000:10:00"})
    post_commit(client, lesson12, sco=SCO12, values={"cmi.core.session_time": "0000:12:00"})
    assert ScormAttempt.objects.get(user=learner).total_seconds == 0


def test_multi_sco_lesson_completes_only_when_every_sco_passes(client, learner, lesson2004):
    client.force_login(learner)
    first = post_commit(client, lesson2004, sco="ITEM-part1", values={
        "cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.9",
        "cmi.exit": "normal", "cmi.session_time": "PT2M", "adl.nav.request": "continue",
    }, terminate=True).json()
    assert first["lessonCompleted"] is False
    assert first["navigation"] == "continue"
    assert first["status"] == "Completed"
    progress = progress_of(learner, lesson2004)
    assert progress is None or progress.status != ProgressStatus.COMPLETED
    second = post_commit(client, lesson2004, sco="ITEM-part2", values={
        "cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.8",
        "cmi.exit": "normal",
    }, terminate=True).json()
    assert second["lessonCompleted"] is True
    progress = progress_of(learner, lesson2004)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.score == pytest.approx(85)


def test_scorm_2004_scaled_passing_score_decides_success(client, learner, lesson2004):
    client.force_login(learner)
    post_commit(client, lesson2004, sco="ITEM-part1", values={
        "cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.5",
        "cmi.exit": "normal",
    }, terminate=True)
    attempt = ScormAttempt.objects.get(user=learner)
    assert attempt.success_status == "failed"
    assert not attempt.satisfied


def test_scorm_2004_suspend_resumes_with_location_and_suspend_data(client, learner, lesson2004, package2004):
    client.force_login(learner)
    post_commit(client, lesson2004, sco="ITEM-part2", values={
        "cmi.location": "page-2", "cmi.suspend_data": "x" * 64000, "cmi.exit": "suspend",
        "cmi.completion_status": "incomplete", "cmi.progress_measure": "0.5", "cmi.session_time": "PT1H2M3.5S",
    }, terminate=True)
    item = state_for(learner, lesson2004, package2004, "ITEM-part2")
    assert item["state"]["cmi"]["entry"] == "resume"
    assert item["state"]["cmi"]["location"] == "page-2"
    assert len(item["state"]["cmi"]["suspend_data"]) == 64000
    assert item["state"]["cmi"]["total_time"] == "PT1H2M3.50S"
    assert item["state"]["cmi"]["scaled_passing_score"] == "0.8"


def test_lesson_pass_mark_decides_when_the_package_gives_no_mastery_score(client, learner, site):
    import io

    from courses.scorm import samples
    from courses.scorm.services import package_import

    manifest = samples.manifest_12(title="T", scos=[("sco1", "One")], mastery_score=None)
    files = samples.package_files(version="1.2", title="T", scos=[("sco1", "One")], manifest=manifest)
    package = package_import(upload=io.BytesIO(samples.zip_files(files)))
    lesson = scorm_course(package=package, pass_mark=70)
    client.force_login(learner)
    low = post_commit(client, lesson, sco=SCO12, values={"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "65"},
                      terminate=True).json()
    assert low["lessonCompleted"] is False
    high = post_commit(client, lesson, sco=SCO12, attempt=2, values={
        "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "75"}, terminate=True).json()
    assert high["lessonCompleted"] is True


def test_completed_without_a_score_completes_the_lesson(client, learner, lesson12):
    client.force_login(learner)
    body = post_commit(client, lesson12, sco=SCO12, values={"cmi.core.lesson_status": "completed"}, terminate=True).json()
    assert body["lessonCompleted"] is True


def test_learners_attempts_are_their_own(client, make_user, lesson12, package12):
    first, second = make_user(), make_user()
    client.force_login(first)
    post_commit(client, lesson12, sco=SCO12, values={"cmi.core.lesson_location": "page-3", "cmi.core.exit": "suspend"})
    item = state_for(second, lesson12, package12, SCO12)
    assert item["state"]["cmi"]["core"]["entry"] == "ab-initio"
    assert "lesson_location" not in item["state"]["cmi"]["core"]


# --- the data model's types and limits --------------------------------------------------------

@pytest.mark.parametrize(
    "values, code",
    [
        ({"cmi.suspend_data": "x" * 4097}, 405),
        ({"cmi.core.lesson_location": "x" * 256}, 405),
        ({"cmi.core.lesson_status": "finished"}, 405),
        ({"cmi.core.lesson_status": ""}, 405),
        ({"cmi.core.score.raw": "101"}, 405),
        ({"cmi.core.score.raw": "-1"}, 405),
        ({"cmi.core.score.raw": "ninety"}, 405),
        ({"cmi.core.score.raw": "1e2"}, 405),
        ({"cmi.core.score.min": "NaN"}, 405),
        ({"cmi.core.score.max": "Infinity"}, 405),
        ({"cmi.core.exit": "normal"}, 405),
        ({"cmi.core.session_time": "1:00:00"}, 405),
        ({"cmi.core.session_time": "0000:61:00"}, 405),
        ({"cmi.core.session_time": "PT1H"}, 405),
        ({"cmi.suspend_data": 12}, 405),
        ({"cmi.suspend_data": "a\u0000b"}, 405),
        ({"cmi.core.student_id": "someone-else"}, 403),
        ({"cmi.core.total_time": "9999:00:00"}, 403),
        ({"cmi.student_data.mastery_score": "0"}, 403),
        ({"cmi.core.credit": "no-credit"}, 403),
        ({"cmi.core.nonsense": "1"}, 401),
        ({"cmi.location": "page-1"}, 401),
    ],
)
def test_scorm_12_limits_answer_with_the_scorm_error_code_and_save_nothing(client, learner, lesson12, values, code):
    client.force_login(learner)
    values = {"cmi.core.lesson_location": "page-2", **values}
    response = post_commit(client, lesson12, sco=SCO12, values=values)
    assert response.status_code == 400
    body = response.json()
    assert body["errorCode"] == code
    assert body["result"] == "false"
    assert body["error"]
    assert not ScormAttempt.objects.exists()


def test_scorm_12_accepts_values_at_their_limits(client, learner, lesson12):
    client.force_login(learner)
    response = post_commit(client, lesson12, sco=SCO12, values={
        "cmi.suspend_data": "é" * 4096, "cmi.core.lesson_location": "x" * 255, "cmi.core.score.raw": "100",
        "cmi.core.score.min": "0", "cmi.core.score.max": "100", "cmi.core.session_time": "9999:59:59.99",
        "cmi.core.lesson_status": "browsed", "cmi.core.exit": "time-out",
    })
    assert response.status_code == 200, response.content
    assert ScormAttempt.objects.get().suspend_data == "é" * 4096


@pytest.mark.parametrize(
    "values, code",
    [
        ({"cmi.suspend_data": "x" * 64001}, 406),
        ({"cmi.location": "x" * 1001}, 406),
        ({"cmi.completion_status": "passed"}, 406),
        ({"cmi.success_status": "completed"}, 406),
        ({"cmi.score.scaled": "1.5"}, 407),
        ({"cmi.score.scaled": "-1.01"}, 407),
        ({"cmi.progress_measure": "1.2"}, 407),
        ({"cmi.score.raw": "lots"}, 406),
        ({"cmi.session_time": "00:10:00"}, 406),
        ({"cmi.session_time": "PT"}, 406),
        ({"cmi.exit": "finished"}, 406),
        ({"adl.nav.request": "jump-anywhere"}, 406),
        ({"cmi.learner_id": "x"}, 404),
        ({"cmi.entry": "resume"}, 404),
        ({"cmi.scaled_passing_score": "0"}, 404),
        ({"cmi.completion_threshold": "0"}, 404),
        ({"cmi.core.lesson_status": "passed"}, 401),
        ({"cmi.unknown": "1"}, 401),
    ],
)
def test_scorm_2004_limits_answer_with_the_scorm_error_code_and_save_nothing(client, learner, lesson2004, values, code):
    client.force_login(learner)
    response = post_commit(client, lesson2004, sco="ITEM-part1", values={"cmi.location": "page-1", **values})
    assert response.status_code == 400
    assert response.json()["errorCode"] == code
    assert not ScormAttempt.objects.exists()


def test_scorm_2004_accepts_values_at_their_limits(client, learner, lesson2004):
    client.force_login(learner)
    response = post_commit(client, lesson2004, sco="ITEM-part1", values={
        "cmi.suspend_data": "x" * 64000, "cmi.location": "y" * 1000, "cmi.score.scaled": "-1",
        "cmi.score.raw": "-12.5", "cmi.progress_measure": "1", "cmi.session_time": "P1DT2H3M4.05S",
        "adl.nav.request": "{target=ITEM-part2}choice", "cmi.exit": "",
    })
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"sco": 1, "attempt": 1}', b'{"sco": "ITEM-sco1", "attempt": "1"}',
     b'{"sco": "ITEM-sco1", "attempt": 0}', b'{"sco": "ITEM-sco1", "attempt": true}',
     b'{"sco": "ITEM-sco1", "attempt": 1, "values": []}', b'{"sco": "ITEM-sco1", "attempt": 1, "terminate": "yes"}',
     b'{"sco": "NOT-A-SCO", "attempt": 1, "values": {}}', b'\xff\xfe', b"[" * 100000],
)
def test_malformed_commits_get_a_general_argument_error_never_a_500(client, learner, lesson12, body):
    client.force_login(learner)
    open_lesson(learner, lesson12)
    response = client.post(commit_url(lesson12), data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errorCode"] == 201


def test_oversized_commit_is_refused(client, learner, lesson12):
    client.force_login(learner)
    open_lesson(learner, lesson12)
    response = client.post(commit_url(lesson12), data=b"{" + b" " * (400 * 1024) + b"}", content_type="application/json")
    assert response.status_code == 413


# --- the same view rules as the lesson page ---------------------------------------------------

def test_signed_out_commit_is_refused(client, lesson12):
    assert post_commit(client, lesson12, sco=SCO12, values={}).status_code == 403


def test_commit_needs_the_csrf_token(learner, lesson12):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert post_commit(client, lesson12, sco=SCO12, values={}).status_code == 403
    assert not ScormAttempt.objects.exists()


def test_commit_to_an_unknown_block_or_lesson_is_404(client, learner, lesson12):
    client.force_login(learner)
    assert post_commit(client, lesson12, sco=SCO12, block_id="nope").status_code == 404
    assert client.post("/scorm/cmi/999999/scorm-block-1/", data="{}", content_type="application/json").status_code == 404


def test_commit_to_an_unpublished_lesson_or_module_is_404(client, learner, site, package12):
    lesson = scorm_course(package=package12, slug="hidden-module")
    client.force_login(learner)
    assert post_commit(client, lesson, sco=SCO12, values={}).status_code == 200
    course = lesson.get_parent().specific
    course.unpublish()
    assert post_commit(client, lesson, sco=SCO12, values={}).status_code == 404
    course.save_revision().publish()
    assert post_commit(client, lesson, sco=SCO12, values={}).status_code == 200
    lesson.unpublish()
    assert post_commit(client, lesson, sco=SCO12, values={}).status_code == 404


def test_commit_to_a_module_restricted_to_another_group_is_404(client, learner, lesson12):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    group = Group.objects.create(name="Only these people")
    restriction = PageViewRestriction.objects.create(page=lesson12.get_parent(), restriction_type="groups")
    restriction.groups.add(group)
    client.force_login(learner)
    assert post_commit(client, lesson12, sco=SCO12, values={}).status_code == 404
    learner.groups.add(group)
    assert post_commit(client, lesson12, sco=SCO12, values={}).status_code == 200


def test_nothing_is_recorded_for_a_learner_who_has_not_started_the_module(client, learner, lesson12):
    client.force_login(learner)
    body = json.dumps({"sco": SCO12, "attempt": 1, "values": {"cmi.core.lesson_status": "passed"}, "terminate": True})
    response = client.post(commit_url(lesson12), data=body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == "Start this module to save your progress."
    assert not ScormAttempt.objects.exists()
    assert progress_of(learner, lesson12) is None


def test_a_lesson_with_scorm_and_h5p_needs_both_to_complete(client, learner, lesson12, package12):
    from courses.h5p.services import package_import as h5p_import
    from tests.courses.h5p import builders as h5p_builders
    import io

    h5p = h5p_import(upload=io.BytesIO(h5p_builders.valid_package()), title="Check")
    body = list(lesson12.body.raw_data)
    body.append({"type": "h5p", "value": {"package": h5p.pk, "title": "Check", "instructions": ""}, "id": "h5p-block"})
    lesson12.body = body
    lesson12.save_revision().publish()
    client.force_login(learner)
    response = post_commit(client, lesson12, sco=SCO12, values={"cmi.core.lesson_status": "passed"}, terminate=True)
    assert response.json()["lessonCompleted"] is False
    assert progress_of(learner, lesson12).status != ProgressStatus.COMPLETED
