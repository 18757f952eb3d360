"""A learner's xAPI statements are in their data download and go when they delete their account."""
import json

import pytest

from accounts.services import account_delete, account_export
from courses.h5p.models import XAPIStatement
from courses.models import LessonProgress

from .conftest import make_statement
from .test_xapi import take

pytestmark = pytest.mark.django_db


def test_statements_are_exported_and_erased(client, learner, xapi_url, h5p_course, h5p_lesson):
    take(learner, h5p_course, h5p_lesson)  # only an enrolled learner who opened the lesson is scored
    client.force_login(learner)
    client.post(xapi_url, data=json.dumps(make_statement(raw=1)), content_type="application/json")

    exported = account_export(user=learner)["activity_statements"]
    assert exported == [{
        "lesson": h5p_lesson.title, "verb": "answered", "score": 1.0, "max_score": 1.0,
        "received_at": exported[0]["received_at"],
    }]

    account_delete(user=learner)
    assert not XAPIStatement.objects.exists()
    # The outcome stays with the anonymised account, so partnership figures do not change.
    assert LessonProgress.objects.filter(lesson=h5p_lesson).exists()
