"""Benchmarks: production-like (DEBUG off, no demo logins printed) on a local SQLite file or DATABASE_URL."""
from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = env("SECRET_KEY", "bench-only-key-not-secret-" + "x" * 40)
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DEMO_ACCOUNTS_ALLOWED = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
