"""The Celery application: tasks from every app, JSON only, bounded in time, with a beat schedule."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="lms.ping")
def ping(value: str = "pong") -> str:
    """Answers with what it was given: lets operators and tests check a worker end to end."""
    return value
