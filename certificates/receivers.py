"""Listens for achievements announced by other apps and queues their certificates once the data is saved."""
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction


def on_achievement_completed(sender, source, **kwargs) -> None:
    from .tasks import issue_certificate

    content_type = ContentType.objects.get_for_model(source)
    # After commit, so the worker finds the completed record; a rolled-back completion issues nothing.
    transaction.on_commit(partial(issue_certificate.delay, content_type.pk, source.pk))
