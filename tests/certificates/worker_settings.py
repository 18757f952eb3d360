"""Settings for the real Celery worker in test_worker.py: the test settings, plus the source double."""
from lms.settings.test import *  # noqa: F401,F403

CELERY_IMPORTS = ["tests.certificates.worker_support"]
