"""Learner actions on modules and My learning. The pages themselves are Wagtail pages under /modules/."""
from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("learning/modules/<int:course_id>/start/", views.course_start, name="start"),
    path("learning/modules/<int:course_id>/leave/", views.course_leave, name="leave"),
    path("learning/modules/<int:course_id>/certificate.json", views.certificate_status, name="certificate_status"),
    path("learning/modules/<int:course_id>/refresher/", views.course_renew, name="renew"),
    path("learning/modules/<int:course_id>/evaluation/<str:stage>/", views.evaluation, name="evaluation"),
    path("learning/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("learning/lessons/<int:lesson_id>/questions/<str:block_id>/", views.question_answer, name="question_answer"),
    path("learning/lessons/<int:lesson_id>/reflections/<str:block_id>/", views.reflection_save, name="reflection_save"),
]
