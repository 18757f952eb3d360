"""URLs of the schools app: the directory and onboarding (schools-core) and bookings."""
from django.urls import path  # noqa: F401

from .bookings.urls import urlpatterns as booking_urlpatterns

app_name = "schools"

urlpatterns: list = []
urlpatterns += booking_urlpatterns
