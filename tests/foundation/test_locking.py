"""A lock that cannot be had within a few seconds refuses with a clear message instead of holding the request."""
import json
import os
import subprocess
import sys
import uuid

import pytest
from django.db import transaction

from foundation.errors import ServiceError
from foundation.locking import BUSY_MESSAGE, lock_timeout
from tests.conftest import ROOT


def test_outside_a_transaction_the_helper_refuses_to_run():
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        with lock_timeout():
            pass


@pytest.mark.django_db
def test_on_sqlite_the_block_runs_as_it_is():
    ran = []
    with transaction.atomic(), lock_timeout():
        ran.append(True)
    assert ran == [True]


def test_every_apps_refusal_carries_its_message():
    from accounts.services import MembershipError
    from certificates.services import CertificateError
    from courses.archive import ArchiveRejected
    from courses.h5p.services import StateRejected
    from courses.h5p.xapi import StatementRejected
    from courses.services import CourseError
    from lms.reporting.reminders import ReminderRefused
    from lms.reporting.services import ReportError
    from schools.bookings.services import BookingError
    from schools.importer import ImportFileError
    from schools.services import SchoolError

    made = [MembershipError("m"), CertificateError("m"), CourseError("m"), ArchiveRejected("rule", "m"),
            StateRejected("m"), StatementRejected("m", 413), ReminderRefused("m"), ReportError("m"),
            BookingError("m"), ImportFileError("m"), SchoolError("m")]
    assert [(isinstance(error, ServiceError), error.message, str(error)) for error in made] == [(True, "m", "m")] * 11


@pytest.mark.services
def test_a_booking_behind_someone_elses_lock_is_told_to_try_again(postgres_server, tmp_path):
    url = postgres_server.migrated_database(f"locking_{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "TEST_DATABASE_URL": url,
           "MEDIA_ROOT": str(tmp_path / "media")}
    result = subprocess.run([sys.executable, "-m", "tests.foundation.locking_support"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert outcome["database"].endswith("postgresql")
    assert outcome["while_held"] == BUSY_MESSAGE == "Someone else is changing this; try again in a moment."
    assert outcome["bookings_while_held"] == 0
    assert outcome["generic_refusal"] == BUSY_MESSAGE
    assert outcome["lock_timeout_after_refusal"] == "0"  # PostgreSQL's default: wait as long as it takes
    assert outcome["lock_timeout_after_block"] == "0"
    assert outcome["after_release"] == "requested"
    assert outcome["bookings_after_release"] == 1
