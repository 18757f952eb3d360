"""Writes about LRS forwarding: setting a destination up, queueing statements, sending them, retrying failures.

Every function is safe to run twice. Queueing happens inside the learner's own transaction (a rolled-back
completion queues nothing) and never talks to the LRS; sending happens in a task after the commit. A statement
is marked sent only once the LRS has said it has it, under a row lock no other worker can take, so concurrent
workers never send the same statement and a crash at worst resends one the LRS already keeps (same id).
"""
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import selectors, transport
from .credentials import SecretUnreadable, secret_open, secret_seal
from .models import LrsDestination, OutboxStatement, OutboxStatus
from .statements import Draft, actor

logger = logging.getLogger(__name__)


class LrsSetupError(Exception):
    """A destination that cannot be saved as asked; the message is written for the staff member."""


# --- set-up ------------------------------------------------------------------------------------------

@transaction.atomic
def destination_save(*, destination: LrsDestination, secret: str = "") -> LrsDestination:
    """Save a destination; a new secret replaces the old one, an empty one keeps it. A new one needs a secret."""
    if secret:
        destination.secret_sealed = secret_seal(secret)
    if not destination.secret_sealed:
        raise LrsSetupError("Enter the secret the partner gave you with the key.")
    destination.save()
    return destination


@transaction.atomic
def outbox_retry_failed(*, destination: LrsDestination) -> int:
    """Put this destination's failed statements back in the queue, due now; then send them after the commit."""
    count = OutboxStatement.objects.filter(destination=destination, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.QUEUED, next_attempt_at=timezone.now())
    if count:
        _send_after_commit(destination.pk)
    return count


# --- queueing ----------------------------------------------------------------------------------------

def outbox_enqueue(*, learner, drafts) -> int:
    """Queue statements about `learner` for every destination entitled to them, in this transaction.

    `drafts` is a list of Drafts, or a callable making them, called only when some destination wants this
    learner (so a site with no LRS does no work). Returns how many rows were added.
    """
    destinations = selectors.destinations_for_learner(learner)
    if not destinations:
        return 0
    drafts: list[Draft] = drafts() if callable(drafts) else drafts
    if not drafts:
        return 0
    now = timezone.now()
    rows = [
        OutboxStatement(destination=destination, statement_id=draft.statement_id, learner=learner,
                        source=draft.source, payload=draft.for_actor(actor(learner, destination)),
                        created_at=now, next_attempt_at=now)
        for destination in destinations for draft in drafts
    ]
    # The same event queued again (a record saved twice) has the same statement id: kept once.
    with transaction.atomic():
        OutboxStatement.objects.bulk_create(rows, ignore_conflicts=True)
    for destination in destinations:
        if destination.is_active:
            _send_after_commit(destination.pk)
    return len(rows)


def _send_after_commit(destination_id: int) -> None:
    transaction.on_commit(partial(_start_sending, destination_id), robust=True)


def _start_sending(destination_id: int) -> None:
    from .tasks import send_outbox  # tasks call services; services start tasks only here, after commit

    try:
        send_outbox.delay(destination_id)
    except Exception:  # noqa: BLE001 - no broker now: the periodic sweep sends it later; the learner carries on
        logger.warning("Could not start sending to LRS destination %s; the periodic sweep will", destination_id,
                       exc_info=True)


# --- sending -----------------------------------------------------------------------------------------

@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    reasons: list[str] = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped, so a long outage is tried about hourly."""
    seconds = settings.LRS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.LRS_RETRY_MAX_SECONDS))


def outbox_send(*, destination_id: int, max_batches: int = 50) -> SendReport:
    """Send what is due for one destination, batch after batch, until nothing is due or the LRS is unavailable."""
    report = SendReport()
    for _ in range(max_batches):
        progress = _send_batch(destination_id=destination_id, report=report)
        if not progress:
            break
    return report


@transaction.atomic
def _send_batch(*, destination_id: int, report: SendReport) -> bool:
    """One batch, under row locks held until its outcome is saved. True if another batch may be worth trying."""
    destination = LrsDestination.objects.filter(pk=destination_id, is_active=True).first()
    if destination is None:
        return False
    now = timezone.now()
    due = selectors.due_statements(destination_id=destination_id, now=now)
    rows = list(due.select_for_update(skip_locked=True, of=("self",))[: settings.LRS_BATCH_SIZE])
    rows = _in_learner_order(destination_id, rows)
    if not rows:
        return False
    try:
        secret = secret_open(destination.secret_sealed)
    except SecretUnreadable as problem:
        _refuse(rows, str(problem), report)
        return False
    answer = _post(destination, secret, rows)
    if answer.taken and not (answer.status == 409 and len(rows) > 1):
        _mark_sent(rows, report)
        return True
    if answer.try_later:
        _defer(rows, answer.reason, report)
        return False
    if answer.status == 409 or (len(rows) > 1 and answer.status in (400, 413)):
        # A batch refused for what one statement holds (a 409 means the LRS already has one of these ids, and an
        # LRS may then reject the whole batch): send them one by one, so each gets its own answer.
        return _send_one_by_one(destination, secret, rows, report)
    _refuse(rows, answer.reason, report)
    return answer.status not in (401, 403, 404)


def _in_learner_order(destination_id: int, rows: list[OutboxStatement]) -> list[OutboxStatement]:
    """Drop rows whose learner has an earlier queued statement outside this batch (another worker holds it)."""
    if not rows:
        return rows
    taken = {row.pk for row in rows}
    earlier = (OutboxStatement.objects.filter(destination_id=destination_id, status=OutboxStatus.QUEUED,
                                              learner_id__in={row.learner_id for row in rows},
                                              pk__lt=max(taken))
               .exclude(pk__in=taken).values_list("learner_id", "pk"))
    first_held: dict[int, int] = {}
    for learner_id, pk in earlier:
        first_held[learner_id] = min(pk, first_held.get(learner_id, pk))
    return [row for row in rows if row.pk < first_held.get(row.learner_id, row.pk + 1)]


def _post(destination: LrsDestination, secret: str, rows: list[OutboxStatement]) -> transport.Answer:
    return transport.post_statements(url=destination.statements_url, key=destination.key, secret=secret,
                                     statements=[row.payload for row in rows])


def _send_one_by_one(destination, secret, rows, report) -> bool:
    stopped_learners: set[int] = set()
    for index, row in enumerate(rows):
        if row.learner_id in stopped_learners:
            continue  # an earlier statement of theirs failed: this one waits behind it
        answer = _post(destination, secret, [row])
        if answer.taken:
            _mark_sent([row], report)
        elif answer.try_later:
            _defer(rows[index:], answer.reason, report)
            return False
        else:
            _refuse([row], answer.reason, report)
            stopped_learners.add(row.learner_id)
    return True


def _mark_sent(rows, report: SendReport) -> None:
    OutboxStatement.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), last_error="")
    report.sent += len(rows)


def _refuse(rows, reason: str, report: SendReport) -> None:
    OutboxStatement.objects.filter(pk__in=[row.pk for row in rows]).update(status=OutboxStatus.FAILED,
                                                                          last_error=reason)
    report.failed += len(rows)
    report.reasons.append(reason)


def _defer(rows, reason: str, report: SendReport) -> None:
    now = timezone.now()
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + retry_delay(row.attempts)
        row.last_error = reason
    OutboxStatement.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error"])
    report.deferred += len(rows)
    report.reasons.append(reason)
