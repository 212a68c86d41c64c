"""Settings for Manajemen Pendampingan, read from the environment.

A malformed value stops the start-up with an explanation rather than falling
back to a default that would hide a misconfigured production.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def s3_storage(bucket, *, endpoint_url, access_key, secret_key, region, attempts=3):
    """The default storage in an S3-compatible bucket (django-storages): objects private, read only
    through addresses signed for a minute (``pendampingan.files``), and never overwritten. A storage
    that does not answer fails the request within seconds instead of holding its worker."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "client_config": Config(
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": attempts, "mode": "standard"},
            ),
        },
    }


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
# Other sites' addresses (scheme and host) allowed to post forms here, such as an address the
# proxy serves under a Host it does not pass on; the site's own address needs none.
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS: {origin!r} must start with https:// or http://")
# The host a visitor asked for comes from the proxy's X-Forwarded-Host only when it is said to set
# it; otherwise from Host, which the proxy must pass on.
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", False)

INSTALLED_APPS = [
    "pendampingan.apps.PendampinganConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "plans.apps.PlansConfig",
    "monitoring.apps.MonitoringConfig",
    "records.apps.RecordsConfig",
    "evaluation.apps.EvaluationConfig",
]

MIDDLEWARE = [
    # First, so every other middleware's log lines carry the request's id and the access line
    # sees the response as it leaves.
    "pendampingan.middleware.RequestLogMiddleware",
    # Pages are compressed (a plan page's 68 KB of HTML arrive as about 3 KB); static files come
    # compressed from whitenoise. Django pads compressed pages against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pendampingan.middleware.PlainTextInputMiddleware",
    "pendampingan.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pendampingan.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pendampingan.middleware.ActorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # A view that cannot reach the file storage answers 503, not 500 (pendampingan/files.py).
    "pendampingan.middleware.StorageUnavailableMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# A group's password is shared among its officers: slow down guessing it.
# A browser that logged in to a username before carries a device cookie for it
# and is locked only by its own wrong passwords; any other client is counted by
# username and address together, so a stranger locks out only unknown phones at
# that address, never the group's own. The pause is short and doubles with each
# lockout of the same client within a day (pendampingan/lockout.py); a new
# password, or the coordinator's unlock, ends every lockout of the username.
if "AXES_COOLOFF_HOURS" in os.environ:
    raise ImproperlyConfigured("AXES_COOLOFF_HOURS is now AXES_COOLOFF_MINUTES: the first pause, in minutes")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_MINUTES = envint("AXES_COOLOFF_MINUTES", 5)
AXES_COOLOFF_TIME = "pendampingan.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = "pendampingan.lockout.lockout_parameters"
AXES_HANDLER = "pendampingan.lockout.DeviceHandler"
AXES_RESET_ON_SUCCESS = True
# Tries during a pause neither count nor lengthen it: a phone is let in when the pause ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Each attempt expires on its own: one address's short pause never ends another's long one.
AXES_USE_ATTEMPT_EXPIRATION = True
# The failure log remembers earlier lockouts, which make the next pause longer.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of gunicorn; the visitor's address is read from X-Forwarded-For.
PROXY_COUNT = envint("PROXY_COUNT", 0)
if PROXY_COUNT < 0 or AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured(
        "PROXY_COUNT must be 0 or more; AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES 1 or more"
    )
AXES_CLIENT_IP_CALLABLE = "pendampingan.lockout.client_ip"

# Everything the pages load is served from here; nothing inline, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "pendampingan.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "pendampingan.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    # A kept connection is checked before a request's first query (one round trip) and replaced
    # if the database was restarted meanwhile, instead of failing that request.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
except ValueError as e:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {e}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database, set up for a few people at once: readers never wait for
    # a writer (WAL), a write transaction takes the lock when it begins (IMMEDIATE) so
    # two writers queue instead of failing half-way, and a writer waits up to 20 s.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests that run two writers at once need a real file, not a shared in-memory database;
    # one per test run, so two runs in one checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files and kept PDFs: on this machine's disk (MEDIA_ROOT), or, when S3_BUCKET is set, in
# an S3-compatible object storage that every app server shares. No file has a public address
# either way: views that check access serve them (pendampingan/files.py).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    if S3_ENDPOINT_URL and not S3_ENDPOINT_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"S3_ENDPOINT_URL: {S3_ENDPOINT_URL!r} must start with https:// or http://"
        )
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    if bool(S3_ACCESS_KEY_ID) != bool(S3_SECRET_ACCESS_KEY):
        raise ImproperlyConfigured("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together, or neither")
    S3_REGION = os.environ.get("S3_REGION", "us-east-1")
    STORAGES["default"] = s3_storage(
        S3_BUCKET,
        endpoint_url=S3_ENDPOINT_URL,
        access_key=S3_ACCESS_KEY_ID,
        secret_key=S3_SECRET_ACCESS_KEY,
        region=S3_REGION,
    )
    # A photo's thumbnail on a page comes from the storage's signed address.
    if S3_ENDPOINT_URL:
        _endpoint = urlsplit(S3_ENDPOINT_URL)
        FILE_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
    else:
        FILE_ORIGINS = [
            f"https://{S3_BUCKET}.s3.amazonaws.com",
            f"https://{S3_BUCKET}.s3.{S3_REGION}.amazonaws.com",
        ]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += FILE_ORIGINS

# A revert from a history page would skip the version checks of the app's services.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail is printed to the console until a mail server is named (EMAIL_HOST) or a back end chosen.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
# Where the site is reached, for links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pendampingan@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in envlist("ADMINS", [])]

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)

# Every app server shares what it counts (the verification page's lookups per address) through
# the database, never a cache of its own process that another server would not see. Sessions
# are in the database too (Django's default), and so are the login lockouts (django-axes).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "app_cache"}}

# Slow and scheduled work (kept PDFs, reports, exports, reminders, e-mail) are jobs: rows in this
# database's queue, run by `manage.py db_worker` beside the app servers. JOBS=immediate runs each
# job in the request that asks for it instead (no worker; what the test suite does).
JOBS = os.environ.get("JOBS", "worker")
if JOBS not in {"worker", "immediate"}:
    raise ImproperlyConfigured("JOBS must be 'worker' (a queue run by db_worker) or 'immediate'")
# A job running this long is taken to have lost its worker, and is run again (pendampingan.jobs).
JOBS_LEASE_SECONDS = envint("JOBS_LEASE_SECONDS", 600)
# The pauses, in seconds, before a failed job's second, third, ... try; then it fails for good.
try:
    JOBS_RETRY_PAUSES = [float(pause) for pause in envlist("JOBS_RETRY_PAUSES", ["10", "60", "600", "3600"])]
except ValueError:
    raise ImproperlyConfigured("JOBS_RETRY_PAUSES is a comma-separated list of seconds") from None
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if JOBS == "worker"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # A proxy or a load balancer asks each app server directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    # Off only for `make run`, which serves plain HTTP on this machine.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

# One line per log record on the standard error: JSON for a log collector, or text to read while
# developing. A line written during a request carries its id (pendampingan.request_log).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "pendampingan.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {
            "()": "pendampingan.request_log.TextFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            "defaults": {"request_id": "-"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The access log: a line for each request answered (pendampingan.middleware.RequestLogMiddleware).
    "loggers": {"pendampingan.requests": {"level": "INFO"}},
}

# "29 November 2026" in both languages.
FORMAT_MODULE_PATH = ["pendampingan.formats"]
