"""H5P URLs: the player and package files (answered on the H5P origin only) and xAPI intake (site origin)."""
from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("play/<uuid:package_id>/", views.player, name="player"),
]
