"""Sessions and the signed-in user are read in plain SQL (lms.sessions, accounts.models.UserManager.get):
signing out, expiry, deactivation and password changes still end a session at once."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lms.sessions import SessionStore


@pytest.fixture
def site(site_pages):
    return site_pages


def signed_in(client) -> bool:
    return "Sign out" in client.get("/").content.decode()


def copy_of(client) -> Client:
    """Another browser holding the same session cookie, as someone who copied it would."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return other


def test_settings_use_the_database_session_engine_read_in_plain_sql():
    assert settings.SESSION_ENGINE == "lms.sessions"


def test_signing_out_ends_the_session_for_a_copied_cookie_too(client, site, learner):
    client.force_login(learner)
    copied = copy_of(client)
    assert signed_in(copied)
    client.post("/account/logout/")
    assert not signed_in(client)
    assert not signed_in(copied)


def test_an_expired_session_is_not_accepted(client, site, learner):
    client.force_login(learner)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    SessionStore().model.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not signed_in(client)
    assert SessionStore(key).load() == {}


def test_an_unknown_session_key_reads_as_empty_and_gets_a_new_key_when_saved(db):
    store = SessionStore("no-such-session-key-000")
    assert store.load() == {}
    store["x"] = 1
    store.save()
    assert store.session_key != "no-such-session-key-000"
    assert SessionStore(store.session_key).load() == {"x": 1}


def test_a_deactivated_account_is_signed_out(client, site, learner):
    client.force_login(learner)
    get_user_model().objects.filter(pk=learner.pk).update(is_active=False)
    assert not signed_in(client)


def test_a_password_change_signs_out_other_sessions(client, site, learner):
    client.force_login(learner)
    learner.set_password("a-new-long-password-123")
    learner.save()
    assert not signed_in(client)


def test_the_user_read_by_primary_key_matches_the_orm(db, learner):
    users = get_user_model().objects
    fast = users.get(pk=str(learner.pk))
    slow = users.filter(pk=learner.pk).get()
    fields = [field.attname for field in get_user_model()._meta.concrete_fields]
    assert [getattr(fast, name) for name in fields] == [getattr(slow, name) for name in fields]
    assert timezone.is_aware(fast.date_joined)
    with pytest.raises(get_user_model().DoesNotExist):
        users.get(pk=learner.pk + 1000)
