"""What the LRS outbox holds about a learner (statements for partners' LRS), for export and erasure."""
from .models import OutboxStatement


def export(user) -> list[dict]:
    rows = OutboxStatement.objects.filter(learner=user).select_related("destination").order_by("pk")
    return [
        {
            "sent_to": row.destination.name,
            "what": row.source,
            "verb": row.payload.get("verb", {}).get("id", ""),
            "activity": row.payload.get("object", {}).get("id", ""),
            "status": row.get_status_display(),
            "queued_at": row.created_at.isoformat(),
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in rows
    ]


def erase(user) -> None:
    # Statements not yet sent never leave; the record of those sent goes too (it holds the email or account id).
    # What a partner's LRS already holds is theirs to erase: README, "For a partner's IT team".
    OutboxStatement.objects.filter(learner=user).delete()
