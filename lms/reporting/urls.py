"""URLs of partnership reporting, under /dashboard/."""
from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:key>.<str:file_format>", views.dashboard_export, name="export"),
    path("serious-violence-duty/", views.svd_return, name="svd"),
    path("serious-violence-duty/return.<str:file_format>", views.svd_export, name="svd_export"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/refreshers.<str:file_format>", views.refreshers_export, name="refreshers_export"),
    path("staff/export/", views.staff_export_request, name="staff_export"),
    path("staff/reminders/", views.staff_reminder, name="staff_reminder"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/add/", views.organisation_edit, name="organisation_add"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
