"""Statements of a module done end to end reach a real LRS (ralph on loopback) exactly once and in order,
including across the LRS being stopped and started again in the middle."""
import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from courses import services as courses
from courses.h5p.models import XAPIStatement
from courses.models import Enrolment
from certificates.models import Certificate
from partners.lrs import tasks
from partners.lrs.models import OutboxStatement, OutboxStatus
from tests.courses.conftest import open_lessons, start_module
from tests.courses.h5p.conftest import make_statement

from .conftest import KEY

pytestmark = pytest.mark.django_db

ADL = "http://adlnet.gov/expapi/verbs/"


def post_h5p(client, url, **statement):
    return client.post(url, data=json.dumps(make_statement(**statement)), content_type="application/json")


def finish_module(learner, course, lessons):
    """The learner marks the plain lesson complete and passes the assessment: the module completes."""
    for lesson in lessons:
        lesson = lesson.specific
        if lesson.is_assessment:
            right = {block.id: min(block.block.correct_indexes(block.value)) for block in lesson.questions()}
            courses.assessment_submit(user=learner, lesson=lesson, answers=right)
        elif not lesson.has_activity:
            courses.lesson_complete(user=learner, lesson=lesson)


@pytest.fixture
def taking(client, learner, h5p_course, h5p_lesson):
    start_module(learner, h5p_course, evaluate=False)
    open_lessons(learner, h5p_course, list(h5p_course.lessons()))
    client.force_login(learner)
    return client


def ids_in_ralph(ralph) -> list[str]:
    return [statement["id"] for statement in ralph.statements()]


def test_a_module_done_end_to_end_reaches_the_lrs_once_each(
        ralph, make_destination, taking, learner, h5p_course, xapi_url, django_capture_on_commit_callbacks):
    destination = make_destination(ralph.endpoint, organisation=learner.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_h5p(taking, xapi_url, verb="completed", raw=1, max_score=1).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        finish_module(learner, h5p_course, list(h5p_course.lessons()))

    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(recipient=learner)
    outbox = list(OutboxStatement.objects.filter(destination=destination).order_by("pk"))
    assert [row.source for row in outbox] == ["h5p", "module", "certificate"]
    assert all(row.status == OutboxStatus.SENT for row in outbox)

    received = ralph.statements()
    assert [statement["id"] for statement in received] == [str(row.statement_id) for row in outbox]
    h5p, module, earned = received
    # The partner sees its own person by email; the verbs and activity ids are ours, under the site's address.
    assert {statement["actor"]["mbox"] for statement in received} == {f"mailto:{learner.email}"}
    assert h5p["verb"]["id"] == ADL + "completed"
    assert h5p["result"]["score"] == {"raw": 1.0, "min": 0, "max": 1.0, "scaled": 1.0}
    assert h5p["object"]["id"].startswith("http://127.0.0.1:8000/xapi/activities/lesson/")
    assert h5p["context"]["contextActivities"]["parent"][-1]["id"] == \
        f"http://127.0.0.1:8000/xapi/activities/module/{h5p_course.pk}"
    assert (module["verb"]["id"], module["object"]["id"]) == (
        ADL + "completed", f"http://127.0.0.1:8000/xapi/activities/module/{h5p_course.pk}")
    assert earned["verb"]["id"] == "http://127.0.0.1:8000/xapi/verbs/earned-certificate"
    assert earned["object"]["id"] == f"http://127.0.0.1:8000/xapi/activities/certificate/{certificate.credential_id}"
    assert earned["object"]["definition"]["name"]["en-GB"] == f"Certificate: {h5p_course.title}"

    # Sending again (as after a crash between the LRS's answer and our commit) leaves one copy of each.
    OutboxStatement.objects.update(status=OutboxStatus.QUEUED)
    assert tasks.send_outbox(destination.pk) == {"sent": 3, "failed": 0, "deferred": 0}
    assert ids_in_ralph(ralph) == [str(row.statement_id) for row in outbox]


def test_an_lrs_stopped_in_the_middle_gets_every_statement_once_in_order_when_it_is_back(
        ralph, make_destination, taking, learner, h5p_course, xapi_url, django_capture_on_commit_callbacks):
    destination = make_destination(ralph.endpoint, organisation=learner.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        post_h5p(taking, xapi_url, verb="answered", raw=0, max_score=1)
    assert len(ids_in_ralph(ralph)) == 1

    ralph.stop()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_h5p(taking, xapi_url, verb="completed", raw=1, max_score=1)
    # The learner's activity is saved and answered although the LRS is down.
    assert response.status_code == 201
    assert time.monotonic() - started < 5
    assert XAPIStatement.objects.filter(user=learner).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        finish_module(learner, h5p_course, list(h5p_course.lessons()))
    assert Enrolment.objects.get(user=learner).completed_at is not None

    waiting = OutboxStatement.objects.filter(destination=destination, status=OutboxStatus.QUEUED).order_by("pk")
    assert [row.source for row in waiting] == ["h5p", "module", "certificate"]
    first = waiting[0]
    assert first.attempts == 1 and first.next_attempt_at > timezone.now()
    assert first.last_error.startswith("Could not reach the LRS")
    # The sweep before the retry time sends nothing: not due yet.
    tasks.send_due_statements()
    assert waiting.count() == 3

    ralph.start()
    # A retry while the LRS is still "down" in our records: later statements never overtake the first.
    assert tasks.send_outbox(destination.pk) == {"sent": 0, "failed": 0, "deferred": 0}
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=True):
        assert tasks.send_due_statements() == 1
    sent = list(OutboxStatement.objects.filter(destination=destination).order_by("pk"))
    assert all(row.status == OutboxStatus.SENT for row in sent)
    assert ids_in_ralph(ralph) == [str(row.statement_id) for row in sent]
    assert len(sent) == 4

    # The sweep and the task run again: nothing more is sent, nothing is sent twice.
    assert tasks.send_due_statements() == 0
    assert tasks.send_outbox(destination.pk) == {"sent": 0, "failed": 0, "deferred": 0}
    assert ids_in_ralph(ralph) == [str(row.statement_id) for row in sent]


def test_a_learners_later_statement_waits_behind_an_earlier_one_but_others_go(
        ralph, make_destination, make_user, learner, django_capture_on_commit_callbacks, h5p_course):
    from partners.lrs import services, statements

    destination = make_destination(ralph.endpoint)  # partnership-wide
    other = make_user()

    def queue(person, key):
        draft = statements.Draft(key=key, source="module", learner=person, timestamp=timezone.now(),
                                 verb=statements.adl_verb("completed"),
                                 object=statements.module_activity(h5p_course.pk, "A module"))
        with django_capture_on_commit_callbacks(execute=True):
            services.outbox_enqueue(learner=person, drafts=[draft])

    ralph.stop()
    queue(learner, "first")
    ralph.start()
    queue(learner, "second")
    queue(other, "others")
    rows = {row.payload["id"]: row for row in OutboxStatement.objects.all()}
    by_key = {key: str(statements.Draft(key=key, source="", learner=person, timestamp=None, verb={}, object={})
                       .statement_id) for key, person in (("first", learner), ("second", learner), ("others", other))}
    # The other learner's statement went at once; the learner's second waits for their first.
    assert ids_in_ralph(ralph) == [by_key["others"]]
    assert rows[by_key["second"]].status == OutboxStatus.QUEUED
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=True):
        tasks.send_outbox(destination.pk)
    assert ids_in_ralph(ralph) == [by_key["others"], by_key["first"], by_key["second"]]


