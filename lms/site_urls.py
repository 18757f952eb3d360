"""URLs owned by the site shell: partnership reporting lives here."""
from django.urls import path  # noqa: F401

app_name = "lms"

urlpatterns: list = []
