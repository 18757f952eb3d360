"""Background work for accounts: the nightly data-retention run."""
from celery import shared_task
from django.db import OperationalError

from . import retention


@shared_task(name="accounts.apply_retention", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def apply_retention() -> dict:
    return {"removed_unverified": retention.unverified_accounts_remove(),
            "anonymised_inactive": retention.inactive_learners_anonymise()}
