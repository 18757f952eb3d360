"""Background sending: one task per destination, and a periodic sweep for whatever is due. Both safe to run twice."""
from celery import shared_task
from django.utils import timezone

from . import selectors, services


@shared_task(name="lrs.send_outbox")
def send_outbox(destination_id: int) -> dict:
    """Send a destination's due statements; retries are the outbox's own (next attempt time), not Celery's."""
    report = services.outbox_send(destination_id=destination_id)
    return {"sent": report.sent, "failed": report.failed, "deferred": report.deferred}


@shared_task(name="lrs.send_due_statements")
def send_due_statements() -> int:
    """Beat: start sending for every active destination with statements due (new, or whose retry time came)."""
    destination_ids = selectors.destinations_with_due_statements(now=timezone.now())
    for destination_id in destination_ids:
        send_outbox.delay(destination_id)
    return len(destination_ids)
