"""A SCORM package's attempt reaches a partner's LRS as xAPI: completed, then passed with the score, once each."""
import pytest

from partners.lrs.models import OutboxStatement, OutboxStatus
from tests.scorm.conftest import _origins, lesson12, package12, post_commit, site  # noqa: F401

pytestmark = pytest.mark.django_db

ADL = "http://adlnet.gov/expapi/verbs/"


def test_a_scorm_12_attempt_that_passes_is_sent_as_completed_and_passed_once(
        ralph, make_destination, client, learner, lesson12, django_capture_on_commit_callbacks):
    destination = make_destination(ralph.endpoint, organisation=learner.organisation)
    client.force_login(learner)

    with django_capture_on_commit_callbacks(execute=True):
        post_commit(client, lesson12, sco="ITEM-sco1", values={"cmi.core.lesson_status": "incomplete",
                                                               "cmi.core.lesson_location": "page-2"})
    assert not OutboxStatement.objects.exists()  # half-way through says nothing to the partner

    for _ in range(2):  # the package commits the same outcome twice (as packages do on finishing)
        with django_capture_on_commit_callbacks(execute=True):
            post_commit(client, lesson12, sco="ITEM-sco1", values={
                "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "85", "cmi.core.exit": ""},
                terminate=True)

    rows = list(OutboxStatement.objects.filter(destination=destination).order_by("pk"))
    assert [(row.source, row.status) for row in rows] == [("scorm", OutboxStatus.SENT)] * 2
    completed, passed = ralph.statements()
    assert [completed["id"], passed["id"]] == [str(row.statement_id) for row in rows]
    assert (completed["verb"]["id"], passed["verb"]["id"]) == (ADL + "completed", ADL + "passed")
    assert passed["result"]["success"] is True
    assert passed["result"]["score"]["raw"] == 85 and passed["result"]["score"]["scaled"] == 0.85
    assert passed["object"]["id"] == f"http://127.0.0.1:8000/xapi/activities/lesson/{lesson12.pk}/scorm/scorm-block-1"
    assert passed["actor"] == {"objectType": "Agent", "mbox": f"mailto:{learner.email}"}
