"""Settings for Metodset, read from the environment with safe defaults.

SQLite under ``var/`` is the default database; ``DATABASE_URL`` switches to PostgreSQL.
``REDIS_URL`` moves the task queue and cache to Redis. docs/operations.md lists every variable.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("METODSET_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("METODSET_VAR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Use SECRET_KEY if given; otherwise generate one once and keep it in var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "metodset.core",
    "metodset.accounts",
    "metodset.events",
    "metodset.surveys",
    "metodset.library",
    "metodset.programs",
    "metodset.diagnostics",
    "metodset.routes",
    "metodset.certificates",
    "metodset.communities",
    "metodset.expertise",
    "metodset.api",
    "metodset.dashboards",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs' Swagger UI from our static files instead of a CDN
    "axes",  # sign-in lockout; its admin lists and lifts locks («Попытки доступа»)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "metodset.core.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "metodset.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with 429
]

ROOT_URLCONF = "metodset.urls"
WSGI_APPLICATION = "metodset.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "metodset.dashboards.context_processors.navigation",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'metodset.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write inside transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # A file, not memory, so that tests can start a real worker process on the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_metodset.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "metodset.accounts.throttling.SignInLockout",  # first: refuses a locked pair
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7  # invitations stay valid for a week

# Throttled sign-in (django-axes; accounts/throttling.py says why so): an (e-mail, address)
# pair is locked after this many wrong passwords, for this many minutes after the last try.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # never the account from everywhere
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field; it holds the e-mail
AXES_USERNAME_CALLABLE = "metodset.accounts.throttling.sign_in_name"
AXES_LOCKOUT_CALLABLE = "metodset.accounts.throttling.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no log of every sign-in with its address: failures only
AXES_VERBOSE = False
# Password reset letters an hour to one e-mail, and requests an hour from one address.
PASSWORD_RESET_RATE_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_RATE_PER_EMAIL", "3"))
PASSWORD_RESET_RATE_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_RATE_PER_ADDRESS", "20"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time -----------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Moscow"  # shown to anonymous visitors; stored values are UTC
USE_THOUSAND_SEPARATOR = True

# --- Static and media files ------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads are never served by URL; views that check permission send them (core/uploads.py):
# "django" streams them, "x-accel-redirect" (nginx) and "x-sendfile" (Apache, lighttpd) hand
# the sending to the proxy; nginx then needs
# `location /protected/ { internal; alias <MEDIA_ROOT>/; }` for FILE_ACCEL_PREFIX=/protected/.
FILE_SERVING = os.environ.get("FILE_SERVING", "django").strip().lower()
if FILE_SERVING not in ("django", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured(
        f"FILE_SERVING is django, x-accel-redirect or x-sendfile, not {FILE_SERVING!r}"
    )
FILE_ACCEL_PREFIX = "/" + os.environ.get("FILE_ACCEL_PREFIX", "/protected/").strip("/") + "/"
# A token that opens the details of /healthz to monitoring without a login (empty: staff only).
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# Typst reads images (logos, facsimiles) from here; files are named by content hash.
CERTIFICATE_RENDER_DIR = Path(os.environ.get("CERTIFICATE_RENDER_DIR", VAR_DIR / "render"))
# An organiser's own design compiles in a child process with these limits (seconds, MiB).
CERTIFICATE_RENDER_TIMEOUT = float(os.environ.get("CERTIFICATE_RENDER_TIMEOUT", "10"))
CERTIFICATE_RENDER_MEMORY_MB = int(os.environ.get("CERTIFICATE_RENDER_MEMORY_MB", "1024"))
# Lookups of /verify/<code>/ per address and minute; more get a polite refusal (429).
CERTIFICATE_VERIFY_RATE = int(os.environ.get("CERTIFICATE_VERIFY_RATE", "30"))
# A batch of certificates whose run made no progress this long (seconds) is queued again.
CERTIFICATE_BATCH_STALLED_AFTER = int(os.environ.get("CERTIFICATE_BATCH_STALLED_AFTER", "600"))
# Shortest programme for an удостоверение о повышении квалификации (приказ Минобрнауки).
QUALIFICATION_MIN_HOURS = 16
# Static files go out under hashed names, pre-compressed, cached by browsers for years
# (whitenoise marks hashed names immutable); `metodset demo` and `serve` collect them.
# STATIC_MANIFEST=0 serves the files as they lie, for a developer's edit-and-reload.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "metodset.core.staticfiles.CompressedOnceManifestStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024))

# --- Background tasks and cache --------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # An hour a job: a certificate batch of tens of thousands takes minutes (RQ's default is 3).
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "metodset_cache",
        }
    }
if env_bool("TASKS_IMMEDIATE"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- E-mail ----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Методсеть <noreply@metodset.ru>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and env_bool("HTTPS", False))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from our own static files: no inline <script>, no on*= handlers, no eval (htmx is
# told so by the htmx-config meta in base.html); tests/core/test_security_headers.py scans the
# templates. Styles allow 'unsafe-inline' because templates set widths and heights in style=
# attributes (progress bars, heat maps) and style attributes can't run code. The outbox shows a
# letter in a sandboxed srcdoc iframe (no scripts, same policy); meeting links are navigation,
# which CSP doesn't restrict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Powerful browser features no page of ours uses (core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "metodset.core.logs.StderrHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

PAGE_SIZE = 50

# --- Task workers ----------------------------------------------------------------
WORKER_TICK = float(os.environ.get("WORKER_TICK", "5"))  # seconds between heartbeats
WORKER_STALE_AFTER = int(os.environ.get("WORKER_STALE_AFTER", "15"))  # then a worker is dead
EMAIL_MAX_ATTEMPTS = 5  # a failed e-mail is retried every few minutes up to this many times

# --- Online meetings (events) ------------------------------------------------------
JITSI_URL = os.environ.get("JITSI_URL", "https://meet.jit.si")
BBB_URL = os.environ.get("BBB_URL", "")  # e.g. https://bbb.example.ru/bigbluebutton/api
BBB_SECRET = os.environ.get("BBB_SECRET", "")
BBB_CHECKSUM = os.environ.get("BBB_CHECKSUM", "sha1")  # or sha256, as the server is set up
EVENT_MATERIAL_MAX_BYTES = int(os.environ.get("EVENT_MATERIAL_MAX_BYTES", 25 * 1024 * 1024))
# What an uploaded archive (DOCX, PPTX, XLSX, ODF, ZIP) may unpack to, by its own table of
# contents: more is refused as an archive bomb (core.uploads.archive_check).
UPLOAD_UNZIPPED_MAX_BYTES = int(os.environ.get("UPLOAD_UNZIPPED_MAX_BYTES", 200 * 1024 * 1024))
SITE_NAME = "Методсеть"
EVENT_REMINDER_BATCH = int(os.environ.get("EVENT_REMINDER_BATCH", "200"))  # per run of the sweep
PROGRAM_VIDEO_MAX_BYTES = int(os.environ.get("PROGRAM_VIDEO_MAX_BYTES", 200 * 1024 * 1024))
