from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("data/", views.data_download, name="data_download"),
    path("delete/", views.delete_account, name="delete"),
    path("members/pending/", views.pending_members, name="pending_members"),
    path("members/<int:pk>/decide/", views.decide_member, name="decide_member"),
]
