"""SCORM commits are rate-limited per learner and client address, read through the trusted proxies."""
import json

import pytest

from courses.scorm.models import ScormAttempt
from tests.courses.rate_limits import (assert_counted_per_client_address,
                                       assert_forged_address_gets_no_fresh_allowance)
from tests.scorm.conftest import commit_url, open_lesson

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
SCO12 = "ITEM-sco1"


@pytest.fixture
def signed_in(client, learner, lesson12, settings):
    settings.SCORM_COMMIT_RATE_LIMIT = 2
    open_lesson(learner, lesson12)
    client.force_login(learner)
    return client


def commit(client, lesson, forwarded="", location="page-1"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    body = {"sco": SCO12, "attempt": 1, "values": {"cmi.core.lesson_location": location}}
    return client.post(commit_url(lesson), data=json.dumps(body), content_type="application/json",
                       REMOTE_ADDR=PROXY, **extra)


def test_beyond_the_limit_the_commit_is_refused_with_a_wait_and_nothing_saved(signed_in, learner, lesson12):
    assert commit(signed_in, lesson12, location="page-1").status_code == 200
    assert commit(signed_in, lesson12, location="page-2").status_code == 200
    response = commit(signed_in, lesson12, location="page-3")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["result"] == "false"
    assert "Wait a minute" in response.json()["error"]
    assert ScormAttempt.objects.get(user=learner).location == "page-2"


def test_behind_the_proxy_addresses_count_apart_and_forged_ones_do_not(signed_in, lesson12, settings):
    assert_counted_per_client_address(lambda address: commit(signed_in, lesson12, address).status_code, settings,
                                      limit=2)


def test_without_a_trusted_proxy_a_forged_forwarded_for_gets_no_fresh_allowance(signed_in, lesson12, settings):
    assert_forged_address_gets_no_fresh_allowance(lambda address: commit(signed_in, lesson12, address).status_code,
                                                  settings, limit=2)
