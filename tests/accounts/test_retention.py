"""Data retention: unverified accounts go after 30 days; learners inactive for years are anonymised, figures kept."""
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.retention import inactive_learners_anonymise, unverified_accounts_remove
from accounts.tasks import apply_retention

NOW = timezone.now()


def joined(make_user, days_ago: int, *, verified: bool, role=roles.LEARNER, last_login_days_ago=None):
    user = make_user(role)
    User.objects.filter(pk=user.pk).update(
        date_joined=NOW - timedelta(days=days_ago),
        last_login=None if last_login_days_ago is None else NOW - timedelta(days=last_login_days_ago))
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def test_accounts_never_verified_are_removed_after_30_days(make_user):
    old_unverified = joined(make_user, 31, verified=False)
    new_unverified = joined(make_user, 29, verified=False)
    old_verified = joined(make_user, 31, verified=True, last_login_days_ago=1)
    assert unverified_accounts_remove(now=NOW) == 1
    assert not User.objects.filter(pk=old_unverified.pk).exists()
    assert User.objects.filter(pk__in=[new_unverified.pk, old_verified.pk]).count() == 2
    assert unverified_accounts_remove(now=NOW) == 0


def test_inactive_learners_are_anonymised_and_their_records_kept(make_user, settings):
    settings.DATA_RETENTION_INACTIVE_YEARS = 2
    stale = joined(make_user, 1000, verified=True, last_login_days_ago=800)
    active = joined(make_user, 1000, verified=True, last_login_days_ago=10)
    staff = joined(make_user, 1000, verified=True, last_login_days_ago=800, role=roles.PARTNERSHIP_STAFF)
    assert inactive_learners_anonymise(now=NOW) == 1
    stale.refresh_from_db()
    assert stale.is_anonymised and stale.email.endswith("@deleted.invalid") and stale.full_name == "Deleted account"
    assert not stale.has_usable_password()
    assert User.objects.filter(pk=stale.pk).exists()  # kept, so completions and certificates still count
    for person in (active, staff):
        person.refresh_from_db()
        assert not person.is_anonymised
    assert inactive_learners_anonymise(now=NOW) == 0


def test_zero_years_turns_anonymising_off(make_user, settings):
    settings.DATA_RETENTION_INACTIVE_YEARS = 0
    joined(make_user, 5000, verified=True, last_login_days_ago=4000)
    assert inactive_learners_anonymise(now=NOW) == 0


def test_the_nightly_task_is_scheduled_and_runs(make_user, settings):
    assert settings.CELERY_BEAT_SCHEDULE["data-retention"]["task"] == "accounts.apply_retention"
    joined(make_user, 40, verified=False)
    assert apply_retention.delay().get() == {"removed_unverified": 1, "anonymised_inactive": 0}


@pytest.mark.django_db
def test_the_privacy_notice_says_so(client, site_pages):
    text = client.get("/privacy/").content.decode()
    assert "30 days" in text and "3 years" in text
