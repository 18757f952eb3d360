"""Synthetic partnership data at scale for benchmarks: learners, progress, certificates, schools and bookings.

Rows are written in bulk (COPY on PostgreSQL, batched inserts elsewhere) with ids chosen here, so
nothing is read back; sequences are moved past them afterwards. N learners give about 10N lesson
progress rows, 2N certificates, and 20,000 bookings of 500 schools over the last 12 quarters
(scaled down below 100,000 learners). Every learner's email ends @load.test.
"""
import random
import time
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Area, MembershipStatus, Organisation, Sector, User
from certificates import codes
from certificates.models import Certificate
from courses.models import CoursePage, Enrolment, Evaluation, LessonPage, LessonProgress
from lms.reporting.summaries import summaries_rebuild

DOMAIN = "load.test"
QUARTERS = 12
AREAS = ["Northshire", "Southshire", "Eastborough", "Westfield", "Midvale", "Coastal"]


class Command(BaseCommand):
    help = "Generate synthetic learners, progress, certificates, schools and bookings for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, learners: int, seed: int, **options):
        if learners < 1:
            raise CommandError("Give --learners 1 or more.")
        if User.objects.filter(email__endswith="@" + DOMAIN).exists():
            raise CommandError(f"Load data is already here (people @{DOMAIN}). Use a fresh database.")
        courses = list(CoursePage.objects.live().order_by("path"))
        if not courses:
            raise CommandError("No modules yet: run `manage.py seed_demo` first.")
        started = time.perf_counter()
        generator = Generator(random.Random(seed), learners, courses)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Rows are consistent by construction: skip per-row foreign key triggers while loading, where
                # the database user may (a superuser, as on a throwaway benchmark server). Checked after.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                    if cursor.fetchone()[0]:
                        cursor.execute("SET LOCAL session_replication_role = replica")
            counts = generator.run()
            # Bulk rows send no signals: count the summaries the dashboard reads afresh, in the same transaction.
            summaries_rebuild()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Generated {summary} in {elapsed:.1f} s.")


