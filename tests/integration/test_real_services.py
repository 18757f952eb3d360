"""Real PostgreSQL and a real Celery worker on Redis, as production runs them."""
import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.services


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=300,
    )


def test_migrations_and_demo_content_run_on_postgresql(postgres_server):
    import psycopg

    url = postgres_server.create_database(f"migrate_{uuid.uuid4().hex[:8]}")
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.test", "TEST_DATABASE_URL": url}
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    pending = manage("makemigrations", "--check", "--dry-run", env=env)
    assert pending.returncode == 0, f"Models changed without a migration:\n{pending.stdout}"
    seeded = manage("seed_demo", "--quiet", env=env)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    with psycopg.connect(url) as conn:
        organisations = conn.execute("SELECT count(*) FROM accounts_organisation").fetchone()[0]
        roles = {row[0] for row in conn.execute("SELECT name FROM auth_group")}
    assert organisations >= 9
    assert {"Learner", "Teacher", "Instructor", "Organisation lead", "Partnership staff", "Editor"} <= roles


def test_a_real_celery_worker_runs_a_task_from_redis(redis_server, celery_worker_process):
    from celery import Celery

    broker, backend = redis_server.url(0), redis_server.url(1)
    worker = celery_worker_process({"CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": backend})
    client = Celery("test-client", broker=broker, backend=backend)
    try:
        result = client.send_task("lms.ping", args=["hello from the test"])
        assert result.get(timeout=60) == "hello from the test"
    except Exception:
        worker.terminate()
        output = worker.communicate(timeout=10)[0]
        raise AssertionError(f"The worker did not run the task. Its output:\n{output[-3000:]}")
    finally:
        client.close()
