"""Mixed journeys under load: locust, headless on loopback, 50 people (BENCH_JOURNEYS_PEOPLE) for 60 s against serve-prod.

bin/serve-prod is started as it is for an operator (throwaway PostgreSQL and Redis, migrations, collectstatic,
gunicorn with 2 workers, a Celery worker and beat, the production settings behind the simulated TLS proxy). Then,
before the measured run: synthetic reporting data (`generate_load_data`), certificates to verify, and accounts,
each signed in through the real sign-in form (staff with their TOTP code, as MFA requires). Locust runs the people
in bench/journeys_locustfile.py: visitors browsing and verifying, learners in a lesson sending xAPI statements,
teachers booking, staff on the dashboard. Reported: requests, errors (target 0), p50/p99 for the whole run and each
journey (sign-in is not part of the run), requests per second, and the load average around the run.

Run alone: `.venv/bin/python bench/run.py journeys` (about 4 minutes, most of it the serve-prod start).
The data half runs in a child process with the production settings: `python -m bench.bench_journeys seed`.
"""
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIX = {"visitor": 20, "learner": 18, "teacher": 6, "staff": 6}  # in every 50 people
PEOPLE = int(os.environ.get("BENCH_JOURNEYS_PEOPLE", "50"))


def _scaled(mix: dict, people: int) -> dict:
    """The same mix for `people` (largest remainders, so the counts add up to exactly `people`)."""
    total = sum(mix.values())
    exact = {kind: people * weight / total for kind, weight in mix.items()}
    counts = {kind: int(value) for kind, value in exact.items()}
    for kind in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:people - sum(counts.values())]:
        counts[kind] += 1
    return counts


USERS = _scaled(MIX, PEOPLE)
RUN_SECONDS = int(os.environ.get("BENCH_JOURNEYS_SECONDS", "60"))
LOAD_LEARNERS = 2000
SLOTS = 10
SCHOOLS_PER_TEACHER = 40
TARGET_P99_MS = 500
EMAIL_DOMAIN = "journeys.bench"
PASSWORD = "bench-journeys-password"  # every account this benchmark makes
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the staff accounts' authenticator


def seed() -> dict:
    """In the serve-prod database: load data, people in each role (signed-in later), what the journeys visit."""
    from datetime import timedelta
    from urllib.parse import urlsplit

    from allauth.account.models import EmailAddress
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page

    from accounts import roles
    from accounts.mfa import mfa_required, totp_enable
    from accounts.models import MembershipStatus, Organisation, User
    from bench.bench_xapi import _activity
    from certificates.models import Certificate
    from courses.models import CoursePage
    from courses.services import enrolment_start, evaluation_submit, lesson_open
    from schools.models import School, SchoolMembership
    from schools.selectors import closure_for_date
    from bench.common import session_type, slot

    call_command("generate_load_data", learners=LOAD_LEARNERS, stdout=open(os.devnull, "w"))
    roles.ensure_roles()
    organisation = Organisation.objects.order_by("pk").first()

    def person(email: str, role: str) -> User:
        user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0].title(),
                                        organisation=organisation, membership_status=MembershipStatus.APPROVED)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        roles.assign_role(user, role)
        if mfa_required(user):
            totp_enable(user=user, secret=TOTP_SECRET)
        return user

    lesson, activity_id = _activity()
    course = CoursePage.objects.ancestor_of(lesson).live().get()
    learners = []
    for n in range(USERS["learner"]):
        user = person(f"learner{n}@{EMAIL_DOMAIN}", roles.LEARNER)
        enrolment_start(user=user, course=course)
        evaluation_submit(user=user, course=course, stage="before", ratings=None)
        lesson_open(user=user, lesson=lesson, course=course)
        learners.append({"email": user.email})
    kind = session_type(9)
    # Weekdays a month or more ahead that are not closure dates (school holidays), where bookings are taken.
    days = (d for d in range(30, 400) if (timezone.localdate() + timedelta(days=d)).weekday() < 5
            and closure_for_date(day=timezone.localdate() + timedelta(days=d)) is None)
    slots = [slot(kind, days=next(days), capacity=10_000).pk for _ in range(SLOTS)]
    teachers = []
    for t in range(USERS["teacher"]):
        user = person(f"teacher{t}@{EMAIL_DOMAIN}", roles.TEACHER)
        schools = School.objects.bulk_create(
            School(urn=500_000 + t * 100 + s, name=f"Journeys school {t}-{s}", postcode="SN1 1AA")
            for s in range(SCHOOLS_PER_TEACHER))
        SchoolMembership.objects.bulk_create(SchoolMembership(user=user, school=school, role_in_school="Bench",
                                                              status="approved") for school in schools)
        teachers.append({"email": user.email, "schools": [school.pk for school in schools]})
    staff = [{"email": person(f"staff{n}@{EMAIL_DOMAIN}", roles.PARTNERSHIP_STAFF).email}
             for n in range(USERS["staff"])]

    def path(page: Page) -> str:
        return urlsplit(page.get_url()).path

    return {
        "modules": [path(page) for page in CoursePage.objects.live().order_by("path")],
        "lesson": path(lesson),
        "xapi": f"/h5p/xapi/{lesson.pk}/{activity_id}/",
        "certificates": list(Certificate.objects.order_by("?").values_list("code", flat=True)[:500]),
        "slots": slots,
        "accounts": {"learner": learners, "teacher": teachers, "staff": staff},
    }


