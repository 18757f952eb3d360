"""On PostgreSQL, two teachers move their bookings into the last places of a session at the same moment: one gets
them, the other is told the session is full and keeps its old place; two moves crossing between the same two
sessions both go through (the sessions are locked in order of id, so they cannot deadlock)."""
import json
import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.services


def test_two_teachers_moving_into_the_last_places_at_once(postgres_server, tmp_path):
    url = postgres_server.migrated_database(f"moves_{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "TEST_DATABASE_URL": url,
           "MEDIA_ROOT": str(tmp_path / "media")}
    result = subprocess.run([sys.executable, "-m", "tests.schools.bookings.move_race_support"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert sorted(outcome["last_places"]) == ["This session is full. You can join the waiting list.", "moved"], \
        outcome["last_places"]
    winner = outcome["last_places"].index("moved")
    assert outcome["where"][winner] == outcome["second"]
    assert outcome["where"][1 - winner] == outcome["first"]  # the refused booking kept its place
    assert outcome["crossing"] == ["moved", "moved"], outcome["crossing"]
    for name, held in outcome["held"].items():
        assert held <= outcome["capacity"][name], outcome
    assert outcome["held"] == {"first": 10, "second": 20, "third": 20}  # nothing lost, nothing counted twice
