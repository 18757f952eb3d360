"""Site shell: settings, URLs, Celery, home and standard pages, partnership reporting."""
from .celery import app as celery_app

__all__ = ("celery_app",)
