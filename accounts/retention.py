"""Data retention, run nightly: accounts never verified go after 30 days; inactive learners are anonymised.

Anonymising keeps completions, certificates and bookings tied to the anonymised account, so partnership
figures do not change; the person's name, email and free text go (accounts.services.account_delete).
Staff roles are left to administrators: removing them automatically could lock a team out.
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from . import services
from .mfa import mfa_required
from .models import User


def _unverified(cutoff):
    return (User.objects.filter(date_joined__lt=cutoff, is_anonymised=False, is_staff=False, is_superuser=False)
            .exclude(emailaddress__verified=True))


def unverified_accounts_remove(*, now=None) -> int:
    """Delete accounts whose email was never confirmed within DATA_RETENTION_UNVERIFIED_DAYS. Safe to run again."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DATA_RETENTION_UNVERIFIED_DAYS)
    removed = 0
    for user in _unverified(cutoff).iterator():
        with transaction.atomic():
            try:
                user.delete()
            except ProtectedError:  # something refers to it after all: keep the record, drop the person
                services.account_delete(user=user)
        removed += 1
    return removed


def inactive_learners_anonymise(*, now=None) -> int:
    """Anonymise people not seen for DATA_RETENTION_INACTIVE_YEARS. Safe to run again."""
    years = settings.DATA_RETENTION_INACTIVE_YEARS
    if not years:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=365 * years)
    stale = User.objects.filter(is_anonymised=False, is_staff=False, is_superuser=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    anonymised = 0
    for user in stale.prefetch_related("groups").iterator(chunk_size=200):
        if mfa_required(user):
            continue
        with transaction.atomic():
            services.account_delete(user=user)
        anonymised += 1
    return anonymised
