"""On PostgreSQL, 20 teachers book the last places of one session at the same moment: the row lock on the session
lets exactly as many through as there was room for; the rest are told it is full; a cancellation then offers the
freed place to the first school on the waiting list."""
import json
import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.services


def run(args: list[str], env: dict) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_twenty_threads_book_the_last_places_without_overbooking(postgres_server, tmp_path):
    url = postgres_server.migrated_database(f"bookings_{uuid.uuid4().hex[:8]}")
    env = {"DJANGO_SETTINGS_MODULE": "lms.settings.test", "TEST_DATABASE_URL": url,
           "MEDIA_ROOT": str(tmp_path / "media")}
    outcome = json.loads(run(["-m", "tests.schools.bookings.concurrency_support"], env).strip().splitlines()[-1])

    results = outcome["results"]
    assert len(results) == 20
    assert results.count("booked") == outcome["room_for"] == 3
    refused = [r for r in results if r != "booked"]
    assert set(refused) == {"This session is full. You can join the waiting list."}, refused
    assert outcome["held_after_race"] == outcome["capacity"]
    assert outcome["booked_rows"] == 1 + 3  # the school that held 30 places, and the three that got in

    first, second = outcome["waiting_order"]
    assert outcome["offered"] == [first]
    assert outcome["held_after_cancel"] == outcome["capacity"]  # the offered place is held for the first school
