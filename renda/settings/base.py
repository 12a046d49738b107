"""Renda's settings, configured from the environment (see README, "Configuration"), for every set-up."""

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from renda.env import env_bool, env_int, env_list, env_str, env_time_of_day, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production). "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "renda-insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "renda.core",
    "renda.accounts",
    "deputies",
    "liaison",
    "proposals",
    "supervision",
    "publicity",
    "meetings",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renda.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The second sign-in step before the forced password change: who signs in is proven first.
    "renda.accounts.middleware.SecondFactorMiddleware",
    "renda.accounts.middleware.ForcePasswordChangeMiddleware",
    # Axes last: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renda.urls"
WSGI_APPLICATION = "renda.wsgi.application"

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
                "csp.context_processors.nonce",
                "renda.core.context_processors.navigation",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI; a SQLite file under var/ as the embedded default.
if not env_str("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'renda.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite holds no persistent connections worth keeping; wait for a lock rather than fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    # A database that does not answer fails a request in seconds (the 503 page), not after minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", default=5, minimum=1)
    )
    # Behind PgBouncer in transaction mode a cursor cannot outlive its transaction's server connection.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_PGBOUNCER", default=False)
if sys.argv[1:2] == ["runserver"]:
    # The development server starts a thread per request, and a kept connection outlives its thread:
    # kept, they pile up until PostgreSQL refuses new clients.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock a username on one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-step verification (django-otp, TOTP). RENDA_OTP_REQUIRED: staff-side users (administrators,
# committee staff, the director meeting) must pass a code from an authenticator app after the
# password, and set one up at their next sign-in if they have none. Anyone may set one up; then they
# are asked for it too.
RENDA_OTP_REQUIRED = env_bool("RENDA_OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = "Renda"
# Each wrong code doubles the wait before the next is checked: 1, 2, 4, 8 ... seconds (0 would turn
# the throttle off).
OTP_TOTP_THROTTLE_FACTOR = 1
# The admin shows no device's secret or QR code: an administrator resets a device, never reads one.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Language and time: Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: the project's own under static/, front-end packages straight from node_modules.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Rows an uploaded workbook may have in all (header and empty rows count): reading stops at the first
# row past it, so a hostile file costs the same as one of this size.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", default=20000, minimum=1)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy: no inline script anywhere; a nonce for the rare script that needs one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Security headers. DJANGO_HTTPS (on by default outside debugging) says the site is reached over
# HTTPS: cookies are then Secure and HSTS is sent. A plain-HTTP intranet sets it to false, or
# browsers would drop the session cookie. Behind a TLS proxy, DJANGO_TRUST_X_FORWARDED_PROTO lets
# Django believe the proxy's X-Forwarded-Proto; never set it when clients can reach Django directly.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Redis: the broker for Celery and the shared cache. Without it, tasks run eagerly in-process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing (beat, a worker queueing a retry) gives up soon when the broker is down: the outbox rows
# keep the work. A user's request queues with tighter limits still (renda.core.tasks.kick_delivery).
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# The daily reminder scan, in TIME_ZONE (Asia/Shanghai).
REMINDERS_AT = env_time_of_day("REMINDERS_AT", default="08:30")
CELERY_BEAT_SCHEDULE = {
    # The outbox's safety net, not its schedule: messages are queued on commit and each retry at its
    # own time. The sweep hands back expired claims and delivers what could not be queued while the
    # broker was down; a minute is soon enough for that.
    "deliver-outbox": {
        "task": "renda.core.tasks.deliver_outbox",
        "schedule": timedelta(minutes=1),
    },
    "daily-reminders": {
        "task": "renda.core.tasks.send_reminders",
        "schedule": crontab(hour=REMINDERS_AT[0], minute=REMINDERS_AT[1]),
    },
}

# Outgoing messages.
EMAIL_CONFIG = parse_email_url(env_str("EMAIL_URL"), debug=DEBUG)
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL") or "renda@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WECOM_WEBHOOK_URL = env_str("WECOM_WEBHOOK_URL")
# Seconds a network operation of a delivery may take: connecting, or waiting for an answer.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10, minimum=1)
WECOM_WEBHOOK_TIMEOUT = env_int("WECOM_WEBHOOK_TIMEOUT", default=10, minimum=1)
# The site's address as users reach it, for links in e-mails and WeCom messages; empty: relative links.
SITE_URL = env_str("SITE_URL")
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", default=8, minimum=1)
# The first wait after a failed try; each further wait doubles, up to 6 hours.
OUTBOX_BACKOFF_SECONDS = env_int("OUTBOX_BACKOFF_SECONDS", default=30, minimum=1)
# How long a worker's claim on a message lasts. A claim still without an outcome after that is handed
# back (its worker died mid-send), so the lease must outlast any send that is still alive.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", default=120)
if max(EMAIL_TIMEOUT, WECOM_WEBHOOK_TIMEOUT) >= OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured(
        f"OUTBOX_LEASE_SECONDS ({OUTBOX_LEASE_SECONDS}) must be longer than EMAIL_TIMEOUT "
        f"({EMAIL_TIMEOUT}) and WECOM_WEBHOOK_TIMEOUT ({WECOM_WEBHOOK_TIMEOUT}), or a send still running "
        "would be handed back and sent twice."
    )

SITE_NAME = _("Ji County People's Congress Standing Committee")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL") or "INFO"},
    "loggers": {"axes": {"level": "WARNING"}},
}
