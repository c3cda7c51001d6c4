"""Settings for Portal PKS: one module, everything from the environment, safe embedded defaults.

With no environment at all the portal runs on SQLite under var/, an embedded Celery broker on the file
system, and mail kept in the database outbox. DEBUG=0 turns on every production safeguard and refuses to
start with a missing or default secret key.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from portal.lib.env import envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", "1")
TESTING = envbool("PORTAL_TESTING", "0")

DEV_SECRET_KEY = "django-insecure-portal-pks-only-for-local-development"
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY (atau SECRET_KEY_FILE) wajib diisi bila DEBUG=0. "
            "SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG=0."
        )
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY terlalu pendek atau masih bawaan; gunakan minimal 50 karakter acak. "
        "SECRET_KEY is too short or the development default."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", f"http://127.0.0.1:{os.getenv('PORT', '8000')}").rstrip("/")
SITE_NAME = "Portal PKS"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "portal.security",
    "agreements",
    "exchange.data",
    "exchange.partners",
    "exchange.corrections",
    "exchange.sync",
    "exchange.matching",
    "exchange.api",
    "exchange.reports",
    "exchange.privacy",
]

MIDDLEWARE = [
    "portal.request_limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.middleware.SessionTimeoutMiddleware",
    "portal.security.middleware.OTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file in the embedded default.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.security.backends.AddressLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Guardian: no anonymous user row; anonymous visitors never get object grants.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Axes: lock an account+address pair after repeated failures, for an hour.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", "1")
# The client's address behind this many proxies of our own (nginx in front of gunicorn: 1), read from
# X-Forwarded-For; 0 trusts only the socket. Locks, limits and logs all use it (portal.security.client_ip).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip.client_ip"
# Password spraying: failed logins from one address across all accounts, within the axes cool-off.
AUTH_ADDRESS_FAILURE_LIMIT = envint("AUTH_ADDRESS_FAILURE_LIMIT", "30")
PASSWORD_RESET_LIMIT_PER_ADDRESS = envint("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10")
PASSWORD_RESET_LIMIT_PER_EMAIL = envint("PASSWORD_RESET_LIMIT_PER_EMAIL", "3")
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60
# Known and unknown addresses answer after the same time (the known one renders and enqueues a mail).
PASSWORD_RESET_MIN_SECONDS = 0.5

# Second factor (portal.security.otp): required for superusers and these roles, offered to everyone.
OTP_ENFORCED = True
OTP_REQUIRED_ROLES = ["Administrator", "Pimpinan"]
OTP_TOTP_ISSUER = "Portal PKS"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin site never shows a device's secret

# Sessions end after 30 idle minutes and 12 hours at most, however busy (portal.security.sessions).
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", str(30 * 60))
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60))

# Content-Security-Policy: nothing from outside, no inline script without the page's nonce. Style
# attributes stay allowed (a few templates set one); style elements need the nonce too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body anywhere (a roster file is the largest upload); larger is refused unread.
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES", str(256 * 1024 * 1024))
FILE_UPLOAD_TEMP_DIR = os.getenv("FILE_UPLOAD_TEMP_DIR") or None
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024))

# Mail: every message is a row in the outbox; with no EMAIL_HOST it stays there to be read in the portal.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587" if EMAIL_HOST else "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "0")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
# Django's own mail (password reset, error reports) goes into the outbox too; the outbox delivers by SMTP.
EMAIL_BACKEND = "portal.mail_backend.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = os.getenv("OUTBOX_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Portal PKS <noreply@portal-pks.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", "6")
# A sender's claim on a mail lasts this long and is renewed while it sends; a crashed sender's mail is
# sent again by the next sweep after the lease lapsed.
OUTBOX_LEASE_SECONDS = envint("OUTBOX_LEASE_SECONDS", "60")

# Celery: the database is the truth about work; a message only rings the bell with a primary key.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Exchange bindings; left out, kombu writes them to ./control in whatever folder a process starts.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
        "max_retries": 0,
        "visibility_timeout": 3600,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ACCEPT_CONTENT = ["json"]
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "send-mail-outbox": {"task": "portal.tasks.sweep_outbox", "schedule": 60.0},
    # Rung often; each day's 07:00 run happens once, missed days are made up (portal.jobs).
    "send-reminders-daily": {"task": "portal.reminder_tasks.send_reminders", "schedule": 300.0},
    "sweep-reminder-events": {"task": "portal.reminder_tasks.sweep_reminder_events", "schedule": 60.0},
    "purge-sessions": {"task": "portal.security.tasks.purge_sessions", "schedule": crontab(minute=17)},
    "sweep-sync-runs": {"task": "exchange.sync.tasks.sync_sweep", "schedule": 15.0},
    "purge-dataset-versions": {
        "task": "exchange.data.tasks.purge_versions",
        "schedule": crontab(hour=2, minute=40),
    },
    "sweep-dataset-imports": {"task": "exchange.data.tasks.sweep_imports", "schedule": 120.0},
    "sweep-proposals": {"task": "exchange.corrections.tasks.sweep_proposals", "schedule": 30.0},
    "sweep-match-runs": {"task": "exchange.matching.tasks.sweep_match_runs", "schedule": 60.0},
    "schedule-report-runs": {"task": "exchange.reports.tasks.schedule_reports", "schedule": 300.0},
    "sweep-report-runs": {"task": "exchange.reports.tasks.sweep_report_runs", "schedule": 60.0},
    "sweep-term-ends": {"task": "exchange.privacy.tasks.sweep_term_ends", "schedule": 300.0},
}
# Data sets keep this many ready versions each; older ones lose their records to the nightly purge.
DATASET_KEEP_VERSIONS = envint("DATASET_KEEP_VERSIONS", "5")
# Sync runs wait on a partner system: a queue of their own, so a slow partner never holds up mail.
CELERY_TASK_ROUTES = {"exchange.sync.tasks.*": {"queue": "sync"}}
# Task modules beyond each app's tasks.py (the reminders' tasks sit above the agreements in the layers).
CELERY_IMPORTS = ["portal.reminder_tasks"]

# The web service (exchange.api): bearer tokens of API clients, JSON only, every error a problem detail.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["exchange.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "exchange.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal PKS — Layanan web / Web service",
    "VERSION": "1",
    "DESCRIPTION": "",  # the auth flow, purposes, quotas and errors: exchange.api.schema, by the hook below
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "APPEND_COMPONENTS": {"securitySchemes": {"clientBasic": {"type": "http", "scheme": "basic"}}},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "exchange.api.schema.describe",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Secrets in URLs (the calendar feed token, reset links) are taken out of every line.
    "filters": {"redact_secrets": {"()": "portal.security.redaction.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers go (its console would print request paths unredacted with DEBUG=1; ADMINS
        # is not used): its records reach the console above through the root logger.
        "django": {"level": "INFO"},
        # Request lines can carry query strings; personal data never goes there, but keep them quiet anyway.
        "django.server": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        "axes": {"level": "WARNING"},
    },
}

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    if envbool("TRUST_X_FORWARDED_PROTO", "0"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Off only where the portal is served over plain http on the loopback address (make run).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
