"""Settings for the Regional DX Portal, driven by environment variables.

Without DATABASE_URL the embedded PostgreSQL starts inside the project; without REDIS_URL Celery
runs tasks eagerly. Production overrides live in settings_production.py.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    parts = urlsplit(url)
    query = parse_qs(parts.query)  # ?host=/socket/dir for Unix sockets
    if parts.scheme not in {"postgres", "postgresql", "postgresql+psycopg"}:
        raise ValueError("DATABASE_URL must be a postgres:// URL (the portal runs on PostgreSQL only)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.get("host", [parts.hostname or ""])[0],
        "PORT": query.get("port", [str(parts.port or "")])[0],
    }


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789abcdef")
# Off unless a developer asks for it (`DEBUG=1 make run`): the demo behaves like a deployment and
# never shows Django's technical error pages to a visitor.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEMO_MODE = env_bool("DEMO_MODE", True)
# `make bench` only: mounts /bench/noop, the baseline view of the load test.
BENCHMARK_NOOP = env_bool("BENCHMARK_NOOP", False)
# Who answers questions about the portal: shown on the お問い合わせ page (the operating prefecture's
# unit in a deployment; the demo's defaults name the demo's own operator).
CONTACT_NAME = env("CONTACT_NAME", "地域DX推進ポータル運営事務局（デモ）")
CONTACT_NAME_EN = env("CONTACT_NAME_EN", "Regional DX Portal operations office (demo)")
CONTACT_EMAIL = env("CONTACT_EMAIL", "contact@demo.dx-portal.jp")
CONTACT_PHONE = env("CONTACT_PHONE", "")
CONTACT_ADDRESS = env("CONTACT_ADDRESS", "")
CONTACT_ADDRESS_EN = env("CONTACT_ADDRESS_EN", "")
# The OCID prefix the operator registered with the Open Contracting Partnership ("ocds-" and six
# characters): every joint procurement's OCDS id is "<prefix>-<project id>". The default has the
# registered form but belongs to nobody; a deployment that publishes open data sets its own.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", "ocds-dxdemo")
# Set when a reverse proxy you run appends the client address to X-Forwarded-For (audit IPs).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

INSTALLED_APPS = [
    "portal",
    "talentpool",
    "procurement",
    "council",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.RejectMalformedInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.AuditContextMiddleware",
    "portal.middleware.ActiveRoleMiddleware",
    "portal.middleware.SessionPolicyMiddleware",
    "portal.middleware.RequireMFAMiddleware",
]
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

ROOT_URLCONF = "portal.urls"
FORM_RENDERER = "portal.rendering.PortalFormRenderer"
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
            "builtins": ["django.templatetags.i18n", "portal.templatetags.portal_labels"],
        },
    }
]

if env("DATABASE_URL"):
    DATABASES = {"default": database_from_url(env("DATABASE_URL"))}
else:
    from portal.embedded_db import database_settings

    DATABASES = {"default": database_settings(BASE_DIR / ".pgdata")}
DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "0"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

AUTH_USER_MODEL = "portal.User"
# Django's and allauth's backends, reading the signed-in user through portal.auth_cache.
AUTHENTICATION_BACKENDS = [
    "portal.auth_backends.PortalModelBackend",
    "portal.auth_backends.PortalAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# django-allauth: sign in by email; nobody signs up on their own (invitations only, see portal.adapters).
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_FORMS = {"login": "portal.auth_forms.LoginForm"}
MFA_FORMS = {"authenticate": "portal.auth_forms.AuthenticateForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Changing the address, password or second factors asks for a fresh authentication first.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"  # links in mails
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "地域DX推進ポータル"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = urlsplit(SITE_URL).scheme == "http"  # the demo on 127.0.0.1
MFA_ADAPTER = "portal.adapters.MFAAdapter"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("英語"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic's output, for production (settings_production); the development server and tests
# serve from the finders instead.
STATIC_ROOT = None
# Uploads live outside static and are only ever served through a permission-checking view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Outside production, WhiteNoise serves static files straight from the finders (no collectstatic), so
# `make run` with DEBUG off still has its styles.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads: a request body larger than MAX_REQUEST_BYTES is refused from its Content-Length before any
# of it is read (413, portal.middleware); files above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary
# file instead of memory; each upload field then checks its own, smaller limit.
MAX_REQUEST_BYTES = int(env("MAX_REQUEST_BYTES", str(12 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
POPULATION_IMPORT_MAX_BYTES = 5 * 1024 * 1024

# Sessions (ASVS 3.3): idle sessions end after 30 minutes; sessions of people whose roles must use a
# second factor end after a working day whatever they do; the second factor is asked again before
# security-sensitive changes once this long has passed since it was last given.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_PRIVILEGED_MAX_AGE = int(env("SESSION_PRIVILEGED_MAX_SECONDS", str(9 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECOND_FACTOR_FRESH_SECONDS = int(env("SECOND_FACTOR_FRESH_SECONDS", str(15 * 60)))


def mailer_from_env() -> dict:
    """The default mailer from EMAIL_* environment variables (console output unless SMTP is chosen)."""
    backend = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER"),
            "password": env("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "timeout": 10,
        }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_env()}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "地域DX推進ポータル <noreply@dx-portal.example.jp>")

FILTERS_EMPTY_CHOICE_LABEL = _("すべて")

INVITATION_VALID_DAYS = int(env("INVITATION_VALID_DAYS", "7"))

# Celery: without REDIS_URL tasks run eagerly in the web process (demo and default test pass).
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged task (worker killed) goes back to the queue after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "polling_interval": 0.05 if not REDIS_URL else 1,
}
# Mail deliveries still pending this long after creation are enqueued again by beat.
NOTIFICATION_REQUEUE_AFTER_SECONDS = int(env("NOTIFICATION_REQUEUE_AFTER_SECONDS", "180"))

# The cache holds allauth's sign-in rate limits and spent TOTP codes. It lives in PostgreSQL, not in
# Redis: those must be shared by every web process, and signing in must keep working while the
# broker is down (the table is made by migration portal.0005).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
# Sessions and the signed-in user with their roles (portal.sessions, portal.auth_cache) are read on
# every request: from Redis when there is one, written through to PostgreSQL, which stays the truth
# (a Redis outage only makes requests slower). Without Redis they use the PostgreSQL cache table.
CACHES["sessions"] = (
    {
        "BACKEND": "portal.redis_cache.PortalRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else CACHES["default"]
)
# Rendered fragments of hot pages (search cards, the filter form, the national status table), per
# web process. Their keys carry what they show (a row's update time, the free days, the language), so
# a change shows at once; TIMEOUT bounds how long a renamed role or organisation name may linger.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-fragments",
    "TIMEOUT": int(env("FRAGMENT_CACHE_SECONDS", "600")),
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
SESSION_ENGINE = "portal.sessions"
SESSION_CACHE_ALIAS = "sessions"
# The longest a cached copy may outlive a change it missed (a sign-out or a role change made while
# the cache was unreachable); changes made while it is up are applied at once.
SESSION_CACHE_SECONDS = int(env("SESSION_CACHE_SECONDS", "300"))
AUTH_CACHE_SECONDS = int(env("AUTH_CACHE_SECONDS", "300"))

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
