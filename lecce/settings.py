"""
Settings for the Lecce EU projects site.

Everything that differs between a laptop and production comes from the
environment, with defaults that are safe for a local run:

    DJANGO_DEBUG          "1"/"true"/"on" turns debug on; off otherwise.
    DJANGO_SECRET_KEY     required when debug is off.
    DJANGO_ALLOWED_HOSTS  comma-separated host names.
    DATABASE_URL          e.g. postgres://user@host:5432/name; SQLite file by default.
    DJANGO_MEDIA_ROOT     where uploaded images are stored.
    DJANGO_STATIC_ROOT    where `collectstatic` writes the static files the site serves; staticfiles/ by default.
    DJANGO_REDIS_URL      a cache shared by every application server (Redis); one per process otherwise.
    DJANGO_HTTPS          "0" serves plain HTTP with debug off (a load test on loopback); HTTPS otherwise.
    DJANGO_BEHIND_PROXY   "1" trusts the proxy's X-Forwarded-Proto (HTTPS) and X-Forwarded-For (the visitor's address).
                          "0" says there is no proxy: the application server terminates TLS itself.
                          Unset with debug off and HTTPS on, `check`, `migrate` and `runserver` warn (core.W002).
    DJANGO_HSTS_SECONDS   how long browsers must keep to HTTPS; a year by default, and only a year
                          or more asks to be preloaded into browsers.
    DJANGO_ADMIN_URL      where the admin lives, e.g. "redazione/"; "admin/" by default.
    DJANGO_IMPORTS_ROOT   where uploaded CORDIS files wait for the task worker; imports/ by default.
    DJANGO_DOCUMENTS_ROOT where the documents editors upload are kept (served by the site, not the proxy); documents/.
    DJANGO_DOCUMENT_MAX_MB  the largest document editors may upload, in megabytes; 20.
    DJANGO_PROGRESS_ROOT  where, without Redis, the worker writes an import's progress; imports/progress/.
    DJANGO_IMPORT_STALLED_AFTER  seconds without word from the worker before an import counts as stopped; 60.
    DJANGO_DB_CONNECT_TIMEOUT    seconds to wait for a connection to PostgreSQL, in every process; 5.
    DJANGO_DB_STATEMENT_TIMEOUT  seconds a statement may run on PostgreSQL while serving a request; 30, 0 for no limit.
                                 The task worker and management commands have no limit.
    DJANGO_REDIS_TIMEOUT  seconds to wait for Redis to connect or answer before going on without it; 0.5.
    DJANGO_ADMINS         "Name <address>, ..." who receive errors by e-mail; nobody by default.
    DJANGO_SERVER_EMAIL   the address those e-mails come from; root@localhost.
    DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT  the mail server that sends every e-mail; localhost, 25.
    DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD  the account on that server, if it asks for one; none.
    DJANGO_EMAIL_USE_TLS  "1" speaks STARTTLS to the mail server (port 587 as a rule); off by default.
    DJANGO_EMAIL_BACKEND  Django's e-mail backend; SMTP, or with debug on the console (e-mails are printed).
    DJANGO_DEFAULT_FROM_EMAIL  the address the contact form's e-mails to the office come from; the server's own.
    DJANGO_MANAGERS       "Name <address>, ..." who receive the contact form's messages when the office's
                          contact point has no e-mail address; nobody by default (the messages are only stored).
    DJANGO_CONTACT_MIN_SECONDS   a contact form sent back sooner than this after it was drawn is refused; 3.
    DJANGO_CONTACT_RATE_LIMIT    messages an hour one address may send through the contact form; 5, 0 for no limit.
    DJANGO_CONTACT_DAILY_CAP     messages a day the contact form accepts from everyone together; 200, 0 for no cap.
    DJANGO_CONTACT_RETENTION_DAYS  days a message is kept; `manage.py delete_old_messages` deletes older ones; 365.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    # Empty is as unset: `DJANGO_HTTPS=` must not turn HTTPS off.
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, "
            "or set DJANGO_DEBUG=1 for a local development run."
        )
    # Only ever used with debug on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    # Before the admin, so that its translated-field widgets take over the admin's.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "reversion",
    "reversion_compare",
    "adminsortable2",
    "django_countries",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # The site's own apps, each depending only on those above it.
    "core",
    "projects",
    "profiles",
    "contact",
    "calls",
    "opendata",
    "languages",
    "backups",
]

MIDDLEWARE = [
    # First, so that every response carries its request's id and every log line of the request names it.
    "core.middleware.RequestIdMiddleware",
    # Takes itself out at start-up: it caps the statements of the processes that serve requests.
    "core.middleware.StatementTimeoutMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions, locale and the rest: they need none of it.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, but readers of neither Italian nor English get English (languages/middleware.py).
    "languages.middleware.ForeignVisitorsInEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lecce.urls"


def organisation_page(organisation):
    """An organisation's page: organisations are the portfolio's data (projects/), their pages the
    editorial profiles (profiles/urls.py), the featured organisation's being the home page."""
    from django.urls import reverse

    if organisation.is_featured:
        return reverse("profiles:home")
    return reverse("profiles:organisation-detail", kwargs={"slug": organisation.slug})


