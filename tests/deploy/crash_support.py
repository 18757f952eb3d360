"""Run as a script: 50 learners complete in one transaction, so 50 certificate tasks are queued on commit."""
import json
import os
import sys


def announce(count: int) -> list[int]:
    from django.db import transaction

    from certificates import demo
    from certificates.signals import achievement_completed
    from tests.factories import OrganisationFactory, UserFactory

    with transaction.atomic():
        demo.seed()
        organisation = OrganisationFactory(name="Crash Test Organisation")
        learners = [UserFactory(full_name=f"Crash Learner {n:02d}", email=f"crash{n:02d}@example.org",
                                organisation=organisation) for n in range(count)]
        for learner in learners:
            achievement_completed.send(sender=type(learner), source=learner)
    return [learner.pk for learner in learners]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.deploy.crash_worker_settings")
    import django

    django.setup()
    json.dump(announce(int(sys.argv[1])), sys.stdout)
