"""Settings for the test suite: fast hashing, in-memory email, eager Celery unless a broker is given."""
import dj_database_url

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, Path, env

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that start a real worker pass a broker through the environment; everything else runs eagerly.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASES = {
    "default": dj_database_url.config(
        env="TEST_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'test-db.sqlite3'}"
    )
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media-test")))
DEMO_ACCOUNTS_ALLOWED = True
OPEN_BADGES_DERIVE_KEY_FROM_SECRET = True  # tests sign with a key derived from the test SECRET_KEY (certificates)
