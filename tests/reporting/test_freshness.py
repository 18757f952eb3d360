"""A learner's change only marks their group; the minute's refresh recounts it; the dashboard says how fresh."""
import json
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from lms.reporting import stale
from lms.reporting.models import LearnerSummary, StaleGroup
from lms.reporting.summaries import group_of, summaries_rebuild
from lms.reporting.tasks import refresh_marked_summaries
from tests.courses.conftest import build_course, open_lessons, site, start_module  # noqa: F401 (fixtures)
from tests.courses.h5p.conftest import (  # noqa: F401 (fixtures)
    _origins, activity_id, h5p_course, h5p_lesson, make_statement, xapi_url,
)
from tests.reporting.conftest import refresh_summaries
from tests.reporting.test_summaries import assert_summaries_match

pytestmark = pytest.mark.django_db


def _summary_rows():
    fields = [f.attname for f in LearnerSummary._meta.concrete_fields if f.name != "id"]
    return sorted(LearnerSummary.objects.values_list(*fields), key=repr)


def _tables_touched(queries) -> set[str]:
    return {name for name in ("reporting_learnersummary", "reporting_certificatesummary", "reporting_stalegroup",
                              "reporting_summarystate") if any(name in q["sql"] for q in queries)}


def test_a_scored_statement_recounts_nothing_in_the_learners_request(
        client, learner, h5p_course, h5p_lesson, xapi_url, django_capture_on_commit_callbacks):
    summaries_rebuild()
    start_module(learner, h5p_course, evaluate=False)
    open_lessons(learner, h5p_course, [h5p_lesson])
    client.force_login(learner)

    def scored_statement():
        with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
            response = client.post(xapi_url, json.dumps(make_statement(raw=0)), content_type="application/json")
        assert response.status_code == 201 and response.json()["scored"]
        return captured.captured_queries

    first = scored_statement()
    assert _tables_touched(first) == {"reporting_stalegroup"}  # one mark, no recount
    assert StaleGroup.objects.get().key == stale.group_key(group_of(learner))
    again = scored_statement()
    assert _tables_touched(again) == set()  # already marked this window: nothing at all
    assert len(again) < len(first)


def test_a_change_waits_for_the_refresh_which_recounts_its_group_once(partnership, django_capture_on_commit_callbacks):
    from courses.models import LessonProgress

    summaries_rebuild()
    before = _summary_rows()
    progress = LessonProgress.objects.get(enrolment=partnership.e3, attempts=3)
    for attempts in (4, 5, 6):  # three more tries at the assessment: one mark
        with django_capture_on_commit_callbacks(execute=True):
            progress.attempts = attempts
            progress.save()
    assert StaleGroup.objects.count() == 1
    assert _summary_rows() == before  # the learner's requests recounted nothing

    assert refresh_marked_summaries() == 0  # marked in this window: the refresh a moment later leaves it
    assert StaleGroup.objects.count() == 1
    assert refresh_summaries() == 1  # the next minute's refresh recounts Police North's approved members
    assert not StaleGroup.objects.exists()
    assert _summary_rows() != before
    assert_summaries_match(partnership)
    assert refresh_summaries() == 0  # and running it again changes nothing


def test_a_mark_raises_the_window_and_never_lowers_it(db):
    group = (None, True, None)
    with time_machine.travel(datetime(2025, 7, 1, 12, 0, 30, tzinfo=dt_timezone.utc), tick=False):
        stale.stale_group_mark(group=group)
        later = StaleGroup.objects.get().mark_window
    stale.forget_local_marks()
    with time_machine.travel(datetime(2025, 7, 1, 12, 0, 0, tzinfo=dt_timezone.utc), tick=False):
        stale.stale_group_mark(group=group)  # a process whose clock is behind
    assert StaleGroup.objects.get().mark_window == later


def test_the_dashboard_says_how_fresh_its_figures_are_in_uk_time(client, partnership, make_user):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))
    summer = datetime(2025, 7, 1, 13, 32, 55, tzinfo=dt_timezone.utc)  # 14:32 in London (BST)
    with time_machine.travel(summer, tick=False):
        assert "Figures as of 14:32 (UK time)" in client.get("/dashboard/").content.decode()
        stale.stale_group_mark(group=group_of(partnership.p1))  # a learner's change, just now
    with time_machine.travel(summer + timedelta(seconds=7), tick=False):
        from lms.reporting import caching

        caching.invalidate()
        # 14:33 now, and the change is not in yet: the page gives the time its figures are good to.
        assert "Figures as of 14:32 (UK time)" in client.get("/dashboard/").content.decode()
    with time_machine.travel(summer + timedelta(minutes=2), tick=False):
        page = client.get("/dashboard/").content.decode()  # eager Celery: the reader's request refreshes
        assert not StaleGroup.objects.exists()
        assert "Figures as of 14:34 (UK time)" in page
    with time_machine.travel(datetime(2025, 12, 1, 9, 5, tzinfo=dt_timezone.utc), tick=False):
        caching.invalidate()
        assert "Figures as of 09:05 (UK time)" in client.get("/dashboard/").content.decode()  # GMT in winter


def test_celery_beat_runs_the_refresh_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["report-summaries-refresh"]
    assert entry["task"] == refresh_marked_summaries.name
    assert entry["schedule"].minute == set(range(60))


def test_a_person_moving_organisation_marks_both_groups(partnership, django_capture_on_commit_callbacks):
    summaries_rebuild()
    police = group_of(partnership.p2)
    with django_capture_on_commit_callbacks(execute=True):
        partnership.p2.organisation = partnership.council
        partnership.p2.area = partnership.south
        partnership.p2.save()
    assert set(StaleGroup.objects.values_list("key", flat=True)) == {
        stale.group_key(police), stale.group_key(group_of(partnership.p2))}
    assert refresh_summaries() == 2
    assert_summaries_match(partnership)