def _sign_in_everyone(data: dict, port: int) -> None:
    """Sign each account in through the real forms (password, then the TOTP code for staff); keep its cookies."""
    from throwaway import stack

    for kind, accounts in data["accounts"].items():
        for n, account in enumerate(accounts):
            client = stack.ProxiedClient(port=port, host=stack.SITE_HOST, client_ip=f"10.8.{len(kind)}.{n + 1}")
            stack.sign_in(client, account["email"], password=PASSWORD, totp_secret=TOTP_SECRET)
            account["cookies"] = dict(client.cookies)
        if kind == "learner":
            # The lesson opens for a signed-in learner straight away (no redirect to the evaluation).
            page = client.get(data["lesson"])
            if page.status != 200 or "data-xapi-url" not in page.text:
                raise RuntimeError(f"{data['lesson']} answered {page.status} {page.header('Location')}")


def _alone(data: dict, port: int) -> dict:
    """Median time of each journey's page with nothing else from this benchmark running: the cost of one request."""
    import statistics

    from throwaway import stack

    def client(kind: str | None) -> stack.ProxiedClient:
        person = stack.ProxiedClient(port=port, host=stack.SITE_HOST, client_ip="10.7.0.1")
        if kind:
            person.cookies = dict(data["accounts"][kind][0]["cookies"])
        return person

    pages = {"browse/home": (None, "/"), "browse/catalogue": (None, "/modules/"),
             "browse/module": (None, data["modules"][0]),
             "verify/code": (None, f"/certificates/verify/{data['certificates'][0]}/"),
             "lesson/page": ("learner", data["lesson"]), "dashboard/page": ("staff", "/dashboard/"),
             "book/form": ("teacher", f"/schools/bookings/availability/{data['slots'][0]}/book/")}
    figures = {}
    for name, (kind, path) in pages.items():
        person, times = client(kind), []
        for _ in range(6):
            started = time.perf_counter()
            response = person.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status} as {kind or 'a visitor'}")
        figures[name] = round(statistics.median(times[1:]), 1)
    return figures


def _percentile(times: dict[int, int], q: float) -> float | None:
    total = sum(times.values())
    if not total:
        return None
    seen = 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= q * total:
            return ms
    return max(times)


def summarise(entries: list[dict], seconds: float) -> dict:
    """Overall and per-journey figures from locust's JSON stats (request names are `journey/step`)."""
    journeys: dict[str, dict] = {}
    overall = {"requests": 0, "errors": 0, "times": {}}
    for entry in entries:
        journey = entry["name"].split("/")[0]
        for bucket in (journeys.setdefault(journey, {"requests": 0, "errors": 0, "times": {}}), overall):
            bucket["requests"] += entry["num_requests"]
            bucket["errors"] += entry["num_failures"]
            for ms, count in entry["response_times"].items():
                bucket["times"][int(float(ms))] = bucket["times"].get(int(float(ms)), 0) + count

    def figures(bucket: dict) -> dict:
        return {"requests": bucket["requests"], "errors": bucket["errors"],
                "requests_per_second": round(bucket["requests"] / seconds, 1),
                "p50_ms": _percentile(bucket["times"], 0.50), "p99_ms": _percentile(bucket["times"], 0.99)}

    return {"overall": figures(overall), "journeys": {name: figures(b) for name, b in sorted(journeys.items())}}


