"""The courses race tests and property-based tests, run again on a throwaway PostgreSQL server."""
import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.services

ON_POSTGRESQL = [
    "tests/courses/test_races.py",
    "tests/courses/test_properties.py",
]


def test_races_and_hostile_input_on_postgresql(settings, postgres_server):
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("The whole suite runs on PostgreSQL here (.ci/run), so these files have already run on it")
    # pytest-django makes its own test database from this one's name on the same server.
    url = postgres_server.create_database(f"courses_{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "TEST_DATABASE_URL": url}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *ON_POSTGRESQL, "-q", "-x", "-p", "no:randomly", "-rs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " skipped" not in run.stdout.splitlines()[-1], run.stdout[-3000:]
