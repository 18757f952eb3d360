"""Run as a script against PostgreSQL (TEST_DATABASE_URL) by test_locking.py: a teacher books while someone else
holds the session's row lock.

Prints JSON: what the teacher was told while the lock was held, what was written meanwhile, the lock_timeout
the transaction had after the block, and whether the same booking went through once the lock was let go.
"""
import json
import os
import sys


def booking_behind_a_held_lock() -> dict:
    import psycopg
    from django.conf import settings
    from django.db import connection, transaction

    from accounts.demo import seed_organisations
    from foundation import locking
    from lms.demo import seed as seed_site
    from schools.bookings import services
    from schools.models import SessionBooking
    from tests.schools.bookings import world

    seed_organisations()
    seed_site()
    session = world.slot(world.session_type(), capacity=60)
    school = world.school("Waiting School")
    teacher = world.make_person("Teacher")
    world.link(teacher, school)
    locking.LOCK_WAIT_SECONDS = 0.3  # the held lock below outlasts it at once

    def book():
        return services.booking_create(session=session, school=school, teacher=teacher, year_group=9, pupils=10,
                                       **world.contact())

    outcome = {}
    with psycopg.connect(os.environ["TEST_DATABASE_URL"]) as other:  # someone else, mid-change
        other.execute("SELECT id FROM schools_session WHERE id = %s FOR UPDATE", [session.pk])
        try:
            book()
            outcome["while_held"] = "booked"
        except services.BookingError as refusal:
            outcome["while_held"] = refusal.message
        outcome["bookings_while_held"] = SessionBooking.objects.filter(session=session).count()
        # The outer transaction stays usable after a timeout, and the setting is the block's alone.
        with transaction.atomic():
            try:
                with locking.lock_timeout(seconds=0.2):
                    list(type(session).objects.select_for_update().filter(pk=session.pk))
            except locking.ServiceError as refusal:
                outcome["generic_refusal"] = refusal.message
            with connection.cursor() as cursor:
                cursor.execute("SHOW lock_timeout")
                outcome["lock_timeout_after_refusal"] = cursor.fetchone()[0]
        other.rollback()
    with transaction.atomic():
        with locking.lock_timeout():
            pass
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            outcome["lock_timeout_after_block"] = cursor.fetchone()[0]
    outcome["after_release"] = book().status
    outcome["bookings_after_release"] = SessionBooking.objects.filter(session=session).count()
    outcome["database"] = settings.DATABASES["default"]["ENGINE"]
    return outcome


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    json.dump(booking_behind_a_held_lock(), sys.stdout)
