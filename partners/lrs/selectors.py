"""Reads about LRS destinations and their outboxes, for the sender and the staff status page."""
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import MembershipStatus

from .models import LrsDestination, OutboxStatement, OutboxStatus


# Every H5P statement, SCORM outcome, completion and certificate asks which destinations want its learner: the
# short answer "which destinations exist, for which organisation" is kept in the cache (Redis in production) and
# forgotten whenever a destination is saved or deleted, so the learner's request pays no query for it. The timeout
# bounds how long a process with a per-process cache (the embedded default) can miss a change.
DESTINATIONS_CACHE_KEY = "lrs:destinations"
DESTINATIONS_CACHE_SECONDS = 60


def _destination_audiences() -> list[tuple[int, int | None]]:
    found = cache.get(DESTINATIONS_CACHE_KEY)
    if found is None:
        found = [tuple(row) for row in LrsDestination.objects.values_list("pk", "organisation_id")]
        cache.set(DESTINATIONS_CACHE_KEY, found, DESTINATIONS_CACHE_SECONDS)
    return found


def forget_destinations(*args, **kwargs) -> None:
    """Signal receiver: a destination was saved or deleted. Now, and again after the commit (as accounts.mfa)."""
    cache.delete(DESTINATIONS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(DESTINATIONS_CACHE_KEY))


def destinations_for_learner(learner) -> list[LrsDestination]:
    """Destinations entitled to this learner: partnership-wide ones, and their own organisation's.

    Only an approved member counts as the organisation's own person: someone waiting for approval (or who
    claims an email domain) is not sent to that partner. A paused destination still queues (it sends nothing
    until it is switched on again), so pausing loses nothing.
    """
    if getattr(learner, "is_anonymised", False):
        return []
    own = learner.organisation_id if learner.membership_status == MembershipStatus.APPROVED else None
    wanted = [pk for pk, organisation_id in _destination_audiences()
              if organisation_id is None or (own is not None and organisation_id == own)]
    if not wanted:
        return []
    # Checked again against the rows: the cached answer may be a minute old in another process.
    entitled = Q(organisation__isnull=True) | (Q(organisation_id=own) if own is not None else Q(pk__in=[]))
    return list(LrsDestination.objects.filter(entitled, pk__in=wanted))


def due_statements(*, destination_id: int, now) -> QuerySet:
    """Queued statements ready to go, oldest first, leaving out any whose learner has an earlier one that is
    failed or waiting for its retry (so a later statement never overtakes an earlier one).

    Lock the result with select_for_update(skip_locked=True) when sending, so two workers never take the same rows.
    """
    earlier_held = OutboxStatement.objects.filter(
        destination_id=destination_id, learner_id=OuterRef("learner_id"), pk__lt=OuterRef("pk"),
    ).filter(Q(status=OutboxStatus.FAILED) | Q(status=OutboxStatus.QUEUED, next_attempt_at__gt=now))
    return (
        OutboxStatement.objects.filter(destination_id=destination_id, status=OutboxStatus.QUEUED,
                                       next_attempt_at__lte=now)
        .exclude(Exists(earlier_held))
        .order_by("pk")
    )


def destinations_with_due_statements(*, now) -> list[int]:
    due = OutboxStatement.objects.filter(destination_id=OuterRef("pk"), status=OutboxStatus.QUEUED,
                                         next_attempt_at__lte=now)
    return list(LrsDestination.objects.filter(is_active=True).filter(Exists(due)).values_list("pk", flat=True))


@dataclass
class DestinationStatus:
    destination: LrsDestination
    queued: int
    sent: int
    failed: int
    oldest_queued_at: object


def destinations_with_status() -> list[DestinationStatus]:
    """Every destination with its counts of queued, sent and failed statements: one query whatever their number."""
    rows = LrsDestination.objects.select_related("organisation").annotate(
        queued=Count("outbox", filter=Q(outbox__status=OutboxStatus.QUEUED)),
        sent=Count("outbox", filter=Q(outbox__status=OutboxStatus.SENT)),
        failed=Count("outbox", filter=Q(outbox__status=OutboxStatus.FAILED)),
        oldest_queued_at=Min("outbox__created_at", filter=Q(outbox__status=OutboxStatus.QUEUED)),
    )
    return [DestinationStatus(row, row.queued, row.sent, row.failed, row.oldest_queued_at) for row in rows]


def destination_status(destination: LrsDestination) -> DestinationStatus:
    outbox = OutboxStatement.objects.filter(destination=destination)
    counts = outbox.aggregate(
        queued=Count("pk", filter=Q(status=OutboxStatus.QUEUED)),
        sent=Count("pk", filter=Q(status=OutboxStatus.SENT)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        oldest_queued_at=Min("created_at", filter=Q(status=OutboxStatus.QUEUED)),
    )
    return DestinationStatus(destination, counts["queued"], counts["sent"], counts["failed"],
                             counts["oldest_queued_at"])


def recent_failures(destination: LrsDestination, *, limit: int = 20) -> QuerySet:
    return (OutboxStatement.objects.filter(destination=destination, status=OutboxStatus.FAILED)
            .select_related("learner").order_by("-pk")[:limit])


def waiting_for_retry(destination: LrsDestination, *, limit: int = 20) -> QuerySet:
    """Queued statements whose last try did not get through (the LRS was down or busy), soonest retry first."""
    return (OutboxStatement.objects.filter(destination=destination, status=OutboxStatus.QUEUED, attempts__gt=0,
                                           next_attempt_at__gt=timezone.now())
            .select_related("learner").order_by("next_attempt_at", "pk")[:limit])
