"""Background work for accounts: the nightly data-retention run, and telling people staff's decisions."""
from celery import shared_task
from django.db import OperationalError

from . import retention


@shared_task(name="accounts.apply_retention", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def apply_retention() -> dict:
    return {"removed_unverified": retention.unverified_accounts_remove(),
            "anonymised_inactive": retention.inactive_learners_anonymise()}


@shared_task(name="accounts.member_decision_email", autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=5)
def member_decision_email(member_id: int, approved: bool, organisation_name: str, decided_at: str) -> bool:
    from . import services
    from .models import User

    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return False
    return services.member_decision_email_send(member=member, approved=approved, organisation_name=organisation_name,
                                               decided_at=decided_at)