ABSOLUTE_URL_OVERRIDES = {"projects.organisation": organisation_page}

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
                "languages.context_processors.page_languages",
                "profiles.context_processors.featured_organisation",
            ],
        },
    },
]

WSGI_APPLICATION = "lecce.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# How long a request waits for the database, so that a database that is down, hung or slow answers
# the error page in seconds instead of holding the request (and gunicorn's threads) for good.
# Connecting: in every process. A statement: only while serving requests (core.middleware.
# StatementTimeoutMiddleware); the task worker's imports, migrate, backup and restore may rightly run for
# minutes, and are not cut.
# The projects' covering index (projects_published_ids) lists extra columns that PostgreSQL stores in it; SQLite
# builds it on the key columns alone, which is all it needs there, and Django says so at each migrate.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "30"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves pages while a background import writes: with write-ahead logging
    # readers never wait for the writer, and a second writer waits its turn instead of failing. Its turn
    # comes within 30 s (an editor's save during an import, or the import behind an editor's save), then
    # the write fails with "database is locked": SQLite has no connection to wait for, nor a statement limit.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        # libpq's: a server that refuses is known at once, one that never answers after this many seconds.
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        # A server gone silent under an open connection (its host down, the network cut) is given up after
        # about 30 s, not TCP's quarter of an hour: when what was sent stays unacknowledged for 30 s, or
        # when, after 10 s without a word, four probes 5 s apart go unanswered. Neither cuts a long
        # statement of a server that is alive: its host acknowledges and answers the probes.
        "tcp_user_timeout": 30_000,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 4,
        # Parameters in DATABASE_URL's query string (?sslmode=require&connect_timeout=10) win.
        **DATABASES["default"].get("OPTIONS", {}),
    }

# Downloads of the public lists, written once per content version (opendata/files.py): private, never served
# by the proxy, not backed up. Unset: exports/ in the imports folder (so that test runs use their own).
EXPORTS_ROOT = os.environ.get("DJANGO_EXPORTS_ROOT")
EXPORTS_MAX_MB = int(os.environ.get("DJANGO_EXPORTS_MAX_MB", "1024"))
# Downloads and API requests a minute per visitor's address (opendata/throttle.py); 0 turns the limit off.
DOWNLOADS_PER_MINUTE = int(os.environ.get("DJANGO_DOWNLOADS_PER_MINUTE", "60"))
API_REQUESTS_PER_MINUTE = int(os.environ.get("DJANGO_API_REQUESTS_PER_MINUTE", "60"))

