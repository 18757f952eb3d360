"""The demo has slots over the coming six weeks, the demo instructor's sessions and a booking in each state; loading
it twice changes nothing."""
from django.core.management import call_command
from django.utils import timezone

from schools.models import BookingStatus, Session, SessionBooking


def test_seed_demo_adds_slots_and_a_booking_in_each_state_once(db, settings):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    call_command("seed_demo", quiet=True)
    counts = (Session.objects.count(), SessionBooking.objects.count())
    call_command("seed_demo", quiet=True)
    assert (Session.objects.count(), SessionBooking.objects.count()) == counts

    now = timezone.now()
    upcoming = Session.objects.filter(starts_at__gt=now)
    assert upcoming.count() >= 10
    assert max(s.starts_at for s in upcoming) - now <= timezone.timedelta(days=43)
    teacher_states = set(SessionBooking.objects.filter(teacher__email="teacher@demo.test")
                         .values_list("status", flat=True))
    assert teacher_states == set(BookingStatus.values)
    assert Session.objects.filter(instructor__email="instructor@demo.test", starts_at__lt=now).exists()
    assert Session.objects.filter(instructor__email="instructor@demo.test", starts_at__gt=now).exists()
