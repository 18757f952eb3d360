"""Where each person lands after signing in: the page where their own work is, by what their role lets them do.

URL names are looked up by name, so accounts imports none of the apps that own the pages; a page whose app is not
installed is skipped. The first entry the person may use wins, so someone with two roles lands on the busier job.
"""
from django.urls import NoReverseMatch, reverse

# (permission, URL name, why): the first the person holds wins; None means any signed-in person.
LANDINGS: list[tuple[str | None, str, str]] = [
    ("accounts.manage_programme", "schools:manage", "partnership staff: booking requests waiting for a decision"),
    ("accounts.view_organisation_reports", "reporting:dashboard", "organisation leads: their staff's training"),
    ("wagtailadmin.access_admin", "wagtailadmin_home", "editors, trainers and clinicians: pages to write or sign off"),
    ("accounts.deliver_sessions", "schools:instructor_sessions", "instructors: their upcoming sessions"),
    ("accounts.book_sessions", "schools:booking_list", "teachers: their school's bookings"),
    (None, "courses:my_learning", "learners: continue where they left off"),
]


def landing_url(user) -> str | None:
    """The page this person's work starts on, or None (the site's default) if none applies."""
    if not getattr(user, "is_authenticated", False):
        return None
    for permission, url_name, _why in LANDINGS:
        if permission is not None and not user.has_perm(permission):
            continue
        try:
            return reverse(url_name)
        except NoReverseMatch:
            continue  # the app that owns the page is not installed
    return None
