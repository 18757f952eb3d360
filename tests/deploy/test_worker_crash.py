"""A real Celery worker (real Redis, PostgreSQL) killed with SIGKILL while issuing 20 certificates, then restarted:
every certificate is issued once and every email is sent once.

"Once" for an email means one message. No program can hand a message to a mail server and record that it did so in
one indivisible step: a kill in the instant between the two (the database commit) leaves a sent message with no
record, and the retry sends it again. The service makes that instant as short as it can be and gives every attempt
at one email the same Message-ID, so the copy is the same message to mail systems (Gmail, for one, shows it once).
The test therefore counts messages by Message-ID, and allows at most one resent copy: the one message a solo worker
can have had in hand when it was killed."""
import json
import signal
import time
import uuid
from email import message_from_string
from pathlib import Path

import psycopg
import pytest

from tests.certificates.test_worker import run

pytestmark = [pytest.mark.services, pytest.mark.deploy, pytest.mark.alone]
# Enough that the kill (after the fifth certificate) lands mid-batch with most of the work still queued; each
# certificate makes a PDF, so every extra learner costs the suite about two seconds.
LEARNERS = 20


def counts(database_url: str) -> tuple[int, int]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*), count(issued_email_sent_at) FROM certificates_certificate").fetchone()


def emails(folder: Path) -> list[tuple[str, str]]:
    """(Message-ID, To) of every message the file backend wrote."""
    sent = []
    for file in sorted(folder.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for chunk in file.read_text().split("-" * 79):
            if chunk.strip():
                message = message_from_string(chunk.strip())
                sent.append((message.get("Message-ID"), message.get("To")))
    return sent


def test_a_worker_killed_mid_batch_issues_each_certificate_and_email_once(
        postgres_server, redis_server, celery_worker_process, tmp_path):
    database_url = postgres_server.migrated_database(f"crash_{uuid.uuid4().hex[:8]}")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.deploy.crash_worker_settings",
        "TEST_DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_server.url(2),
        "CELERY_RESULT_BACKEND": redis_server.url(3),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_FILE_PATH": str(outbox),
    }
    learner_ids = json.loads(run(["-m", "tests.deploy.crash_support", str(LEARNERS)], env))
    assert len(learner_ids) == LEARNERS

    worker = celery_worker_process(env)
    deadline = time.monotonic() + 180
    while counts(database_url)[0] < 5:
        assert time.monotonic() < deadline, "The worker issued nothing"
        assert worker.poll() is None, worker.communicate()[0]
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    issued_at_kill = counts(database_url)[0]
    assert issued_at_kill < LEARNERS, "The worker finished before it could be killed; the test proves nothing"

    restarted = celery_worker_process(env)
    deadline = time.monotonic() + 300
    while counts(database_url) != (LEARNERS, LEARNERS):
        if time.monotonic() > deadline:
            restarted.terminate()
            raise AssertionError(f"Stuck at {counts(database_url)}:\n{restarted.communicate(timeout=15)[0]}")
        time.sleep(0.25)
    time.sleep(2)  # anything redelivered late would show now

    with psycopg.connect(database_url) as conn:
        per_person = conn.execute(
            "SELECT recipient_id, count(*) FROM certificates_certificate GROUP BY recipient_id").fetchall()
        emailed_events = conn.execute(
            "SELECT count(*) FROM certificates_certificateevent WHERE action = 'emailed'").fetchone()[0]
    assert sorted(pk for pk, _ in per_person) == sorted(learner_ids)
    assert all(n == 1 for _, n in per_person)
    assert emailed_events == LEARNERS
    sent = emails(outbox)
    messages = dict(sent)
    assert len(messages) == LEARNERS, f"{len(messages)} distinct emails for {LEARNERS} certificates"
    assert len(set(messages.values())) == LEARNERS, "someone had two different certificate emails"
    assert len(sent) <= LEARNERS + 1, f"{len(sent)} messages written for {LEARNERS} certificates"
    for message_id, address in sent:
        assert messages[message_id] == address
