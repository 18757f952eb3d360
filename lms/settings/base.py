"""Settings shared by every environment. Safe for production: secrets and addresses come from the environment."""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from .storage import S3_VARIABLES, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
# ".localhost" admits the per-package H5P origins of development (p<id>.localhost, see H5P_ORIGIN).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = env("SERVICE_NAME", "Violence Reduction Partnership training")
SERVICE_NAME = WAGTAIL_SITE_NAME
SITE_ID = 1

# H5P content plays from a separate origin so its scripts cannot reach the site's cookies or DOM; with
# "{package}" in it, each package gets an origin of its own (https://{package}.h5p.example.org), so one
# package cannot script another's frame. "{package}" becomes the package's UUID in hex.
H5P_ORIGIN = env("H5P_ORIGIN", "http://p{package}.localhost:8001").rstrip("/")
# Each SCORM package plays on an origin of its own: {package} becomes the package's id (courses/scorm).
SCORM_ORIGIN = env("SCORM_ORIGIN", "http://s{package}.localhost:8001").rstrip("/")

INSTALLED_APPS = [
    "foundation",
    "accounts",
    "certificates",
    "courses",
    "courses.h5p",
    "courses.scorm",
    "schools",
    "lms",
    "lms.reporting",
    "partners.lti",
    "partners.lrs",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount", "allauth.socialaccount.providers.openid_connect",  # accounts.federation
    "lti_tool",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.security.SiteCSPMiddleware",
    "lms.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.mfa.MFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site_shell",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a learner's progress is written.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email is the login, full name is asked for at signup.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.ProfileSignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# How many proxies (TLS terminator, load balancer) stand in front of the web processes and append to
# X-Forwarded-For. Every rate limit keys on the client address read through exactly this many
# (accounts.network.client_ip); 0 means the site is reached directly and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_RATE_LIMITS = {
    # The key is the address and the client together (accounts.adapter), so wrong passwords typed elsewhere
    # never lock the owner out; the longer window slows guessing from any one client.
    "login_failed": "10/m/ip,5/15m/key",
    # Per account across every address, except on a device that has signed in to it before; a password reset
    # clears it (accounts.adapter): slows guessing from many addresses without letting anyone lock the owner out.
    "login_failed_account": "5/15m/key,20/d/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Signup and password reset answer the same whether or not an address has an account; the owner of an address
# that already has one is told by email instead.
ACCOUNT_PREVENT_ENUMERATION = True
# The signed cookie that marks a browser where someone has completed a sign-in (accounts.adapter).
KNOWN_DEVICE_COOKIE_NAME = "known_device"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# Two-factor sign-in (allauth.mfa): an authenticator app plus recovery codes. Required for staff roles
# before any staff page (accounts.mfa); learners may turn it on from their account.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
# Its pages are in templates/mfa/; its forms and refusals in the service's words.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {"authenticate": "accounts.allauth_forms.AuthenticateForm",
             "reauthenticate": "accounts.allauth_forms.MFAReauthenticateForm",
             "activate_totp": "accounts.allauth_forms.ActivateTOTPForm"}
# Staff areas not under /admin/ nor behind accounts.decorators.permission_required.
MFA_REQUIRED_PATH_PREFIXES = ["/admin/", "/django-admin/", "/reports/", "/manage/", "/schools/manage/",
                              "/certificates/manage/", "/account/members/"]

# Sign in with your organisation (accounts.federation): allauth's social accounts, one OpenID Connect app per
# organisation fed from accounts.federation.models.OrganisationSignIn by its adapter. A provider's claim never
# links an existing account by email (the owner proves it first), and every claim is read from the signed ID token.
SOCIALACCOUNT_ADAPTER = "accounts.federation.adapter.FederationAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media (certificate PDFs, exports, Wagtail images and documents) on this disk, or in an S3-compatible bucket
# when AWS_STORAGE_BUCKET_NAME is set (lms/settings/storage.py): private objects, signed URLs.
_media_storage, _media_url = media_storage(os.environ)
MEDIA_URL = _media_url or MEDIA_URL
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Read by the deploy checks (lms.deploy_checks), which refuse a bucket half configured.
S3_SETTINGS_GIVEN = [name for name in S3_VARIABLES if env(name)]
# Unpacked H5P and SCORM packages: served file by file from the content origins, so always on a local disk;
# with several web machines, a volume they share. Empty: MEDIA_ROOT.
CONTENT_PACKAGES_ROOT = env("CONTENT_PACKAGES_ROOT")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "training@vrp.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker configured, tasks run in-process (eager) so a bare machine works.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_ACKS_LATE = True
# A task whose worker died (killed, out of memory) goes back on the queue instead of being lost; every
# task is idempotent, so running it again is safe. Unacknowledged messages return to the queue after
# the visibility timeout (Redis), so it must exceed the longest task (CELERY_TASK_TIME_LIMIT).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", str(60 * 60)))}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "certificate-expiry-reminders": {
        "task": "certificates.send_expiry_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
