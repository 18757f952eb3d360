"""Run as a script against PostgreSQL (TEST_DATABASE_URL) by test_move_concurrency.py: teachers move bookings at once.

Prints JSON: two teachers moving into the last places of a session (one may win), and two moving in opposite
directions between two sessions (both must get through: the sessions are locked in order of id, so no deadlock).
"""
import json
import os
import sys
import threading


def _at_once(calls) -> list:
    from django.db import connection

    connection.close()
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            calls[index]()
            results[index] = "moved"
        except Exception as error:  # a refusal's message, or what went wrong, for the test to show
            results[index] = getattr(error, "message", None) or f"error: {error!r}"
        finally:
            connection.close()

    workers = [threading.Thread(target=attempt, args=(i,)) for i in range(len(calls))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def race() -> dict:
    from accounts.demo import seed_organisations
    from lms.demo import seed as seed_site
    from schools.bookings import services
    from schools.models import SessionBooking
    from tests.schools.bookings import world

    seed_organisations()
    seed_site()
    kind = world.session_type()
    first, second, third = (world.slot(kind, days=days, capacity=capacity)
                            for days, capacity in ((14, 60), (21, 20), (28, 60)))
    movers = []
    for i, session in enumerate((first, first, second, third, second)):
        school = world.school(f"Moving School {i}")
        teacher = world.make_person("Teacher")
        world.link(teacher, school)
        booking = services.booking_create(session=session, school=school, teacher=teacher, year_group=9, pupils=10,
                                          **world.contact())
        movers.append((booking, teacher))
    # `second` (20 places) holds movers 2 and 4, 10 each: moving 4 away leaves room for one class of 10.
    services.booking_move(booking=movers[4][0], by=movers[4][1], session=third)

    def move(index: int, session):
        booking, teacher = movers[index]
        return lambda: services.booking_move(booking=SessionBooking.objects.get(pk=booking.pk), by=teacher,
                                             session=session)

    last_places = _at_once([move(0, second), move(1, second)])
    where = [SessionBooking.objects.get(pk=movers[i][0].pk).session_id for i in (0, 1)]
    # Opposite directions at once, both with room: the refused mover from `first` to `third`, mover 3 back.
    loser = 0 if where[0] == first.pk else 1
    crossing = _at_once([move(loser, third), move(3, first)])
    return {
        "last_places": last_places, "where": where, "first": first.pk, "second": second.pk,
        "held": {name: services.places_held(session) for name, session in
                 (("first", first), ("second", second), ("third", third))},
        "capacity": {"first": 60, "second": 20, "third": 60},
        "crossing": crossing,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    json.dump(race(), sys.stdout)
