"""A learner's SCORM attempts are in their data download and go when they delete their account."""
import pytest

from accounts.services import account_delete, account_export
from courses.models import LessonProgress
from courses.scorm.models import ScormAttempt
from tests.scorm.conftest import post_commit

pytestmark = pytest.mark.django_db


def test_attempts_are_exported_and_erased(client, learner, lesson12):
    client.force_login(learner)
    post_commit(client, lesson12, sco="ITEM-sco1", values={
        "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90", "cmi.suspend_data": "my answers",
        "cmi.core.session_time": "0000:02:00"}, terminate=True)

    [exported] = account_export(user=learner)["scorm_attempts"]
    assert exported["lesson"] == lesson12.title
    assert exported["part"] == "Responding to distress"
    assert (exported["attempt"], exported["success_status"], exported["score"]) == (1, "passed", 90)
    assert exported["suspend_data"] == "my answers"
    assert exported["total_time_seconds"] == 120

    account_delete(user=learner)
    assert not ScormAttempt.objects.exists()
    # The outcome stays with the anonymised account, so partnership figures do not change.
    assert LessonProgress.objects.filter(lesson=lesson12).exists()


def test_scorm_results_show_in_my_learning(client, learner, lesson12):
    client.force_login(learner)
    client.get(lesson12.url)
    post_commit(client, lesson12, sco="ITEM-sco1", values={"cmi.core.lesson_status": "incomplete"})
    assert "0% complete" in client.get("/my-learning/").content.decode()
    post_commit(client, lesson12, sco="ITEM-sco1", values={
        "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"}, terminate=True)
    page = client.get("/my-learning/").content.decode()
    # One of the module's three lessons (two lessons and the assessment) is done.
    assert "Module with SCORM" in page and "33% complete" in page
