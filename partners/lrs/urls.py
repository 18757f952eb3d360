"""Staff pages for partners' LRS: set-up and what is queued, sent and failed."""
from django.urls import path

from . import views

app_name = "lrs"

urlpatterns = [
    path("", views.destination_list, name="list"),
    path("new/", views.destination_create, name="create"),
    path("<int:pk>/", views.destination_detail, name="detail"),
    path("<int:pk>/edit/", views.destination_edit, name="edit"),
    path("<int:pk>/retry/", views.destination_retry, name="retry"),
]
