"""URLs of the schools app: the directory and onboarding (schools-core) and bookings."""
from django.urls import path

from . import views
from .bookings.urls import urlpatterns as booking_urlpatterns

app_name = "schools"

urlpatterns = [
    # Teachers: find and link to their schools (schools-core).
    path("join/", views.join, name="join"),
    path("join/<int:urn>/", views.join_school, name="join_school"),
    path("mine/", views.my_schools, name="my_schools"),
    path("mine/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    # Staff: the school directory and closure dates (schools-core).
    path("manage/schools/", views.manage_school_list, name="manage_schools"),
    path("manage/schools/add/", views.manage_school_add, name="manage_school_add"),
    path("manage/schools/<int:pk>/", views.manage_school_edit, name="manage_school_edit"),
    path("manage/closures/", views.manage_closure_list, name="manage_closures"),
    path("manage/closures/add/", views.manage_closure_add, name="manage_closure_add"),
    path("manage/closures/<int:pk>/delete/", views.manage_closure_delete, name="manage_closure_delete"),
]
urlpatterns += booking_urlpatterns
