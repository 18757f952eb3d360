"""Organisation sign-in pages, under /account/organisation/ (allauth's own callback is /account/oidc/<id>/...)."""
from django.urls import path

from . import views

app_name = "federation"

urlpatterns = [
    path("", views.find_provider, name="find"),
    path("link/", views.link_account, name="link"),
    path("link/finish/", views.link_finish, name="link_finish"),
    path("signed-out/<slug:slug>/", views.signed_out, name="signed_out"),
]
