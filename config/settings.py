"""Settings, read from the environment.

Nothing set → a development setup on SQLite (``var/lixing.sqlite3``). Every value that
comes from the environment goes through a typed helper that raises
``ImproperlyConfigured`` on a bad value, so a typo fails at start-up, not at 3 a.m.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("LIXING_DEBUG", False)
# The development key is public (it is in this file), so everything signed with it — QR sign-in,
# quiz attempts, password resets, phone hashes — is forgeable. Its ``django-insecure-`` prefix is
# what ``check --deploy`` (security.W009) recognises; production refuses it whatever DEBUG says.
DEVELOPMENT_SECRET_KEY = "django-insecure-lixing-development-only-" + "x" * 32
SECRET_KEY = os.environ.get("LIXING_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
if env_bool("LIXING_PRODUCTION", False) and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure-") or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "LIXING_SECRET_KEY must be set to a long random value in production (at least 50 characters, "
        "not the development key)"
    )

ALLOWED_HOSTS = env_list("LIXING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("LIXING_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # Ours, in dependency order (each may import only those above it).
    "lixing.common",
    "lixing.accounts",
    "lixing.orgs",
    "lixing.figures",
    "lixing.imports",
    "lixing.escalation",
    "lixing.campaigns",
    "lixing.study",
    "lixing.quizzes",
    "lixing.deeds",
    "lixing.indicators",
    "lixing.projects",
    "lixing.publicity",
    "lixing.contests",
    "lixing.reports",
    "lixing.demo",
    "lixing.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lixing.common.proxy.TrustedProxyMiddleware",
    "lixing.common.replica.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lixing.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lixing.accounts.context_processors.actor",
            ],
        },
    },
]

VAR_DIR = Path(env_str("LIXING_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lixing.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("LIXING_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server read while the other writes;
    # IMMEDIATE transactions avoid "database is locked" upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections persist (CONN_MAX_AGE above): opening one runs the PRAGMAs and makes SQLite
    # parse the whole schema, which costs more than a typical request's queries.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = None
else:
    # A second, autocommit connection for progress of long all-or-nothing jobs (lixing/imports/progress.py).
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

# A streaming replica, when there is one: the dashboard, wall screen, figure drill-downs and the
# briefing job read from it; everything else reads and writes the primary (lixing/common/replica.py).
REPLICA_URL = env_str("LIXING_REPLICA_URL", "")
LIXING_READ_REPLICA = "replica" if REPLICA_URL else None
if REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(REPLICA_URL, conn_max_age=env_int("LIXING_CONN_MAX_AGE", 60)),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["lixing.common.replica.ReplicaRouter"]
# After a write, this browser reads from the primary for this long (never its own write from a lagging replica).
LIXING_REPLICA_PIN_SECONDS = env_int("LIXING_REPLICA_PIN_SECONDS", 10)
LIXING_REPLICA_VIEWS = [
    "reports:index",
    "reports:export",
    "reports:breakdown",
    "reports:wall",
    "figures:*",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache"
        if env_bool("LIXING_SHARED_CACHE", False)
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lixing_cache",
    }
}

# --- Login policy (all settings; sane defaults) -----------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LIXING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LIXING_LOGIN_LOCKOUT_MINUTES", 15))
# Lock an account after N failures (whatever the source), and a browser (IP + user agent) that
# sprays many user names. Not the bare IP: a whole office often shares one NAT address.
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Idle timeout: a session that sees no request for this long is logged out.
LIXING_IDLE_TIMEOUT_SECONDS = env_int("LIXING_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = env_int("LIXING_SESSION_MAX_AGE_SECONDS", 12 * 3600)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("LIXING_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lixing.accounts.validators.MixedCharactersValidator"},
]

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
TIME_ZONE = env_str("LIXING_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("LIXING_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("LIXING_PRODUCTION", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: one limit for every attachment, photo and spreadsheet unless a feature says less.
LIXING_MAX_UPLOAD_MB = env_int("LIXING_MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Background tasks (django-tasks, database backend) -----------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("LIXING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Spreadsheets with at least this many rows are parsed in a second process while the first
# writes (both cores busy; see lixing/imports/pipeline.py). 0 turns that off. Such files are
# always large enough to run on the task worker, never inside a (threaded) web request.
LIXING_IMPORT_READ_AHEAD_ROWS = env_int("LIXING_IMPORT_READ_AHEAD_ROWS", 5000)
# Workers (`manage.py run_worker`) beat every few seconds; a task whose worker has not beaten
# for the lease is queued again, up to the tries (lixing/common/workers.py).
LIXING_WORKER_BEAT_SECONDS = env_int("LIXING_WORKER_BEAT_SECONDS", 5)
LIXING_WORKER_LEASE_SECONDS = env_int("LIXING_WORKER_LEASE_SECONDS", 60)
LIXING_WORKER_MAX_TRIES = env_int("LIXING_WORKER_MAX_TRIES", 3)
# An import job whose runner has not beaten for this long (on another machine) is taken for
# dead, marked failed and offered again (imports.services.import_recover).
LIXING_IMPORT_LEASE_SECONDS = env_int("LIXING_IMPORT_LEASE_SECONDS", 120)

# --- Figures ----------------------------------------------------------------------------
# A rate is shown only when its denominator reaches this size; below it the page shows "—".
LIXING_MIN_RATE_SAMPLE = env_int("LIXING_MIN_RATE_SAMPLE", 5)

# --- Security ---------------------------------------------------------------------------
PRODUCTION = env_bool("LIXING_PRODUCTION", False)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("LIXING_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("LIXING_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies whose X-Real-IP names the client (lixing/common/proxy.py); none by default.
LIXING_TRUSTED_PROXIES = env_list("LIXING_TRUSTED_PROXIES", "")
# Public forms (no account): submissions per address and window (lixing/deeds/ratelimit.py).
LIXING_PUBLIC_SUBMIT_LIMIT = env_int("LIXING_PUBLIC_SUBMIT_LIMIT", 5)
LIXING_PUBLIC_SUBMIT_WINDOW = env_int("LIXING_PUBLIC_SUBMIT_WINDOW", 3600)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LIXING_LOG_LEVEL", "WARNING")},
}
