"""The outbox: who is sent to which partner, how they are identified, what the sources queue, and its schedule."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import MembershipStatus
from lms.celery import app as celery_app
from partners.lrs import services, statements
from partners.lrs.credentials import secret_open
from partners.lrs.models import LrsDestination, OutboxStatement, OutboxStatus
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NOWHERE = "http://127.0.0.1:9/xAPI/"  # the discard port: nothing listens, so nothing is sent


def draft_for(person, key="k"):
    return statements.Draft(key=key, source="module", learner=person, timestamp=timezone.now(),
                            verb=statements.adl_verb("completed"), object=statements.module_activity(1, "M"))


def test_only_a_partners_own_approved_people_go_to_its_lrs_and_everyone_to_a_partnership_wide_one(
        make_user, make_destination):
    police, council = OrganisationFactory(), OrganisationFactory()
    police_lrs = make_destination(NOWHERE, organisation=police, name="Police LRS")
    everyone_lrs = make_destination(NOWHERE, name="Partnership LRS")
    paused_lrs = make_destination(NOWHERE, name="Paused LRS", is_active=False)
    officer = make_user(organisation=police)
    council_worker = make_user(organisation=council)
    waiting = make_user(organisation=police, membership_status=MembershipStatus.PENDING)

    for person in (officer, council_worker, waiting):
        services.outbox_enqueue(learner=person, drafts=[draft_for(person)])

    sent_to = {(row.learner_id, row.destination_id) for row in OutboxStatement.objects.all()}
    assert sent_to == {(officer.pk, police_lrs.pk), (officer.pk, everyone_lrs.pk), (officer.pk, paused_lrs.pk),
                       (council_worker.pk, everyone_lrs.pk), (council_worker.pk, paused_lrs.pk),
                       (waiting.pk, everyone_lrs.pk), (waiting.pk, paused_lrs.pk)}
    # A paused LRS keeps its queue and is sent nothing until it is switched on again.
    assert services.outbox_send(destination_id=paused_lrs.pk).sent == 0
    assert OutboxStatement.objects.filter(destination=paused_lrs, status=OutboxStatus.QUEUED).count() == 3


def test_the_actor_is_the_email_or_an_account_id_as_the_partner_chose(learner, make_destination):
    by_email = make_destination(NOWHERE, organisation=learner.organisation)
    by_account = make_destination(NOWHERE, name="By id", actor_identification="account",
                                  account_home_page="https://lms.partner.example")
    services.outbox_enqueue(learner=learner, drafts=[draft_for(learner)])

    assert OutboxStatement.objects.get(destination=by_email).payload["actor"] == {
        "objectType": "Agent", "mbox": f"mailto:{learner.email}"}
    account = OutboxStatement.objects.get(destination=by_account).payload
    assert account["actor"] == {"objectType": "Agent",
                                "account": {"homePage": "https://lms.partner.example", "name": str(learner.pk)}}
    assert learner.email not in str(account) and learner.full_name not in str(account)


def test_the_same_event_queued_twice_is_kept_once(learner, make_destination):
    make_destination(NOWHERE)
    services.outbox_enqueue(learner=learner, drafts=[draft_for(learner, "module:1:completed")])
    services.outbox_enqueue(learner=learner, drafts=[draft_for(learner, "module:1:completed")])
    assert OutboxStatement.objects.count() == 1


def test_without_any_lrs_nothing_is_built_or_queued(learner):
    def explode():
        raise AssertionError("built although no LRS wants it")

    assert services.outbox_enqueue(learner=learner, drafts=explode) == 0


def test_a_rolled_back_completion_queues_nothing(learner, make_destination):
    from django.db import transaction

    make_destination(NOWHERE)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.outbox_enqueue(learner=learner, drafts=[draft_for(learner)])
            raise RuntimeError("the learner's save failed")
    assert not OutboxStatement.objects.exists()


def test_an_unreachable_lrs_is_retried_later_and_later(learner, make_destination, settings):
    destination = make_destination(NOWHERE)
    services.outbox_enqueue(learner=learner, drafts=[draft_for(learner)])
    delays = []
    for _ in range(4):
        OutboxStatement.objects.update(next_attempt_at=timezone.now())
        before = timezone.now()
        report = services.outbox_send(destination_id=destination.pk)
        assert (report.sent, report.failed, report.deferred) == (0, 0, 1)
        row = OutboxStatement.objects.get()
        delays.append(round((row.next_attempt_at - before).total_seconds()))
    assert delays == [30, 60, 120, 240]
    assert row.status == OutboxStatus.QUEUED and row.attempts == 4
    assert services.retry_delay(30) == timedelta(hours=1)


def test_the_secret_is_stored_encrypted(make_destination):
    destination = make_destination(NOWHERE, secret="s3cret-value")
    stored = LrsDestination.objects.get(pk=destination.pk).secret_sealed
    assert "s3cret-value" not in stored
    assert secret_open(stored) == "s3cret-value"


def test_a_secret_that_can_no_longer_be_read_fails_its_statements_with_a_plain_reason(learner, make_destination,
                                                                                      settings):
    destination = make_destination(NOWHERE)
    services.outbox_enqueue(learner=learner, drafts=[draft_for(learner)])
    settings.LRS_CREDENTIALS_KEY = "a different key"
    services.outbox_send(destination_id=destination.pk)
    row = OutboxStatement.objects.get()
    assert row.status == OutboxStatus.FAILED
    assert row.last_error.startswith("The saved secret can no longer be read")


def test_scorm_outcomes_become_completed_then_passed_with_the_score():
    attempt = SimpleNamespace(pk=7, user=None, lesson_id=3, block_id="b", sco=SimpleNamespace(title="Intro"),
                              updated_at=timezone.now(), lesson_status="", completion_status="completed",
                              success_status="passed", score_raw=8, score_min=0, score_max=10, score_scaled=None,
                              percent=80.0)
    drafts = statements.scorm_drafts(attempt, lesson_title="Lesson", module=None)
    assert [draft.verb["id"].rsplit("/", 1)[1] for draft in drafts] == ["completed", "passed"]
    assert drafts[1].result == {"success": True, "score": {"raw": 8, "min": 0, "max": 10, "scaled": 0.8}}
    # SCORM 1.2: lesson_status carries both.
    attempt.completion_status, attempt.success_status, attempt.lesson_status = "incomplete", "unknown", "failed"
    assert statements.scorm_outcomes(attempt) == ["completed", "failed"]
    attempt.lesson_status = "incomplete"
    assert statements.scorm_outcomes(attempt) == []


def test_a_score_an_lrs_would_refuse_is_left_out():
    assert statements.score(raw=12, maximum=10) is None
    assert statements.score(raw=1, maximum=0) is None
    assert statements.score(raw=3, minimum=0, maximum=4) == {"raw": 3, "min": 0, "max": 4, "scaled": 0.75}


def test_the_sweep_runs_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["lrs-send-due-statements"]
    assert entry["task"] == "lrs.send_due_statements"
    assert entry["schedule"].minute == set(range(60))
    celery_app.loader.import_default_modules()  # what a worker and beat do at start: find every app's tasks
    assert {"lrs.send_due_statements", "lrs.send_outbox"} <= set(celery_app.tasks.keys())


def test_a_persons_data_export_lists_what_was_queued_for_partners_and_deleting_the_account_drops_it(
        learner, make_destination):
    from accounts import services as accounts

    make_destination(NOWHERE, name="Police LRS")
    services.outbox_enqueue(learner=learner, drafts=[draft_for(learner, "module:5:completed")])
    exported = accounts.account_export(user=learner)["statements_for_partners_lrs"]
    assert [(item["sent_to"], item["what"], item["status"]) for item in exported] == [("Police LRS", "module", "Queued")]

    accounts.account_delete(user=learner)
    assert not OutboxStatement.objects.exists()
    # Nothing more is queued for an anonymised account.
    assert services.outbox_enqueue(learner=learner, drafts=[draft_for(learner, "later")]) == 0


def test_asking_which_lrs_wants_a_learner_costs_no_query_once_known_and_a_new_lrs_counts_at_once(
        learner, make_destination, django_assert_num_queries):
    from partners.lrs import selectors

    make_destination(NOWHERE, organisation=OrganisationFactory(), name="Someone else's LRS")
    assert selectors.destinations_for_learner(learner) == []
    with django_assert_num_queries(0):
        assert selectors.destinations_for_learner(learner) == []
    own = make_destination(NOWHERE, organisation=learner.organisation, name="Their own LRS")
    assert selectors.destinations_for_learner(learner) == [own]
    own.delete()
    assert selectors.destinations_for_learner(learner) == []
