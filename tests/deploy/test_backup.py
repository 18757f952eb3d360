"""`make backup` and `make restore` on real PostgreSQL: a restore into a fresh database and an empty media folder
gives the same dashboard figures, and every certificate still verifies (its public page, its PDF, its Open Badge).

The data is built and read through Django in child processes (the test settings, pointed at throwaway databases);
the backup and the restore run exactly as an operator runs them, through make.
"""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from throwaway.stack import ROOT

pytestmark = [pytest.mark.deploy, pytest.mark.services]
CERTIFICATES = 3

# Reporting data (learners, progress, certificates, schools, bookings) plus certificates issued the real way: each
# learner completes every lesson of a module, which issues the certificate and makes its PDF (Celery runs eagerly).
BUILD = """
import json
from django.core.management import call_command
from accounts.models import Organisation, User
from certificates import badges
from certificates.models import Certificate
from courses.models import CoursePage, Enrolment, LessonProgress, ProgressStatus
from courses.services import enrolment_check_completion
from django.utils import timezone

call_command("seed_demo", quiet=True)
call_command("generate_load_data", learners=300, stdout=open("/dev/null", "w"))
course = CoursePage.objects.live().order_by("path").first()
organisation = Organisation.objects.order_by("pk").first()
issued = []
for n in range(%(count)d):
    learner = User.objects.create_user(email=f"restored{n}@backup.test", password=None,
                                       full_name=f"Restored Learner {n}", organisation=organisation)
    enrolment = Enrolment.objects.create(user=learner, course=course)
    for lesson in course.lessons():
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, status=ProgressStatus.COMPLETED,
                                      opened_at=timezone.now(), completed_at=timezone.now())
    assert enrolment_check_completion(enrolment=enrolment)
    certificate = Certificate.objects.get(recipient=learner)
    assert certificate.pdf, "The certificate was issued without its PDF"
    issued.append({"code": certificate.code, "badge": badges.sign(certificate)})
print("RESULT" + json.dumps(issued))
""" % {"count": CERTIFICATES}

# What a restore must keep: every dashboard figure, and for each certificate what a checker would see.
SNAPSHOT = """
import hashlib, json, os
from datetime import date, timedelta
from django.test import Client
from django.utils import timezone
from certificates.models import Certificate
from lms.reporting import selectors
from lms.reporting.filters import ReportFilter
from lms.reporting.periods import Period

today = timezone.localdate()
whole = ReportFilter(period=Period(start=date(today.year - 4, 4, 1), end=today + timedelta(days=1)))
dashboard = [[t.key, t.columns, t.rows] for t in selectors.dashboard_tables(whole, today=today)]
client = Client()
checks = []
for issued in json.loads(os.environ["ISSUED"]):
    certificate = Certificate.objects.get(code=issued["code"])
    page = client.get(f"/certificates/verify/{certificate.display_code}/")
    badge = client.post("/certificates/verify/credential/", {"credential": issued["badge"]})
    storage = certificate.pdf.storage
    checks.append({
        "code": issued["code"],
        "verify_status": page.status_code,
        "verify_says_genuine": "This is a genuine certificate" in page.content.decode(),
        "pdf_exists": bool(certificate.pdf) and storage.exists(certificate.pdf.name),
        "pdf_sha256": hashlib.sha256(storage.open(certificate.pdf.name).read()).hexdigest()
                      if certificate.pdf and storage.exists(certificate.pdf.name) else None,
        "badge_status": badge.status_code,
        "badge_genuine": "Signature is genuine" in badge.content.decode(),
    })
print("RESULT" + json.dumps({"dashboard": dashboard, "certificates": checks}, default=str))
"""


