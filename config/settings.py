"""Scrutineer's settings: one module, configured by environment variables only.

Defaults give a working demo: an embedded SQLite file and eager Celery tasks.
Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS and
DEBUG=0.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SCRUTINEER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)
# A development key is allowed only with DEBUG on; production must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "django-insecure-development-only-key" if DEBUG else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "indicators",
    "returns",
    "committees",
    "reports",
    "demo",  # seed_demo: loads every app's demo, lowest first
    "config.apps.ProjectConfig",  # the deployment checks (config/checks.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.lockout.LoginLockoutMiddleware",
    "config.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.SignedInNoStoreMiddleware",
    # Innermost, so that its page passes through the CSP and the others.
    "config.middleware.ProductNotFoundMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indicators.context_processors.scrutineer",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'scrutineer.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the dashboard's plan on every request: about
    # half its time at national scale (bench/README.md). Short OLTP queries
    # are faster without it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    # SQLite (the demo) builds the dashboard's covering index without its
    # extra columns; that is expected there, and PostgreSQL is what is run.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # The demo server answers requests in threads. A transaction that starts
    # by reading and then writes cannot wait for another writer in SQLite:
    # it fails at once with "database is locked" (a 503 on a double click).
    # Taking the write lock at the start makes the second wait its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lockout (config/lockout.py): the first backend counts each attempt
# and refuses a username from an address past its limit, before any password
# is checked; an address with many failures is slowed down, never refused.
AUTHENTICATION_BACKENDS = [
    "config.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Optional single sign-on (OpenID Connect, e.g. Microsoft Entra ID): on when
# OIDC_RP_CLIENT_ID is set. Endpoints from the provider's discovery document.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("config.oidc.ScrutineerOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["OIDC_OP_JWKS_ENDPOINT"]
    LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
SCRUTINEER_LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 10))
SCRUTINEER_LOGIN_COOLOFF = int(os.environ.get("LOGIN_COOLOFF_SECONDS", 15 * 60))
# Failures from one address (any usernames) within the cool-off after which
# each attempt from it waits LOGIN_IP_DELAY_SECONDS before its password is
# checked. Slowed, never refused: colleagues share the council's address.
SCRUTINEER_LOGIN_IP_SLOW_AFTER = int(os.environ.get("LOGIN_IP_SLOW_AFTER", 100))
SCRUTINEER_LOGIN_IP_DELAY = float(os.environ.get("LOGIN_IP_DELAY_SECONDS", 1))
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none,
# use REMOTE_ADDR). Set it, or every sign-in seems to come from the proxy.
SCRUTINEER_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
# Whether the deployment said so (0, no proxy, is an answer): the deployment
# check (config/checks.py) asks for it, since a wrong guess either locks a
# council out together or lets anyone choose their address.
SCRUTINEER_PROXY_COUNT_GIVEN = os.environ.get("PROXY_COUNT", "").strip() != ""
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Uploads: bounded before anything parses them.
SCRUTINEER_MAX_UPLOAD_BYTES = int(
    os.environ.get("SCRUTINEER_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
)
# Uploaded files are removed this long after their import finished (the job's
# record stays), and a benchmark file left at step two of its upload after
# this many hours: see indicators.services.uploads_clean.
SCRUTINEER_UPLOAD_RETENTION_DAYS = int(
    os.environ.get("SCRUTINEER_UPLOAD_RETENTION_DAYS", 90)
)
SCRUTINEER_PENDING_UPLOAD_HOURS = int(
    os.environ.get("SCRUTINEER_PENDING_UPLOAD_HOURS", 24)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The authority this deployment serves (ONS code).
SCRUTINEER_HOME_AREA = os.environ.get("SCRUTINEER_HOME_AREA", "E10000018")
# Where people reach this site (https://scrutiny.example.gov.uk), for the
# links in emails, which have no request to take it from. The deployment
# check fails without it.
SCRUTINEER_SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# A period is open for officers' figures from the day after it ends for this
# many quarters (indicators/figure_rules/, EntryWindow); after that only the
# performance team may enter a late figure.
SCRUTINEER_ENTRY_QUARTERS_OPEN = int(
    os.environ.get("SCRUTINEER_ENTRY_QUARTERS_OPEN", 4)
)

# Celery: the import-job row in the database is the record; the broker only
# carries ids. Eager when no broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", 1500))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", 1800))
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The cache holds sign-in failure counts, so every web process must share it:
# Redis (CACHE_URL, else the broker's Redis) in production, memory in the demo.
CACHE_URL = os.environ.get("CACHE_URL") or CELERY_BROKER_URL
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "scrutineer",
    }
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CELERY_BEAT_SCHEDULE = {
    "sweep-import-jobs": {
        "task": "indicators.tasks.sweep_import_jobs",
        "schedule": 60.0,
    },
    "clean-uploads": {
        "task": "indicators.tasks.clean_uploads",
        "schedule": 86400.0,  # daily; removing a file twice is harmless
    },
    "figure-reminders": {
        "task": "returns.tasks.send_figure_reminders",
        "schedule": 3600.0,  # hourly; each reminder is sent once whatever the rate
    },
    # Committees: reminders to lead officers and digests to clerks, each
    # claimed by a unique row, so sent once whatever the rate.
    "committee-action-reminders": {
        "task": "committees.tasks.send_action_reminders",
        "schedule": 3600.0,
    },
    "committee-meeting-digests": {
        "task": "committees.tasks.send_meeting_digests",
        "schedule": 3600.0,
    },
}

# Security headers. The CSP forbids inline script and eval everywhere; plotly's
# basic bundle needs neither. plotly injects <style> elements, so styles allow
# 'unsafe-inline' (styles only, never scripts).
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# SESSION_COOKIE_AGE is the idle timeout: config.middleware.SessionTimeoutMiddleware
# renews a signed-in session at most once a minute (not a write on every
# request, as SESSION_SAVE_EVERY_REQUEST would be) and ends any session older
# than SESSION_ABSOLUTE_AGE, however active.
SESSION_ABSOLUTE_AGE = int(os.environ.get("SESSION_ABSOLUTE_AGE", 12 * 3600))
if not DEBUG:
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and compose check /healthz over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Django 6.1's MAILERS (EMAIL_BACKEND is deprecated). Console in the demo.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            # SMTP once a mail host is configured; the console until then (the
            # deployment check fails on the console backend, as it should).
            "django.core.mail.backends.smtp.EmailBackend"
            if os.environ.get("EMAIL_HOST")
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {
            k: v
            for k, v in {
                "host": os.environ.get("EMAIL_HOST", ""),
                "port": int(os.environ.get("EMAIL_PORT", "0") or 0) or None,
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False) or None,
                # A mail server that stops answering must not hold the
                # reminder run for ever (seconds; SMTP only).
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30") or 0)
                if os.environ.get("EMAIL_HOST")
                else None,
            }.items()
            if v
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "scrutineer@localhost")

DJANGO_TABLES2_TEMPLATE = "components/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