# Long work (CORDIS imports) runs as a task in a worker process (`manage.py db_worker`), queued in
# the database: SQLite on a laptop, PostgreSQL in production.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Italian first: the default language, the language of a visitor whose browser asks for
# neither, and the first column editors fill in.
LANGUAGE_CODE = "it"
LANGUAGES = [
    ("it", _("Italian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as “1 febbraio 2016” and “1 February 2016”.
FORMAT_MODULE_PATH = ["lecce.formats"]
# Content written in one language only is shown in that language in the other.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("it", "en")}
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# `collectstatic` writes each file under a name with a hash of its content (css/site.3f1c9a0b2d4e.css),
# plus gzip copies, and {% static %} points at that name. WhiteNoise (in MIDDLEWARE) serves them from
# STATIC_ROOT, so no proxy has to, and lets browsers keep a hashed file for ten years: a changed file
# gets a new name. With debug on, {% static %} keeps the plain names and nothing needs collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded CORDIS files wait here for the task worker: private, never served to visitors.
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(os.environ.get("DJANGO_IMPORTS_ROOT", BASE_DIR / "imports"))},
    },
    # Documents editors upload (a project's results): served by a view that stops browsers running them
    # (core.documents.serving, at /documents/), never straight from the web server. The field's files link to
    # that view whatever the storage (core.documents.fields); base_url says the same to anything else asking.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(os.environ.get("DJANGO_DOCUMENTS_ROOT", BASE_DIR / "documents")),
            "base_url": "/documents/",
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Pages, counts and insights are cached per content version (core/content_version.py), which the
# database keeps, so no cache is ever out of date. Production shares one cache between its
# application servers (DJANGO_REDIS_URL), so that each page is rendered once, not once per process.
# The cache holds only copies: when Redis refuses, hangs or fails, pages are rendered without it
# (core/cache.py), each request waiting for it at most REDIS_TIMEOUT once, then not again for
# retry_after seconds.
REDIS_TIMEOUT = float(os.environ.get("DJANGO_REDIS_TIMEOUT", "0.5"))
if os.environ.get("DJANGO_REDIS_URL"):
    CACHES = {"default": {
        "BACKEND": "core.cache.ForgivingRedisCache",
        "LOCATION": os.environ["DJANGO_REDIS_URL"],
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT, "retry_after": 5},
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The progress of a CORDIS import, written by the worker and read by the admin: shared by every process.
# With Redis, there; otherwise in files, which a worker on the same machine shares with the site.
CACHES["progress"] = (
    {**CACHES["default"], "KEY_PREFIX": "progress"} if os.environ.get("DJANGO_REDIS_URL") else
    {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
     "LOCATION": Path(os.environ.get("DJANGO_PROGRESS_ROOT", BASE_DIR / "imports" / "progress"))}
)
# A running import whose worker has not been heard of for this long is reported as stopped.
IMPORT_STALLED_AFTER = int(os.environ.get("DJANGO_IMPORT_STALLED_AFTER", "60"))

# Whole public pages are cached until the content changes (core/page_cache.py).
CACHE_PUBLIC_PAGES = True

# Uploads larger than this are refused by the image validators with a form
# message; Django itself keeps files over 2.5 MB on disk while validating.
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Documents larger than this are refused with a form message (core/documents/validation.py), which the
# field's help text states too. The proxy in front must let a request this large through.
DOCUMENT_MAX_SIZE = int(os.environ.get("DJANGO_DOCUMENT_MAX_MB", "20")) * 1024 * 1024

# Security. With debug off the site is served over HTTPS only, normally behind a proxy that
# terminates TLS; `python manage.py check --deploy` passes with no warning.
HTTPS = not DEBUG and env_flag("DJANGO_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The browsers' preload lists take a site only with a year of HTTPS or more; a shorter time is a
# trial run, and preloading, which is slow to undo, must wait for it.
SECURE_HSTS_PRELOAD = HTTPS and SECURE_HSTS_SECONDS >= 365 * 24 * 60 * 60
# True, False, or None when not said: core/checks.py warns then, since behind a proxy that terminates
# TLS every request would look like plain HTTP and be redirected to HTTPS again, endlessly.
BEHIND_PROXY = env_flag("DJANGO_BEHIND_PROXY", default=None)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A monitor that asks the application server itself, over plain HTTP, gets the health check, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Only the site's own scripts, styles and images; no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # One exception, for the revision history of django-reversion-compare: it hides the first
        # radio button with style="visibility:hidden". This hash allows that exact attribute only.
        "style-src-attr": ["'unsafe-hashes'", "'sha256-I/4Jcdrg5KNFrU0X4p2nNmjeGh9aI+9ac0cUllI5SwY='"],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# No page of the site needs any of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "usb", "xr-spatial-tracking",
    ]
}

# History (django-reversion-compare): a reference to another item counts as changed when it points
# elsewhere, not whenever anything else in the item changed.
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# Admin sign-in (django-axes): after 5 failures for one user name from one address, that user name is
# refused from that address for an hour; after 20 failures from one address, whatever the names, the address
# is. Never a user name from everywhere: a stranger who knows an editor's name would lock the editor out
# (lecce/visitors.py: failure_limit). A superuser lifts a lock by deleting its access attempts in the admin
# (Axes → Access attempts) or with `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGN_IN_FAILURES_PER_NAME = 5
SIGN_IN_FAILURES_PER_ADDRESS = 20
AXES_FAILURE_LIMIT = "lecce.visitors.failure_limit"
AXES_COOLOFF_TIME = 1  # hours
# django-axes counts the failures of each group and compares the largest with one limit; the address's
# count is always the largest, so the limit itself depends on the user name's count there.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind the proxy, the visitor's address is the one the proxy added last to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "lecce.visitors.address"


# Who hears of errors by e-mail, besides the log: DJANGO_ADMINS="Ufficio Europa <europa@example.org>, ...".
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("DJANGO_ADMINS", "")]) if address]
if any("@" not in address for _, address in ADMINS):
    raise ImproperlyConfigured(
        'DJANGO_ADMINS must be e-mail addresses, separated by commas: "Name <name@example.org>, other@example.org".'
    )
