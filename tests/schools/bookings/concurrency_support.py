"""Run as a script against PostgreSQL (TEST_DATABASE_URL) by test_concurrency.py: 20 threads book the last places.

Prints JSON: what each thread got, the places held against capacity, and who was offered a freed place.
"""
import json
import os
import sys
import threading


def race(threads: int = 20, room_for: int = 3, pupils: int = 10) -> dict:
    from django.db import connection

    from accounts.demo import seed_organisations
    from lms.demo import seed as seed_site
    from schools.bookings import services
    from schools.models import SessionBooking
    from tests.schools.bookings import world

    seed_organisations()
    seed_site()
    kind = world.session_type()
    staff = world.make_person("Partnership staff")
    capacity = 30 + room_for * pupils
    session = world.slot(kind, capacity=capacity)
    holder_school = world.school("Holder School")
    holder_teacher = world.make_person("Teacher")
    world.link(holder_teacher, holder_school)
    services.booking_create(session=session, school=holder_school, teacher=holder_teacher, year_group=9, pupils=30,
                            **world.contact())
    racers = []
    for i in range(threads):
        school = world.school(f"Racing School {i}")
        teacher = world.make_person("Teacher")
        world.link(teacher, school)
        racers.append((school, teacher))
    connection.close()

    barrier = threading.Barrier(threads)
    results: list = [None] * threads

    def attempt(index: int) -> None:
        school, teacher = racers[index]
        try:
            barrier.wait(timeout=60)
            services.booking_create(session=session, school=school, teacher=teacher, year_group=9, pupils=pupils,
                                    **world.contact())
            results[index] = "booked"
        except services.BookingError as refusal:
            results[index] = refusal.message
        except Exception as error:  # reported, so the test shows what went wrong
            results[index] = f"error: {error!r}"
        finally:
            connection.close()

    workers = [threading.Thread(target=attempt, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    held_after_race = services.places_held(session)
    booked_rows = SessionBooking.objects.filter(session=session, status="requested").count()
    # Two refused schools join the waiting list in turn; then one booked school cancels.
    refused = [i for i, result in enumerate(results) if result != "booked"][:2]
    waiting = [services.waitlist_join(session=session, school=racers[i][0], teacher=racers[i][1], year_group=9,
                                      pupils=pupils, **world.contact()) for i in refused]
    booked = SessionBooking.objects.filter(session=session, status="requested").exclude(school=holder_school).first()
    services.booking_cancel(booking=booked, by=staff, reason="Trip clash")
    offered = [b.school.name for b in SessionBooking.objects.filter(pk__in=[w.pk for w in waiting],
                                                                    offer_expires_at__isnull=False)]
    return {
        "results": results, "capacity": capacity, "room_for": room_for, "held_after_race": held_after_race,
        "booked_rows": booked_rows,
        "waiting_order": [w.school.name for w in waiting], "offered": offered,
        "held_after_cancel": services.places_held(session),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    json.dump(race(), sys.stdout)
