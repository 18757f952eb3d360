"""The audit log of staff actions: `audit_record` appends who did what, to which record, when and from where.

Action names are dotted (`members.approve`, `roles.change`, `certificate.revoke`, `certificate.reissue`,
`booking.confirm`, `booking.cancel`, `report.export`, `page.signoff`). Entries are never changed or
removed: the model refuses updates and deletes, and the admin offers only a filtered list.
"""
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .network import client_ip


def audit_record(*, actor, action: str, target=None, detail: str = "", request=None) -> AuditEntry:
    """Append one entry. `target` is any model instance (or None); `request` gives the address and browser."""
    entry = AuditEntry(action=action[:64], detail=detail)
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
        entry.actor_label = (getattr(actor, "email", "") or str(actor))[:254]
    if isinstance(target, models.Model):
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)[:64]
        entry.target_label = str(target)[:255]
    elif target is not None:
        entry.target_label = str(target)[:255]
    if request is not None:
        entry.ip_address = client_ip(request) or None
        entry.user_agent = request.META.get("HTTP_USER_AGENT", "")[:255]
    entry.save()
    return entry


# --- Wagtail sign-offs: every approval or rejection of a workflow task is a staff action ----------

def _task_state_target(task_state):
    workflow_state = getattr(task_state, "workflow_state", None)
    return getattr(workflow_state, "content_object", None) if workflow_state is not None else None


def record_task_approved(sender, instance, user=None, **kwargs):
    comment = getattr(instance, "comment", "") or ""
    audit_record(actor=user, action="page.signoff", target=_task_state_target(instance),
                 detail=f"Approved '{instance.task.name}'" + (f": {comment}" if comment else ""))


def record_task_rejected(sender, instance, user=None, **kwargs):
    comment = getattr(instance, "comment", "") or ""
    audit_record(actor=user, action="page.signoff_rejected", target=_task_state_target(instance),
                 detail=f"Rejected '{instance.task.name}'" + (f": {comment}" if comment else ""))


def connect_signals() -> None:
    from wagtail.signals import task_approved, task_rejected

    task_approved.connect(record_task_approved, dispatch_uid="accounts.audit.task_approved")
    task_rejected.connect(record_task_rejected, dispatch_uid="accounts.audit.task_rejected")
