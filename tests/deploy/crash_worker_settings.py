"""Settings for the worker-crash test: the certificate worker's, with emails written to files we can count."""
from tests.certificates.worker_settings import *  # noqa: F401,F403
from lms.settings.base import env

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# Messages a killed worker had taken come back quickly in the test (production: an hour).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "5"))}
