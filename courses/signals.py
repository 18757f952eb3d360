"""What the courses app announces to the apps above it, which connect their receivers in their own apps.py."""
from django.dispatch import Signal

# A refresher has started: a new enrolment on a module the learner completed before, which starts from the beginning.
# Sent inside the enrolling transaction with `enrolment` and `lesson_ids` (every lesson of the module), so interactive
# activities (courses.h5p) forget where the learner left them last time.
refresher_started = Signal()