def test_bad_credentials_fail_with_a_plain_reason_and_hold_later_statements_until_retried(
        ralph, make_destination, learner, client, make_user, django_capture_on_commit_callbacks, h5p_course,
        settings):
    settings.LRS_ALLOW_HTTP = True  # ralph listens on plain http on loopback
    from accounts import roles
    from partners.lrs import services, statements

    destination = make_destination(ralph.endpoint, organisation=learner.organisation, secret="not the secret")

    def queue(key):
        draft = statements.Draft(key=key, source="module", learner=learner, timestamp=timezone.now(),
                                 verb=statements.adl_verb("completed"),
                                 object=statements.module_activity(h5p_course.pk, "A module"))
        with django_capture_on_commit_callbacks(execute=True):
            services.outbox_enqueue(learner=learner, drafts=[draft])

    queue("one")
    failed = OutboxStatement.objects.get()
    assert failed.status == OutboxStatus.FAILED
    assert failed.last_error.startswith("The LRS refused our key and secret (HTTP 401). Check them with the partner")
    queue("two")  # the learner carries on; this one waits behind the failed one
    assert OutboxStatement.objects.filter(status=OutboxStatus.QUEUED).count() == 1
    assert ids_in_ralph(ralph) == []

    staff = make_user(roles.PARTNERSHIP_STAFF)
    client.force_login(staff)
    page = client.get(f"/partners/lrs/{destination.pk}/")
    assert "The LRS refused our key and secret" in page.content.decode()
    form = {"name": destination.name, "organisation": destination.organisation_id, "endpoint": destination.endpoint,
            "key": KEY, "secret": "correct horse battery staple", "actor_identification": "mbox",
            "account_home_page": "", "is_active": "on"}
    assert client.post(f"/partners/lrs/{destination.pk}/edit/", form).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/partners/lrs/{destination.pk}/retry/", follow=True)
    assert "1 failed statement is queued to send again." in response.content.decode()
    rows = list(OutboxStatement.objects.order_by("pk"))
    assert [row.status for row in rows] == [OutboxStatus.SENT, OutboxStatus.SENT]
    assert ids_in_ralph(ralph) == [str(row.statement_id) for row in rows]


def test_a_batch_the_lrs_rejects_for_one_id_it_already_has_is_sent_one_by_one_and_nothing_is_lost(
        ralph, make_destination, learner, h5p_course):
    import httpx

    from partners.lrs import services, statements

    destination = make_destination(ralph.endpoint, is_active=False)
    for key in ("a", "b", "c"):
        services.outbox_enqueue(learner=learner, drafts=[statements.Draft(
            key=key, source="module", learner=learner, timestamp=timezone.now(),
            verb=statements.adl_verb("completed"), object=statements.module_activity(h5p_course.pk, "A module"))])
    rows = list(OutboxStatement.objects.order_by("pk"))
    # The LRS already holds a different statement with the second one's id (say, sent by another system).
    other = {**rows[1].payload, "verb": {"id": ADL + "attempted"}}
    taken = httpx.post(f"{ralph.endpoint}statements", json=[other], auth=(KEY, "correct horse battery staple"),
                       headers={"X-Experience-API-Version": "1.0.3"})
    assert taken.status_code == 200
    assert httpx.post(f"{ralph.endpoint}statements", json=[row.payload for row in rows],
                      auth=(KEY, "correct horse battery staple"),
                      headers={"X-Experience-API-Version": "1.0.3"}).status_code == 409  # ralph refuses the batch

    destination.is_active = True
    destination.save()
    assert tasks.send_outbox(destination.pk) == {"sent": 3, "failed": 0, "deferred": 0}
    assert sorted(ids_in_ralph(ralph)) == sorted(str(row.statement_id) for row in rows)
