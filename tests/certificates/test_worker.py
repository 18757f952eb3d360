"""A real Celery worker, a real Redis broker and PostgreSQL shared with the test: a certificate is issued end to end."""
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for(query, database_url: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(database_url) as conn:
            row = conn.execute(query).fetchone()
        if row and row[0]:
            return row
        time.sleep(0.25)
    raise AssertionError(f"Timed out waiting for: {query}")


def test_a_completion_is_certified_by_a_real_worker(postgres_server, redis_server, celery_worker_process, tmp_path):
    database_url = postgres_server.migrated_database(f"certificates_{uuid.uuid4().hex[:8]}")
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
        "TEST_DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_server.url(0),
        "CELERY_RESULT_BACKEND": redis_server.url(1),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    worker = celery_worker_process(env)

    # The "courses" side, in its own process: a completion committed, the signal queues the task on commit.
    announced = json.loads(run(["-m", "tests.certificates.worker_support"], env))

    try:
        count, pdf, emailed = wait_for(
            "SELECT count(*), max(pdf), max(issued_email_sent_at) FROM certificates_certificate "
            "WHERE issued_email_sent_at IS NOT NULL", database_url,
        )
    except AssertionError:
        worker.terminate()
        raise AssertionError(worker.communicate(timeout=15)[0])
    assert count == 1
    assert pdf.endswith(".pdf") and (tmp_path / "media" / pdf).read_bytes().startswith(b"%PDF")
    assert emailed is not None

    # Running the task again through the broker (a redelivery) issues nothing new.
    client = Celery(broker=redis_server.url(0), backend=redis_server.url(1))
    again = client.send_task("certificates.issue", args=[announced["content_type_id"], announced["user_id"]])
    certificate_id = again.get(timeout=60)
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT id, recipient_name FROM certificates_certificate").fetchall()
        actions = [a for (a,) in conn.execute(
            "SELECT action FROM certificates_certificateevent ORDER BY id").fetchall()]
    assert rows == [(certificate_id, "Worker Test Learner")]
    assert actions == ["issued", "emailed"]
