"""H5P URLs: the player and package files (answered on the H5P origin only) and xAPI intake (site origin)."""
from django.urls import path

from . import views

app_name = "h5p"

urlpatterns = [
    path("play/<uuid:package_uuid>/", views.player, name="player"),
    path("content/<uuid:package_uuid>/<path:path>", views.package_file, name="package_file"),
    path("libraries/<str:folder>/<path:path>", views.library_file, name="library_file"),
    path("xapi/<int:lesson_id>/<str:block_id>/", views.xapi_statement, name="xapi"),
    path("state/<int:lesson_id>/<str:block_id>/", views.activity_state, name="state"),
]
