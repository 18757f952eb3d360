"""SCORM URLs: the player and package files (each package's own origin only) and CMI commits (site origin)."""
from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("play/<uuid:package_uuid>/", views.player, name="player"),
    path("content/<uuid:package_uuid>/<path:path>", views.package_file, name="package_file"),
    path("cmi/<int:lesson_id>/<str:block_id>/", views.commit, name="commit"),
]