# Data protection (accounts.retention): accounts never verified are removed after this many days; learners
# not seen for this many years are anonymised (their completions stay, without their name). 0 turns it off.
DATA_RETENTION_UNVERIFIED_DAYS = int(env("DATA_RETENTION_UNVERIFIED_DAYS", "30"))
DATA_RETENTION_INACTIVE_YEARS = int(env("DATA_RETENTION_INACTIVE_YEARS", "3"))
CELERY_BEAT_SCHEDULE["data-retention"] = {"task": "accounts.apply_retention", "schedule": crontab(hour=3, minute=30)}
# Bookings (schools): reminders 7 days and 1 day before each session; waiting-list offers that ran out.
CELERY_BEAT_SCHEDULE["booking-reminders"] = {
    "task": "schools.send_booking_reminders",
    "schedule": crontab(hour=8, minute=0),
}
CELERY_BEAT_SCHEDULE["booking-waiting-list-offers"] = {
    "task": "schools.expire_waiting_list_offers",
    "schedule": crontab(minute="*/10"),
}
# Reporting: learners' changes mark their group's summaries out of date; this recounts the marked groups together.
CELERY_BEAT_SCHEDULE["report-summaries-refresh"] = {
    "task": "reporting.refresh_marked_summaries",
    "schedule": crontab(minute="*"),
}

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