def django_env(database_url: str, media: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CELERY_", "TEST_DATABASE", "DATABASE_URL", "MEDIA_ROOT", "FORCE"))}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.test", "TEST_DATABASE_URL": database_url,
                "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)})
    return env


def django(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def shell_result(env: dict[str, str], script: str):
    out = django(env, "shell", stdin=script)
    return json.loads(out.split("RESULT", 1)[1])


def make(target: str, env: dict[str, str], *variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-s", target, *variables], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def fresh_database(postgres_server, prefix: str) -> str:
    return postgres_server.create_database(f"{prefix}_{uuid.uuid4().hex[:8]}")


def table_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                            "AND table_schema = 'public'").fetchone()[0]


def files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def source(postgres_server, tmp_path_factory):
    """A database and media folder with reporting data and issued certificates, and the archive `make backup` wrote."""
    workdir = tmp_path_factory.mktemp("backup")
    env = django_env(fresh_database(postgres_server, "backup_source"), workdir / "media")
    django(env, "migrate", "--noinput", "-v0")
    issued = shell_result(env, BUILD)
    snapshot = shell_result({**env, "ISSUED": json.dumps(issued)}, SNAPSHOT)
    backups = workdir / "backups"
    result = make("backup", {**env, "BACKUP_DIR": str(backups)})
    assert result.returncode == 0, result.stdout + result.stderr
    archives = list(backups.glob("vrp-*.tar.gz"))
    assert len(archives) == 1, f"Expected one archive in {backups}: {archives}"
    assert result.stdout.strip().splitlines()[-1] == str(archives[0])
    return {"env": env, "issued": issued, "snapshot": snapshot, "archive": archives[0], "workdir": workdir}


def test_the_source_has_what_a_restore_must_keep(source):
    snapshot = source["snapshot"]
    assert len(snapshot["certificates"]) == CERTIFICATES
    for check in snapshot["certificates"]:
        assert check["verify_says_genuine"] and check["pdf_exists"] and check["badge_genuine"], check
    certificates_table = next(rows for key, _, rows in snapshot["dashboard"] if key == "certificates")
    assert any(value not in (0, "0") for row in certificates_table for value in row[1:]), certificates_table


def test_the_archive_has_a_manifest_the_dump_and_the_media(source):
    import tarfile

    with tarfile.open(source["archive"]) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
    media = files(Path(source["env"]["MEDIA_ROOT"]))
    assert "database.dump" in names
    assert sorted(n.removeprefix("media/") for n in names if n.startswith("media/")) == sorted(media)
    assert manifest["media_files"] == len(media) >= CERTIFICATES
    assert "0001_initial" in manifest["migrations"]["certificates"]
    assert manifest["created_at"].endswith("Z")
    assert oct(source["archive"].stat().st_mode & 0o777) == "0o600"


def test_a_restore_into_a_fresh_database_keeps_the_figures_and_the_certificates(source, postgres_server, tmp_path):
    env = django_env(fresh_database(postgres_server, "backup_restored"), tmp_path / "restored-media")
    result = make("restore", env, f"FILE={source['archive']}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert files(tmp_path / "restored-media") == files(Path(source["env"]["MEDIA_ROOT"]))
    # Nothing left for migrate to do: the schema came back whole.
    assert "No migrations to apply" in django(env, "migrate", "--noinput")
    restored = shell_result({**env, "ISSUED": json.dumps(source["issued"])}, SNAPSHOT)
    assert restored["dashboard"] == source["snapshot"]["dashboard"]
    assert restored["certificates"] == source["snapshot"]["certificates"]


def test_a_restore_over_existing_tables_refuses_and_changes_nothing(source, postgres_server, tmp_path):
    # The source itself: a database in use and its media folder.
    env = source["env"]
    media = Path(env["MEDIA_ROOT"])
    before = (files(media), source_fingerprint(env["DATABASE_URL"]))
    result = make("restore", env, f"FILE={source['archive']}")
    assert result.returncode != 0
    assert "Not restoring: the database" in result.stderr and "already has" in result.stderr, result.stderr
    assert "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert (files(media), source_fingerprint(env["DATABASE_URL"])) == before

    # An empty database but a media folder with files in it: refused too, and the database stays empty.
    occupied = tmp_path / "occupied-media"
    occupied.mkdir()
    (occupied / "someone-elses.pdf").write_bytes(b"%PDF-")
    empty = django_env(fresh_database(postgres_server, "backup_empty"), occupied)
    result = make("restore", empty, f"FILE={source['archive']}")
    assert result.returncode != 0
    assert "the media folder" in result.stderr and "already has 1 files" in result.stderr, result.stderr
    assert table_count(empty["DATABASE_URL"]) == 0
    assert files(occupied) == {"someone-elses.pdf": 5}


def test_restore_says_plainly_what_is_wrong_with_its_input(source, postgres_server, tmp_path):
    env = django_env(fresh_database(postgres_server, "backup_bad"), tmp_path / "bad-media")
    result = make("restore", env)
    assert result.returncode != 0 and "Say which backup to restore" in result.stderr
    not_archive = tmp_path / "notes.tar.gz"
    not_archive.write_text("not an archive")
    result = make("restore", env, f"FILE={not_archive}")
    assert result.returncode != 0 and "is not a backup made by `make backup`" in result.stderr, result.stderr
    result = make("restore", env, f"FILE={tmp_path / 'missing.tar.gz'}")
    assert result.returncode != 0 and "There is no backup file at" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_count(env["DATABASE_URL"]) == 0


def source_fingerprint(database_url: str) -> list:
    with psycopg.connect(database_url) as conn:
        return [conn.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}").fetchone()
                for table in ("accounts_user", "certificates_certificate", "courses_enrolment", "django_migrations")]


def test_force_restores_over_the_same_database_and_media(source):
    # Last in this module: it restores the source's own backup over the source (same data, so nothing else moves).
    env = source["env"]
    result = make("restore", env, f"FILE={source['archive']}", "FORCE=1")
    assert result.returncode == 0, result.stdout + result.stderr
    restored = shell_result({**env, "ISSUED": json.dumps(source["issued"])}, SNAPSHOT)
    assert restored == source["snapshot"]
