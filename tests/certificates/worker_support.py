"""Run inside the real worker (through worker_settings) and in a helper process of test_worker.py.

In the worker it installs the source double. Run as a script (`python -m tests.certificates.worker_support`)
it makes a learner and the default template in the shared database, then announces the learner's
completion the way the courses app does, so the task is queued on commit through the real broker.
"""
import json
import os
import sys


def announce_completion() -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from certificates import demo
    from certificates.signals import achievement_completed
    from tests.factories import UserFactory

    with transaction.atomic():
        demo.seed()
        learner = UserFactory(full_name="Worker Test Learner")
        achievement_completed.send(sender=type(learner), source=learner)
    return {"user_id": learner.pk, "content_type_id": ContentType.objects.get_for_model(learner).pk}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.certificates.worker_settings")
    import django

    django.setup()
    json.dump(announce_completion(), sys.stdout)
else:
    # Imported by the worker (CELERY_IMPORTS), after Django is set up.
    from tests.certificates import doubles

    doubles.install()