SECURE_CONTENT_TYPE_NOSNIFF = True
# Content Security Policy (django-csp) on every page: scripts only from our own files, never inline.
# lms.security.SiteCSPMiddleware adds the H5P origin(s) to frame-src and any CDN or S3 origin of
# static and media files. Styles: our own files, plus style attributes (which cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'", "https:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
# Nothing of the site is framed except Wagtail previews, which set SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# With a shared cache (Redis), sessions are read from it and written through to the database.
# A per-process memory cache would serve stale sessions across gunicorn workers, so not then:
# lms.sessions is Django's database engine read in plain SQL (logout still deletes the row).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if env("CACHE_URL") else "lms.sessions"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- H5P (owned by the H5P app, courses/h5p) ------------------------------------------------
# The sha256 of the fixed inline bootstrap script h5p-standalone's frame.bundle.js writes into the
# player's inner frame; the player page's CSP allows exactly that inline script and no other.
# tests/courses/h5p/test_player.py checks it against the built player, so an upgrade cannot drift.
H5P_FRAME_BOOTSTRAP_SHA256 = "8CniZYrnO46q7MvZ3m08Wom1HH/ZhyXmm29kBKTV1rk="
# Limits on uploaded packages (bytes unless said otherwise).
H5P_MAX_UPLOAD_BYTES = int(env("H5P_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
H5P_MAX_FILE_BYTES = int(env("H5P_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
H5P_MAX_TOTAL_BYTES = int(env("H5P_MAX_TOTAL_BYTES", str(100 * 1024 * 1024)))
H5P_MAX_FILES = int(env("H5P_MAX_FILES", "2000"))
H5P_MAX_COMPRESSION_RATIO = int(env("H5P_MAX_COMPRESSION_RATIO", "100"))
H5P_MAX_JSON_DEPTH = int(env("H5P_MAX_JSON_DEPTH", "100"))
# Statements a learner's activities may send a minute from one address (429 beyond); H5P sends a few per
# answer, so normal play stays far below it. Likewise SCORM commits (courses/scorm).
# 0 turns a limit off (a load test that plays as one account from one address, for instance).
XAPI_RATE_LIMIT = int(env("XAPI_RATE_LIMIT", "300"))
SCORM_COMMIT_RATE_LIMIT = int(env("SCORM_COMMIT_RATE_LIMIT", "300"))
# The H5P core API version of the player we ship (h5p-standalone's bundled core); libraries needing newer are refused.
H5P_PLAYER_CORE_API = "1.24"
# How often (seconds) H5P saves a learner's place in an activity.
H5P_SAVE_FREQ_SECONDS = int(env("H5P_SAVE_FREQ_SECONDS", "5"))
# Remote media content may point to (https only); everything else must be inside the package.
H5P_ALLOWED_MEDIA_HOSTS = env_list("H5P_ALLOWED_MEDIA_HOSTS", "www.youtube.com,youtube.com,youtu.be,vimeo.com,player.vimeo.com")
# The H5P origin answers only the player, package files and static files, and never sees the site's cookies.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "courses.h5p.middleware.H5POriginMiddleware")
# Likewise each SCORM package's origin (courses/scorm): its player and files only, no cookies.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "courses.scorm.middleware.ScormOriginMiddleware")

# Any other host on the content domains (not a package's own) is answered 404 before anything else runs.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "courses.content_hosts.ContentHostMiddleware")

# --- Certificates (issue 4) ---------------------------------------------------------------------
# Open Badges credentials are signed with this Ed25519 private key, in PEM (make one with
# `openssl genpkey -algorithm ed25519`). Production must set it; without it nothing can be signed.
OPEN_BADGES_SIGNING_KEY = env("OPEN_BADGES_SIGNING_KEY")
# Development and tests only: with no key set, derive a stable one from SECRET_KEY so web and worker agree.
OPEN_BADGES_DERIVE_KEY_FROM_SECRET = False
# Public verification lookups (by code, or checking a credential) allowed per IP address per minute.
CERTIFICATE_VERIFY_RATE_LIMIT = int(env("CERTIFICATE_VERIFY_RATE_LIMIT", "30"))
# --- end of certificates settings ---------------------------------------------------------------

# --- Sign-off (issue 10): every change to a module or lesson waits for its reviewers (courses/sign_off.py) ---
WAGTAIL_FINISH_WORKFLOW_ACTION = "courses.workflow_finish.publish_when_signed_off"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# allauth's forms in the service's words (accounts/allauth_forms.py).
ACCOUNT_FORMS = {
    name: f"accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm", "signup": "SignupForm", "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm", "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm", "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# One way in (accounts.entrances): the admin asks people to sign in on allauth's page, and offers no reset of its own.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_FRONTEND_LOGIN_URL = "/account/login/"
# Avatars are Wagtail's own default image: no request to Gravatar reveals who uses the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- LTI 1.3 tool (partners/lti): partners' learning systems launch our modules and receive grades ---------
# Its staff pages are behind accounts.decorators.permission_required (second factor); these prefixes too.
MFA_REQUIRED_PATH_PREFIXES = [*MFA_REQUIRED_PATH_PREFIXES, "/lti/manage/"]
# Spent and expired login states and launch handoffs are forgotten daily.
CELERY_BEAT_SCHEDULE["lti-purge-launch-records"] = {"task": "lti.purge_launch_records",
                                                    "schedule": crontab(hour=4, minute=10)}
# --- end of LTI settings -------------------------------------------------------------------------------------

# --- Partners' learning record stores (partners.lrs, issue 23): xAPI statements forwarded through an outbox ---
# The key the LRS secrets are encrypted with (derived from SECRET_KEY when empty; changing it means re-entering them).
LRS_CREDENTIALS_KEY = env("LRS_CREDENTIALS_KEY", "")
LRS_TIMEOUT_SECONDS = float(env("LRS_TIMEOUT_SECONDS", "10"))
LRS_BATCH_SIZE = int(env("LRS_BATCH_SIZE", "50"))
# A statement the LRS could not take (down, 5xx) is tried again after 30 s, 1 min, 2 min ... at most hourly.
LRS_RETRY_BASE_SECONDS = int(env("LRS_RETRY_BASE_SECONDS", "30"))
LRS_RETRY_MAX_SECONDS = int(env("LRS_RETRY_MAX_SECONDS", str(60 * 60)))
# Plain http:// endpoints only for a local test LRS: credentials and statements must travel encrypted.
LRS_ALLOW_HTTP = env_bool("LRS_ALLOW_HTTP", False)
CELERY_BEAT_SCHEDULE["lrs-send-due-statements"] = {"task": "lrs.send_due_statements", "schedule": crontab(minute="*")}
# --- end of partners.lrs settings ---
