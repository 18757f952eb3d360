"""Two workers sending the same destination at once never send a statement twice and keep each learner's order.

PostgreSQL only: the outbox rows are locked with SELECT ... FOR UPDATE SKIP LOCKED, which SQLite does not have
(run with .ci/with-postgres).
"""
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from partners.lrs import services, statements, transport
from partners.lrs.models import OutboxStatement, OutboxStatus

pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS = 8
EACH = 5


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks with SKIP LOCKED need PostgreSQL (run with .ci/with-postgres)")


def test_two_workers_at_once_send_every_statement_exactly_once_in_order(ralph, make_destination, make_user,
                                                                       monkeypatch, settings):
    settings.LRS_BATCH_SIZE = 4
    # Paused while the statements queue, so none is sent before both workers start.
    destination = make_destination(ralph.endpoint, is_active=False)
    people = [make_user() for _ in range(LEARNERS)]
    for round_number in range(EACH):
        for person in people:
            services.outbox_enqueue(learner=person, drafts=[statements.Draft(
                key=f"step-{round_number}", source="module", learner=person, timestamp=timezone.now(),
                verb=statements.adl_verb("progressed"), object=statements.module_activity(1, "A module"))])

    posted: list[str] = []
    posters: set[str] = set()
    real_post = transport.post_statements

    def post_and_linger(**kwargs):
        posted.extend(statement["id"] for statement in kwargs["statements"])
        posters.add(threading.current_thread().name)
        time.sleep(0.15)  # hold the row locks a while, so the other worker runs into them
        return real_post(**kwargs)

    monkeypatch.setattr(transport, "post_statements", post_and_linger)
    destination.is_active = True
    destination.save()
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            for _ in range(30):
                if not services.outbox_send(destination_id=destination.pk).sent and not OutboxStatement.objects.filter(
                        status=OutboxStatus.QUEUED).exists():
                    break
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(posters) == 2, "both workers sent at the same time (each skipped the rows the other had locked)"

    rows = list(OutboxStatement.objects.order_by("pk"))
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    assert sorted(posted) == sorted(str(row.statement_id) for row in rows), "a statement was posted twice"
    received = [statement["id"] for statement in ralph.statements()]
    assert sorted(received) == sorted(posted)
    # Each learner's statements arrived in the order they happened.
    position = {statement_id: index for index, statement_id in enumerate(received)}
    for person in people:
        theirs = [position[str(row.statement_id)] for row in rows if row.learner_id == person.pk]
        assert theirs == sorted(theirs)
