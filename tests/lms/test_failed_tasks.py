"""A task that fails for good is kept as a dead letter that administrators, and only they, can see."""
import pytest

from accounts import roles
from lms.celery import app
from lms.models import FailedTask


@app.task(name="tests.always_fails")
def always_fails(certificate_id: int):
    raise ValueError(f"Certificate {certificate_id} has no template")


@pytest.fixture(autouse=True)
def like_a_worker():
    """Eager tasks re-raise in the caller by default; a worker records the failure instead, as here."""
    before = app.conf.task_eager_propagates
    app.conf.update(task_eager_propagates=False)
    yield
    app.conf.update(task_eager_propagates=before)


def test_a_task_that_fails_for_good_is_recorded(db):
    assert always_fails.delay(41).failed()
    failed = FailedTask.objects.get()
    assert failed.task_name == "tests.always_fails"
    assert failed.args == [41]
    assert "has no template" in failed.exception and "ValueError" in failed.traceback


def test_a_task_that_succeeds_leaves_nothing(db):
    from lms.celery import ping

    assert ping.delay("ok").get() == "ok"
    assert not FailedTask.objects.exists()


def test_administrators_see_failed_tasks_and_staff_do_not(client, site_pages, make_user):
    always_fails.delay(7)
    client.force_login(make_user(None, is_superuser=True, is_staff=True))
    listing = client.get("/admin/failed_tasks/")
    assert listing.status_code == 200 and "tests.always_fails" in listing.content.decode()
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    assert client.get("/admin/failed_tasks/").status_code in (302, 403)
