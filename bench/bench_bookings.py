"""Booking requests per second and p99 under contention: 10 teachers' clients book 3 slots at once on PostgreSQL.

Every request posts the booking form for a class of a school not yet in that slot, so each goes through the
row lock on the session and the capacity count; once a slot is full, requests are answered with the full
message. At the end the places held in each slot are compared with its capacity: any excess is an overbooking
(the target is 0). A throwaway PostgreSQL server is started for this benchmark (the others use SQLite).

Run alone: `python bench/run.py bookings`. The seeding half runs in a child process against PostgreSQL:
`python -m bench.bench_bookings seed` with DATABASE_URL set.
"""
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 10
SLOTS = 3
SCHOOLS_PER_TEACHER = 60
CAPACITY = 150  # pupils per slot
PUPILS = 5      # per booking: 30 bookings fill a slot
CSRF_SECRET = "c" * 32  # Django accepts the unmasked secret in the form when it matches the cookie


def seed() -> dict:
    """In the PostgreSQL database: 3 slots, 10 teachers each linked to 60 schools, signed-in sessions."""
    from bench.common import person, session_cookie_for, session_type, slot
    from schools.models import School, SchoolMembership

    from accounts.demo import seed_organisations
    from lms.demo import seed as seed_site

    seed_organisations()
    seed_site()
    kind = session_type(9)
    slots = [slot(kind, days=30 + 2 * i, capacity=CAPACITY) for i in range(SLOTS)]
    teachers = []
    urn = 800000
    for t in range(CLIENTS):
        teacher = person("Teacher", email=f"bench-teacher-{t}@bench.test")
        schools = School.objects.bulk_create(
            School(urn=urn + t * SCHOOLS_PER_TEACHER + s, name=f"Bench school {t}-{s}", postcode="SN1 1AA")
            for s in range(SCHOOLS_PER_TEACHER)
        )
        SchoolMembership.objects.bulk_create(
            SchoolMembership(user=teacher, school=school, role_in_school="Bench", status="approved")
            for school in schools
        )
        teachers.append({"cookie": session_cookie_for(teacher), "schools": [school.pk for school in schools]})
    return {"slots": [slot.pk for slot in slots], "teachers": teachers}


def _manage(args: list[str], env: dict) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-2000:] + result.stderr[-2000:])
    return result.stdout


def _overbookings(database_url: str) -> dict:
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT s.id, s.capacity, COALESCE(SUM(b.pupils) FILTER (WHERE b.status IN "
            "('requested','confirmed','delivered','closed')), 0) FROM schools_session s "
            "LEFT JOIN schools_sessionbooking b ON b.session_id = s.id "
            "WHERE s.capacity = %s GROUP BY s.id, s.capacity", [CAPACITY],
        ).fetchall()
        bookings = conn.execute(
            "SELECT count(*) FROM schools_sessionbooking b JOIN schools_session s ON s.id = b.session_id "
            "WHERE s.capacity = %s AND b.status = 'requested'", [CAPACITY],
        ).fetchone()[0]
    return {
        "slots": [{"capacity": capacity, "held": held} for _, capacity, held in rows],
        "bookings_made": bookings,
        "overbooked_pupils": sum(max(0, held - capacity) for _, capacity, held in rows),
        "overbooked_slots": sum(1 for _, capacity, held in rows if held > capacity),
    }


def run(ctx) -> dict:
    from throwaway import servers

    running = servers.start_postgres()
    server = next(running)
    try:
        database_url = server.create_database(f"bench_bookings_{uuid.uuid4().hex[:8]}")
        env = {"DJANGO_SETTINGS_MODULE": "lms.settings.bench", "DATABASE_URL": database_url,
               "MEDIA_ROOT": str(ctx.workdir / "media-bookings")}
        _manage(["manage.py", "migrate", "--noinput", "-v0"], env)
        data = json.loads(_manage(["-m", "bench.bench_bookings", "seed"], env).strip().splitlines()[-1])

        counters = [0] * CLIENTS

        def book(i):
            # measure_load numbers requests 0, 1, 2...; spread them over the clients and the three slots.
            client = i % CLIENTS
            teacher = data["teachers"][client]
            n = counters[client]
            counters[client] += 1
            slot = data["slots"][n % SLOTS]
            school = teacher["schools"][(n // SLOTS) % SCHOOLS_PER_TEACHER]
            body = (f"csrfmiddlewaretoken={CSRF_SECRET}&school={school}&year_group=9&pupils={PUPILS}"
                    "&room=Hall&access_needs=&contact_name=Bench+Teacher&contact_phone=01632+960+001").encode()
            headers = {"Cookie": f"{teacher['cookie']}; csrftoken={CSRF_SECRET}",
                       "Content-Type": "application/x-www-form-urlencoded"}
            return "POST", f"/schools/bookings/availability/{slot}/book/", body, headers

        with ctx.common.gunicorn_server(workers=2, threads=4, extra_env=env) as url:
            # A short unmeasured run lets the workers load Django; it books too, which the count below includes.
            warm = ctx.common.measure_load(url, request_fn=book, concurrency=2, duration=2, warmup=0)
            measured = ctx.common.measure_load(url, request_fn=book, concurrency=CLIENTS, duration=8, warmup=0)
        outcome = _overbookings(database_url)
    finally:
        try:
            next(running)
        except StopIteration:
            pass
    return {
        "clients": CLIENTS, "slots": SLOTS, "capacity_per_slot": CAPACITY, "pupils_per_booking": PUPILS,
        "database": "postgresql", "warmup_requests": warm["requests"],
        "booking_requests": measured,
        **outcome,
        "target": "0 overbookings",
        "target_met": outcome["overbooked_pupils"] == 0,
    }


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    json.dump(seed(), sys.stdout)