class Generator:
    def __init__(self, rng: random.Random, learners: int, courses: list[CoursePage]):
        self.rng = rng
        self.learners = learners
        self.courses = courses
        self.lessons = {c.pk: list(LessonPage.objects.child_of(c).order_by("path").values_list("pk", "is_assessment"))
                        for c in courses}
        self.now = timezone.now()
        self.start = self.now - timedelta(days=91 * QUARTERS)
        self.scale = min(1.0, learners / 100_000)
        self.counts: dict[str, int] = {}

    # --- writing --------------------------------------------------------------------------------

    def _next_ids(self, model, count: int) -> range:
        first = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        return range(first, first + count)

    def _write(self, model, rows: list[dict]) -> None:
        """Insert rows given as {attname: value}; other columns take their field's default."""
        if not rows:
            return
        fields = list(model._meta.concrete_fields)
        names = ", ".join(f'"{f.column}"' for f in fields)
        defaults = {f.attname: (None if f.null and not f.has_default() else f.get_default())
                    for f in fields if f.attname not in rows[0]}
        # Only JSON needs preparing for the driver; dates, numbers, text and UUIDs go as they are.
        json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        attnames = [f.attname for f in fields]
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from psycopg.types.json import Jsonb

                with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([
                            Jsonb(row.get(a, defaults.get(a))) if a in json_fields
                            else row[a] if a in row else defaults[a]
                            for a in attnames
                        ])
            else:
                by_name = {f.attname: f for f in fields}
                prepared = [[by_name[a].get_db_prep_save(row[a] if a in row else defaults[a], connection)
                             for a in attnames] for row in rows]
                placeholders = ", ".join(["%s"] * len(attnames))
                cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', prepared)
        name = model._meta.verbose_name_plural
        self.counts[name] = self.counts.get(name, 0) + len(rows)

    def _reset_sequences(self, models) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))")

    def _when(self, after=None, within_days: int | None = None):
        low = after or self.start
        high = self.now if within_days is None else min(self.now, low + timedelta(days=within_days))
        span = max(1, int((high - low).total_seconds()))
        return low + timedelta(seconds=self.rng.randrange(span))

    # --- the data -------------------------------------------------------------------------------

    def run(self) -> dict:
        areas = [Area.objects.get_or_create(slug=f"load-{n.lower()}", defaults={"name": f"{n} (load)"})[0]
                 for n in AREAS]
        sectors = [s for s, _ in Sector.choices]
        organisations = []
        for i in range(20):
            sector = sectors[i % len(sectors)]
            organisations.append(Organisation.objects.create(
                name=f"Load organisation {i + 1} ({sector})", sector=sector, area=areas[i % len(areas)],
                email_domains=f"org{i + 1}.{DOMAIN}"))
        users = self._users(organisations, areas)
        self._learning(users)
        self._schools(areas)
        self._reset_sequences([User, Enrolment, LessonProgress, Evaluation, Certificate])
        return self.counts

    def _users(self, organisations, areas) -> list[tuple]:
        rows, users = [], []
        for user_id in self._next_ids(User, self.learners):
            organisation = self.rng.choice(organisations)
            approved = self.rng.random() < 0.95
            joined = self._when()
            rows.append({
                "id": user_id, "password": "!", "email": f"learner{user_id}@{DOMAIN}",
                "full_name": f"Learner {user_id}", "date_joined": joined, "is_active": True,
                "organisation_id": organisation.pk,
                "membership_status": MembershipStatus.APPROVED if approved else MembershipStatus.PENDING,
                "area_id": organisation.area_id if self.rng.random() < 0.8 else self.rng.choice(areas).pk,
            })
            users.append((user_id, joined))
        self._write(User, rows)
        return users

    def _learning(self, users) -> None:
        enrolments, progress, evaluations, certificates = [], [], [], []
        enrolment_ids = iter(self._next_ids(Enrolment, len(users) * len(self.courses)))
        progress_ids = iter(self._next_ids(LessonProgress, len(users) * len(self.courses) * 8))
        evaluation_ids = iter(self._next_ids(Evaluation, len(users) * len(self.courses) * 2))
        course_type = ContentType.objects.get_for_model(CoursePage)
        enrolment_type = ContentType.objects.get_for_model(Enrolment)
        for user_id, joined in users:
            for course in self.rng.sample(self.courses, min(len(self.courses), self.rng.choice([2, 2, 3, 3]))):
                enrolment_id = next(enrolment_ids)
                started = self._when(joined)
                completed = self._when(started, 60) if self.rng.random() < 0.8 else None
                withdrawn = self._when(started, 90) if completed is None and self.rng.random() < 0.2 else None
                enrolments.append({"id": enrolment_id, "user_id": user_id, "course_id": course.pk,
                                   "started_at": started, "completed_at": completed, "withdrawn_at": withdrawn})
                lessons = self.lessons[course.pk]
                done = len(lessons) if completed else self.rng.randrange(len(lessons))
                for position, (lesson_id, is_assessment) in enumerate(lessons[:max(done, 1)]):
                    finished = completed is not None or position < done
                    at = completed or self._when(started, 60)
                    progress.append({
                        "id": next(progress_ids), "enrolment_id": enrolment_id, "lesson_id": lesson_id,
                        "status": "completed" if finished else "in_progress",
                        "attempts": self.rng.choice([1, 1, 1, 2, 3]) if is_assessment else 0,
                        "score": 80.0 if is_assessment and finished else None,
                        "started_at": started, "completed_at": at if finished else None, "updated_at": at,
                    })
                if completed is not None and self.rng.random() < 0.5:
                    before = round(self.rng.uniform(1, 4), 2)
                    for stage, rating, at in (("before", before, started),
                                              ("after", min(5.0, before + self.rng.uniform(0, 2)), completed)):
                        evaluations.append({"id": next(evaluation_ids), "enrolment_id": enrolment_id, "stage": stage,
                                            "average_rating": round(rating, 2), "submitted_at": at,
                                            "responses": [{"statement": "Confidence", "rating": round(rating)}]})
                if completed is not None:
                    valid_until = (completed + timedelta(days=365 * 2)).date() if course.validity_months else None
                    revoked = self.rng.random() < 0.01
                    expired = valid_until is not None and valid_until < self.now.date()
                    certificates.append({
                        "code": codes.new_code(), "credential_id": uuid.uuid4(), "recipient_id": user_id,
                        "recipient_name": f"Learner {user_id}", "achievement_content_type_id": course_type.pk,
                        "achievement_object_id": course.pk, "achievement_title": course.title,
                        "source_content_type_id": enrolment_type.pk, "source_object_id": enrolment_id,
                        "cpd_hours": course.cpd_hours, "issued_at": completed, "valid_until": valid_until,
                        "status": "revoked" if revoked else ("expired" if expired else "valid"),
                        "revoked_at": self._when(completed, 90) if revoked else None,
                    })
        self._write(Enrolment, enrolments)
        self._write(LessonProgress, progress)
        self._write(Evaluation, evaluations)
        ids = self._next_ids(Certificate, len(certificates))
        for certificate_id, row in zip(ids, certificates):
            row["id"] = certificate_id
        self._write(Certificate, certificates)

    def _schools(self, areas) -> None:
        from schools.models import (
            ConfidenceCount, School, SessionAttendance, SessionBooking, SessionFeedback, SessionTypeIndexPage,
            SessionTypePage,
        )

        session_types = list(SessionTypePage.objects.all())
        if not session_types:
            from lms.models import HomePage

            home = HomePage.objects.first()
            index = SessionTypeIndexPage.objects.first() or home.add_child(
                instance=SessionTypeIndexPage(title="Sessions", slug="sessions"))
            session_types = [index.add_child(instance=SessionTypePage(
                title="Bleeding control (load data)", slug="bleeding-control-load",
                description="Synthetic session type for load tests."))]
        school_count = max(1, int(500 * self.scale))
        first_urn = 900_000 + (School.objects.order_by("-urn").values_list("urn", flat=True).first() or 0) % 100_000
        schools = []
        school_ids = self._next_ids(School, school_count)
        for school_id in school_ids:
            area = self.rng.choice(areas)
            schools.append({"id": school_id, "urn": first_urn + school_id, "name": f"Load School {school_id}",
                            "local_authority": area.name.removesuffix(" (load)"), "area_id": area.pk,
                            "status": "open", "created_at": self.now, "updated_at": self.now})
        self._write(School, schools)
        teacher_ids = self._next_ids(User, school_count)
        self._write(User, [{"id": i, "password": "!", "email": f"teacher{i}@{DOMAIN}", "full_name": f"Teacher {i}",
                            "date_joined": self.start, "is_active": True} for i in teacher_ids])
        bookings, attendance, feedback, counts = [], [], [], []
        booking_ids = iter(self._next_ids(SessionBooking, 20_000))
        attendance_ids = iter(self._next_ids(SessionAttendance, 20_000))
        feedback_ids = iter(self._next_ids(SessionFeedback, 20_000))
        count_ids = iter(self._next_ids(ConfidenceCount, 80_000))
        for _ in range(max(1, int(20_000 * self.scale))):
            booking_id = next(booking_ids)
            index = self.rng.randrange(school_count)
            created = self._when()
            roll = self.rng.random()
            status = ("delivered" if roll < 0.45 else "closed" if roll < 0.6 else "confirmed" if roll < 0.75
                      else "requested" if roll < 0.85 else "cancelled" if roll < 0.95 else "declined")
            confirmed = self._when(created, 10) if status in ("confirmed", "delivered", "closed") else None
            delivered = self._when(confirmed, 60) if status in ("delivered", "closed") else None
            year_group, pupils = self.rng.randint(5, 11), self.rng.randint(12, 30)
            bookings.append({
                "id": booking_id, "session_type_id": self.rng.choice(session_types).pk,
                "school_id": school_ids[index], "teacher_id": teacher_ids[index], "year_group": year_group,
                "pupils": pupils, "status": status, "created_at": created, "confirmed_at": confirmed,
                "delivered_at": delivered, "cancelled_at": self._when(created, 20) if status == "cancelled" else None,
            })
            if delivered is None:
                continue
            attendance.append({"id": next(attendance_ids), "booking_id": booking_id, "year_group": year_group,
                               "pupils": pupils})
            if self.rng.random() < 0.5:
                feedback_id = next(feedback_ids)
                feedback.append({"id": feedback_id, "booking_id": booking_id, "rating": self.rng.randint(3, 5),
                                 "submitted_at": self._when(delivered, 7)})
                low = self.rng.randint(1, pupils - 1)
                for stage, scores in (("before", (2, 3)), ("after", (4, 5))):
                    for score, hands in zip(scores, (low, pupils - low)):
                        counts.append({"id": next(count_ids), "feedback_id": feedback_id, "statement": "I can stop a bleed",
                                       "stage": stage, "score": score, "pupils": hands})
        self._write(SessionBooking, bookings)
        self._write(SessionAttendance, attendance)
        self._write(SessionFeedback, feedback)
        self._write(ConfidenceCount, counts)
        self._reset_sequences([School, SessionBooking, SessionAttendance, SessionFeedback, ConfidenceCount, User])
