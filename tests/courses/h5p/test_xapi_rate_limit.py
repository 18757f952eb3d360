"""xAPI statements are rate-limited per learner and client address, read through the trusted proxies."""
import json

import pytest

from courses.h5p.models import XAPIStatement

from tests.courses.conftest import open_lessons, start_module
from tests.courses.rate_limits import (assert_counted_per_client_address,
                                       assert_forged_address_gets_no_fresh_allowance)

from .conftest import make_statement

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def signed_in(client, learner, h5p_course, h5p_lesson, settings):
    settings.XAPI_RATE_LIMIT = 3
    start_module(learner, h5p_course, evaluate=False)
    open_lessons(learner, h5p_course, [h5p_lesson])
    client.force_login(learner)
    return client


def send(client, url, forwarded=""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(url, data=json.dumps(make_statement(verb="interacted", raw=None)),
                       content_type="application/json", REMOTE_ADDR=PROXY, **extra)


def test_beyond_the_limit_a_plain_429_says_when_to_carry_on(signed_in, learner, xapi_url):
    for _ in range(3):
        assert send(signed_in, xapi_url).status_code == 201
    response = send(signed_in, xapi_url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json() == {"error": "Your progress is arriving faster than we can save it. Wait a minute, "
                                        "then carry on: everything saved so far is kept."}
    assert XAPIStatement.objects.filter(user=learner).count() == 3


def test_behind_the_proxy_each_address_has_its_own_allowance(signed_in, xapi_url, settings):
    assert_counted_per_client_address(lambda address: send(signed_in, xapi_url, address).status_code, settings,
                                      limit=3)


def test_a_colleague_behind_the_same_address_is_not_held_back(signed_in, xapi_url, make_user, h5p_course,
                                                               h5p_lesson, settings):
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(4):
        send(signed_in, xapi_url, "198.51.100.7")
    colleague = make_user()
    start_module(colleague, h5p_course, evaluate=False)
    open_lessons(colleague, h5p_course, [h5p_lesson])
    other = Client()
    other.force_login(colleague)
    assert send(other, xapi_url, "198.51.100.7").status_code == 201


def test_without_a_trusted_proxy_a_forged_forwarded_for_gets_no_fresh_allowance(signed_in, xapi_url, settings):
    assert_forged_address_gets_no_fresh_allowance(lambda address: send(signed_in, xapi_url, address).status_code,
                                                  settings, limit=3)