# Who receives the contact form's messages when the office's contact point has no address (contact/mail.py).
MANAGERS = [(name, address) for name, address in getaddresses([os.environ.get("DJANGO_MANAGERS", "")]) if address]
if any("@" not in address for _, address in MANAGERS):
    raise ImproperlyConfigured(
        'DJANGO_MANAGERS must be e-mail addresses, separated by commas: "Name <name@example.org>, other@example.org".'
    )
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", SERVER_EMAIL)
# With debug on (`make run`) e-mails are printed where runserver writes, and sent nowhere.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
# The e-mail is sent by the request that failed, or that sent the contact form: a mail server that does not
# answer must not hold it.
EMAIL_TIMEOUT = 5

# The contact form (contact/spam.py, contact/mail.py): the least time a person takes to fill it in, the
# messages an hour from one address and a day from everyone, how long messages are kept, and the e-mails' subject.
CONTACT_MIN_SECONDS = int(os.environ.get("DJANGO_CONTACT_MIN_SECONDS", "3"))
CONTACT_RATE_LIMIT = int(os.environ.get("DJANGO_CONTACT_RATE_LIMIT", "5"))
CONTACT_DAILY_CAP = int(os.environ.get("DJANGO_CONTACT_DAILY_CAP", "200"))
CONTACT_RETENTION_DAYS = int(os.environ.get("DJANGO_CONTACT_RETENTION_DAYS", "365"))
CONTACT_SUBJECT_PREFIX = "[Sito progetti UE] "

# Warnings and errors, of Django, of the site's own modules and of the libraries they use, go to
# standard error one line each, with time, level, the id of the request they happened in ("-" outside
# one; core/middleware.py) and logger name; gunicorn and systemd keep them. With DJANGO_ADMINS set, errors
# are also e-mailed, each kind at most once in five minutes, so that an outage failing every request sends
# one e-mail, not thousands. Django's own handlers on its "django" logger give way, so no line is written
# or sent twice: its console (debug only, the same stream) and its e-mail to ADMINS. Configuring "django"
# resets the loggers under it, so runserver's request log, "django.server", is declared again as Django has it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.logs.RequestIdFilter"},
        "once_in_a_while": {"()": "core.logs.OnceInAWhile", "seconds": 300},
    },
    "formatters": {
        "line": {"format": "{asctime} {levelname} [{request_id}] {name}: {message}", "style": "{"},
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["request_id", "once_in_a_while"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["stderr", "mail_admins"] if ADMINS else ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
