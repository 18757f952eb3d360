"""Addresses of the LTI tool, under /lti/."""
from django.urls import path

from . import views

app_name = "lti_launch"

urlpatterns = [
    # The partner's platform.
    path("jwks.json", views.jwks, name="jwks"),
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("choose/<str:key>/", views.choose, name="choose"),
    path("register/<str:key>/", views.register, name="register"),
    # The person launched.
    path("enter/<str:key>/", views.enter, name="enter"),
    path("link/<str:key>/", views.link, name="link"),
    # Partnership staff.
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.manage_edit, name="manage_new"),
    path("manage/invite/", views.manage_invite, name="manage_invite"),
    path("manage/<int:pk>/", views.manage_edit, name="manage_edit"),
]