def run(ctx) -> dict:
    from throwaway import servers
    from throwaway.stack import SITE_HOST, ed25519_pem, wait_for_line

    workdir = Path(tempfile.mkdtemp(prefix="bench-journeys-", dir=ctx.workdir))
    port = servers.free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CELERY_", "DATABASE_URL", "CACHE_URL", "MEDIA_ROOT", "STATIC_ROOT"))}
    env.update({"PORT": str(port), "SECRET_KEY": "bench-journeys-" + "k" * 50, "OPEN_BADGES_SIGNING_KEY": ed25519_pem(),
                "STATIC_ROOT": str(workdir / "static"), "MEDIA_ROOT": str(workdir / "media"), "LOG_LEVEL": "ERROR",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"})
    log = workdir / "serve-prod.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "bin/serve-prod"], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    started = time.monotonic()
    try:
        database_url = wait_for_line(log, r"Throwaway PostgreSQL: (\S+)", server, 60).group(1)
        wait_for_line(log, r"Serving the production settings", server, 600)
        servers.wait_for_port(port, timeout=30)
        start_seconds = time.monotonic() - started
        seed_env = {**env, "DJANGO_SETTINGS_MODULE": "lms.settings.production", "DATABASE_URL": database_url}
        result = subprocess.run([sys.executable, "-m", "bench.bench_journeys", "seed"], cwd=ROOT, env=seed_env,
                                capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise RuntimeError(result.stdout[-2000:] + result.stderr[-3000:])
        data = {**json.loads(result.stdout.strip().splitlines()[-1]), "host": SITE_HOST, "users": USERS}
        _sign_in_everyone(data, port)
        alone = _alone(data, port)
        data_file = workdir / "journeys.json"
        data_file.write_text(json.dumps(data))

        stats_file = workdir / "locust.json"
        load_before = os.getloadavg()
        locust = subprocess.run(
            [sys.executable, "-m", "locust", "-f", "bench/journeys_locustfile.py", "--headless",
             "--host", f"http://127.0.0.1:{port}", "--users", str(sum(USERS.values())),
             "--spawn-rate", os.environ.get("BENCH_JOURNEYS_SPAWN_RATE", "25"),
             "--run-time", f"{RUN_SECONDS}s", "--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING",
             "--json-file", str(stats_file.with_suffix("")), "--csv", str(workdir / "locust"),
             "--exit-code-on-error", "0"],
            cwd=ROOT, env={**os.environ, "BENCH_JOURNEYS_DATA": str(data_file)}, capture_output=True, text=True,
            timeout=RUN_SECONDS + 120)
        load_after = os.getloadavg()
        if not stats_file.exists():
            raise RuntimeError(f"locust wrote no stats:\n{locust.stdout[-2000:]}\n{locust.stderr[-3000:]}")
        entries = json.loads(stats_file.read_text())
        with (workdir / "locust_failures.csv").open() as csv_file:
            failures = [f"{row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error']}"
                        for row in csv.DictReader(csv_file)]
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    seconds = (max(e["last_request_timestamp"] for e in entries) - min(e["start_time"] for e in entries)) or RUN_SECONDS
    figures = summarise(entries, seconds)
    p99 = figures["overall"]["p99_ms"]
    return {
        "users": USERS, "run_seconds": round(seconds, 1), "think_time_seconds": "0.5 to 2",
        "gunicorn_workers": int(os.environ.get("WEB_WORKERS", "2")),
        "database": "postgresql (throwaway, via bin/serve-prod)",
        "serve_prod_start_seconds": round(start_seconds, 1),
        **figures,
        "one_request_alone_median_ms": alone,
        "error_report": failures[:20],
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "target": f"0 errors and p99 under {TARGET_P99_MS} ms on {os.cpu_count()} cores",
        "target_met": figures["overall"]["errors"] == 0 and p99 is not None and p99 < TARGET_P99_MS,
    }


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    json.dump(seed(), sys.stdout)
