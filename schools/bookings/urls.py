"""URLs of bookings, included into the schools namespace by schools/urls.py."""
from django.urls import path

from . import manage_views, views

urlpatterns = [
    # Teachers.
    path("bookings/", views.booking_list, name="booking_list"),
    path("bookings/availability/", views.availability, name="availability"),
    path("bookings/availability/<int:session_id>/book/", views.booking_new, name="booking_new"),
    path("bookings/request-dates/", views.request_dates, name="request_dates"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/change/", views.booking_change, name="booking_change"),
    path("bookings/<int:pk>/move/", views.booking_move, name="booking_move"),
    path("bookings/<int:pk>/calendar.ics", views.booking_calendar, name="booking_calendar"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/accept-place/", views.offer_accept, name="offer_accept"),
    path("bookings/<int:pk>/pupil-certificates/", views.pupil_certificates, name="pupil_certificates"),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
    # Instructors.
    path("my-sessions/", views.instructor_sessions, name="instructor_sessions"),
    path("my-sessions/new-calendar-address/", views.instructor_feed_reset, name="instructor_feed_reset"),
    path("my-sessions/attendance/<int:pk>/", views.attendance, name="attendance"),
    path("calendar/<str:token>.ics", views.instructor_feed, name="instructor_feed"),
    # Partnership staff.
    path("manage/", manage_views.pipeline, name="manage"),
    path("manage/bookings/<int:pk>/", manage_views.booking_detail, name="manage_booking"),
    path("manage/bookings/<int:pk>/confirm/", manage_views.booking_confirm, name="manage_confirm"),
    path("manage/bookings/<int:pk>/decline/", manage_views.booking_decline, name="manage_decline"),
    path("manage/bookings/<int:pk>/cancel/", manage_views.booking_cancel, name="manage_cancel"),
    path("manage/bookings/<int:pk>/move/", manage_views.booking_reschedule, name="manage_reschedule"),
    path("manage/bookings/<int:pk>/close/", manage_views.booking_close, name="manage_close"),
    path("manage/sessions/", manage_views.sessions, name="manage_sessions"),
    path("manage/sessions/new/", manage_views.slot_new, name="manage_slot_new"),
    path("manage/sessions/<int:pk>/cancel/", manage_views.slot_cancel, name="manage_slot_cancel"),
    path("manage/instructors/", manage_views.workload, name="manage_workload"),
    path("manage/reach/", manage_views.reach, name="manage_reach"),
]
