"""Local development: DEBUG on, emails on the console, verification optional, demo accounts allowed."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "optional")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", ".localhost"]  # .localhost: per-package H5P origins
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Demo logins exist only where these settings are in force.
DEMO_ACCOUNTS_ALLOWED = True
OPEN_BADGES_DERIVE_KEY_FROM_SECRET = True  # no signing key needed to try Open Badges locally (certificates)
# Staff demo logins ask for a second factor; locally this code is accepted for it (allauth refuses it unless DEBUG).
MFA_TOTP_INSECURE_BYPASS_CODE = "246810"
