"""Klankbord settings: one file, every value from the environment.

The defaults are safe for development on this machine (PostgreSQL with trust auth and
Redis on localhost). Production sets ``DJANGO_DEBUG=0`` and real secrets.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "django_htmx",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "core",
    "regions",
    "network",
    "cases",
    "ambassadors",
    "signals",
    "outreach",
    "security",
    "demo",
]

MIDDLEWARE = [
    # First: the request id and the request's log line (core.observability), then
    # the health probes, answered before the host check and everything else.
    "core.observability.RequestLogMiddleware",
    "config.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.NoStoreForAuthenticatedMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
        },
    },
]

# Two PostgreSQL roles (docs/security.md, "The database roles"). ``default`` is the role
# the web app, the Celery worker and beat connect as: it owns nothing and may only read
# and write rows (the access log: append and read only). ``owner`` owns the schema and
# is used only by ``manage.py migrate`` (core's migrate runs there by default) and to
# create the test database; give its password only to the migration step.
_DATABASE = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": env("POSTGRES_DB", "klankbord"),
    "HOST": env("POSTGRES_HOST", "localhost"),
    "PORT": env("POSTGRES_PORT", "5432"),
    "ATOMIC_REQUESTS": False,
}
DATABASES = {
    "default": {
        **_DATABASE,
        "USER": env("POSTGRES_USER", "klankbord_app"),
        "PASSWORD": env("POSTGRES_PASSWORD", ""),
        "CONN_MAX_AGE": env_int("POSTGRES_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    },
    "owner": {
        **_DATABASE,
        "USER": env("POSTGRES_OWNER_USER", "klankbord_owner"),
        "PASSWORD": env("POSTGRES_OWNER_PASSWORD", ""),
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses to authenticate at all while a username or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, its per-request read of the user compiled once. (Sessions
    # name their backend: ones made under "django.contrib.auth.backends.ModelBackend"
    # before 2026-12 end, and their users sign in again.)
    "security.backends.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# django-guardian: no anonymous user row; anonymous visitors never hold object grants.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
# Argon2id first: new and re-hashed passwords use it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not under STATIC_ROOT or any served URL: files leave only through a view.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env(
                "KLANKBORD_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")
            ),
            "base_url": "/niet-openbaar/",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", "Klankbord <noreply@klankbord.invalid>"
)
# The public address of the site, used in e-mails (which must never carry case content).
SITE_URL = env("KLANKBORD_SITE_URL", "http://127.0.0.1:8000")

# --- security: sessions, cookies, headers, 2FA, lockout ------------------------------
# One switch for a deployment behind HTTPS; each value can still be set on its own.
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_ENGINE = "security.sessions"
SESSION_COOKIE_NAME = env("DJANGO_SESSION_COOKIE_NAME", "klankbord_session")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute lifetime of a login, and how long it may sit unused (config.middleware).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
KLANKBORD_SESSION_IDLE_SECONDS = env_int("KLANKBORD_SESSION_IDLE_SECONDS", 30 * 60)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# htmx reads the token from <meta name="csrf-token">, so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# django-csp 4. No inline script or style anywhere: JS and CSS are static files; a
# nonce is there for the rare template that needs one. data: images are the SVG icons
# inside the vendored NL Design System CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# Encryption at rest of free-text case content (core.crypto): AES-256-GCM keys as
# "id:base64key,..." and the id of the key new values get. Separate from SECRET_KEY.
# The default is a PUBLISHED development/test key; `check --deploy` refuses it.
KLANKBORD_ENCRYPTION_KEYS = env(
    "KLANKBORD_ENCRYPTION_KEYS",
    "dev-insecure:a2xhbmtib3JkLWRldi1rZXktbm90LXNlY3JldCEhISE=",
)
KLANKBORD_ENCRYPTION_KEY_ID = env("KLANKBORD_ENCRYPTION_KEY_ID", "")

# Two-factor authentication (django-otp): every signed-in user verifies a TOTP code or
# a recovery code before any page but the 2FA pages and logout (RequireTwoFactor...).
OTP_TOTP_ISSUER = env("KLANKBORD_OTP_ISSUER", "Klankbord")
OTP_TOTP_THROTTLE_FACTOR = 1
KLANKBORD_RECOVERY_CODES = 10

# django-axes: lock out per username and per (username, address), never per address
# alone: behind a proxy, or on a shared office line, one address is many users, and one
# attacker must not lock them all out. The 2FA step reports its failures the same way
# (security.views), so guessing codes is locked out too.
AXES_FAILURE_LIMIT = env_int("KLANKBORD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KLANKBORD_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
# The client address: REMOTE_ADDR, or X-Forwarded-For only when the request comes from
# one of these proxies (addresses or networks, comma-separated; default none).
AXES_CLIENT_IP_CALLABLE = "security.lockout.client_address"
# The username typed, cut to a username's length (a longer one broke the login page).
AXES_USERNAME_CALLABLE = "security.lockout.client_username"
KLANKBORD_TRUSTED_PROXIES = env_list("KLANKBORD_TRUSTED_PROXIES", "")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "current_token", "token"]

CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Long tasks run under a lease (core.leases; docs/operations.md, "Taken die een dode
# host overleven"): renewed every third of this term while the task runs; once it
# expired unfinished (the worker's host died), beat re-sends the task within a minute.
KLANKBORD_TASK_LEASE_SECONDS = env_int("KLANKBORD_TASK_LEASE_SECONDS", 120)
# A task whose worker died this often is given up (the report is marked failed).
KLANKBORD_TASK_MAX_ATTEMPTS = env_int("KLANKBORD_TASK_MAX_ATTEMPTS", 3)
# Each long task's hard time limit in seconds (the soft limit is a minute less): the
# worker kills a run that takes longer. The broker's visibility timeout follows the
# longest of them.
KLANKBORD_TASK_TIME_LIMITS = {
    "signals.tasks.compile_report": 15 * 60,
    "signals.tasks.compile_release_task": 30 * 60,
    "security.tasks.purge_expired_records": 60 * 60,
    "core.tasks.backup": 2 * 60 * 60,
}
CELERY_TASK_ANNOTATIONS = {
    name: {"time_limit": seconds, "soft_time_limit": seconds - 60}
    for name, seconds in KLANKBORD_TASK_TIME_LIMITS.items()
}
# Fail fast when Redis is unreachable: the outbox sweeper delivers later.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # A message a worker took and did not acknowledge (acks_late) goes back to the
    # queue after this. It must outlast the longest task, or Redis hands a task that
    # is still running to a second worker: the longest time limit plus ten minutes
    # (a larger KLANKBORD_BROKER_VISIBILITY_TIMEOUT is kept). A dead host's task is
    # picked up long before that, through its lease.
    "visibility_timeout": max(
        env_int("KLANKBORD_BROKER_VISIBILITY_TIMEOUT", 0),
        max(KLANKBORD_TASK_TIME_LIMITS.values()) + 10 * 60,
    ),
}
# One beat at a time (config/beat.py): a second beat waits for the lock.
CELERY_BEAT_SCHEDULER = "config.beat:LockedScheduler"
# Beat wakes at least this often (it renews its lock then).
CELERY_BEAT_MAX_INTERVAL = 10
KLANKBORD_BEAT_LOCK_SECONDS = env_int("KLANKBORD_BEAT_LOCK_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    # Beat's sign of life for /gereed/ (config.observability).
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    "deliver-pending-handoff-notifications": {
        "task": "cases.tasks.deliver_pending_notifications",
        "schedule": 300.0,
    },
    "signals-release-after-quarter": {
        "task": "signals.tasks.release_after_quarter",
        "schedule": 3600.0,
    },
    "prepare-return-day-reports": {
        "task": "signals.tasks.prepare_return_day_reports",
        "schedule": 6 * 60 * 60.0,
    },
    "purge-applications-not-appointed": {
        "task": "ambassadors.tasks.purge_applications",
        "schedule": 6 * 60 * 60.0,
    },
    "purge-expired-records": {
        "task": "security.tasks.purge_expired_records",
        "schedule": crontab(hour=3, minute=30),
    },
    # Long tasks whose worker died (their lease expired) are sent again.
    "resend-expired-leases": {
        "task": "core.tasks.resend_expired_leases",
        "schedule": 60.0,
    },
    "backup": {
        "task": "core.tasks.backup",
        "schedule": crontab(hour=2, minute=15),
    },
    # The follow-up clocks (cases.services.followups): idempotent, each firing is a
    # unique row, so a restarted or doubled beat does not fire twice.
    "follow-up-clocks": {
        "task": "cases.tasks.run_clocks",
        "schedule": 60.0,
    },
    "notification-digests": {
        "task": "cases.tasks.send_notification_digests",
        "schedule": crontab(hour=7, minute=30),
    },
}

# The follow-up clocks (docs/operations.md). A call to the 24/7 line is called back
# within KLANKBORD_CALLBACK_HOURS when it came in office hours (weekdays, the hours
# "from-to" of KLANKBORD_CALLBACK_OFFICE_HOURS), within
# KLANKBORD_CALLBACK_HOURS_OUTSIDE_OFFICE otherwise; an offered handoff not accepted
# within KLANKBORD_HANDOFF_ACCEPT_DAYS goes back to the advisor; an accepted case needs
# a contact moment within KLANKBORD_FIRST_CONTACT_DAYS.
KLANKBORD_CALLBACK_HOURS = env_int("KLANKBORD_CALLBACK_HOURS", 1)
KLANKBORD_CALLBACK_HOURS_OUTSIDE_OFFICE = env_int(
    "KLANKBORD_CALLBACK_HOURS_OUTSIDE_OFFICE", 12
)
KLANKBORD_CALLBACK_OFFICE_HOURS = tuple(
    int(hour) for hour in env("KLANKBORD_CALLBACK_OFFICE_HOURS", "9-17").split("-", 1)
)
KLANKBORD_HANDOFF_ACCEPT_DAYS = env_int("KLANKBORD_HANDOFF_ACCEPT_DAYS", 3)
KLANKBORD_FIRST_CONTACT_DAYS = env_int("KLANKBORD_FIRST_CONTACT_DAYS", 5)

# Retention terms in days per kind of record (security.retention). The access log
# cannot go below 365, and never below the term the database keeps (at least 365, set
# by the owner role in cases_auditevent_retention): the database refuses to delete
# younger events.
KLANKBORD_RETENTION = {
    "closed_cases": env_int("KLANKBORD_RETAIN_CLOSED_CASES_DAYS", 2 * 365),
    "notes": env_int("KLANKBORD_RETAIN_NOTES_DAYS", 365),
    "access_log": max(365, env_int("KLANKBORD_RETAIN_ACCESS_LOG_DAYS", 5 * 365)),
}

# The 24/7 line of the support team (OTWB) and the advisors' office hours, shown on
# the help page (/hulp/). Contact details are configuration, never in the code: the
# defaults are empty, and the page says so until they are set.
KLANKBORD_HOTLINE_PHONE = env("KLANKBORD_HOTLINE_PHONE", "")
KLANKBORD_HOTLINE_HOURS = env("KLANKBORD_HOTLINE_HOURS", "")
KLANKBORD_OFFICE_HOURS = env("KLANKBORD_OFFICE_HOURS", "")
# Signals: disclosure control of every published figure (see README). The threshold is
# refused below 5 by a system check.
SIGNALS_DISCLOSURE_THRESHOLD = env_int("SIGNALS_DISCLOSURE_THRESHOLD", 10)
# Quarters a statistics release covers (the newest closed quarter and those before).
SIGNALS_RELEASE_QUARTERS = env_int("SIGNALS_RELEASE_QUARTERS", 12)
# Key of the per-release digest (HMAC); defaults to one derived from SECRET_KEY.
SIGNALS_DIGEST_KEY = env("SIGNALS_DIGEST_KEY", "")
# Key of the person pseudonym (HMAC); defaults to one derived from SECRET_KEY.
SIGNALS_PERSON_KEY = env("SIGNALS_PERSON_KEY", "")
# How many days before a planned return day its report is prepared.
SIGNALS_RETURN_DAY_LEAD_DAYS = env_int("SIGNALS_RETURN_DAY_LEAD_DAYS", 14)

# Triage queue page size.
KLANKBORD_QUEUE_PAGE_SIZE = env_int("KLANKBORD_QUEUE_PAGE_SIZE", 25)

# Error reports never carry POST data or traceback variables (case content).
DEFAULT_EXCEPTION_REPORTER_FILTER = "security.reporting.NoContentReportFilter"
DEFAULT_EXCEPTION_REPORTER = "security.reporting.NoContentReporter"
# The ambassador network. The role profile names "8-10 uur" without a
# period; we read it as per month (configurable). Dagdelen of training and intervision
# are per calendar year.
KLANKBORD_AMBASSADOR_HOURS_MIN = env_int("KLANKBORD_AMBASSADOR_HOURS_MIN", 8)
KLANKBORD_AMBASSADOR_HOURS_MAX = env_int("KLANKBORD_AMBASSADOR_HOURS_MAX", 10)
KLANKBORD_AMBASSADOR_DAGDELEN_MIN = env_int("KLANKBORD_AMBASSADOR_DAGDELEN_MIN", 2)
KLANKBORD_AMBASSADOR_DAGDELEN_MAX = env_int("KLANKBORD_AMBASSADOR_DAGDELEN_MAX", 4)
KLANKBORD_NETWORK_PAGE_SIZE = env_int("KLANKBORD_NETWORK_PAGE_SIZE", 25)
# Applications (CVs) live in STORAGES["private"] (var/private, outside the web root)
# and are served only through a view that checks the selection-committee role.
# Applications of people not appointed are purged this many days after the decision
# (or after the closing date, when undecided).
KLANKBORD_CV_MAX_BYTES = env_int("KLANKBORD_CV_MAX_BYTES", 5 * 1024 * 1024)
KLANKBORD_APPLICATION_RETENTION_DAYS = env_int(
    "KLANKBORD_APPLICATION_RETENTION_DAYS", 28
)
# Files on a case (evidence): at most this many bytes each, sealed in
# STORAGES["private"] and served only through the case's permission-checked view.
KLANKBORD_ATTACHMENT_MAX_BYTES = env_int(
    "KLANKBORD_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024
)

# OT on Tour: the target of gemeenten approached by a date.
KLANKBORD_OUTREACH_TARGET = env_int("KLANKBORD_OUTREACH_TARGET", 200)
KLANKBORD_OUTREACH_TARGET_DATE = env("KLANKBORD_OUTREACH_TARGET_DATE", "2026-12-31")
KLANKBORD_OUTREACH_PAGE_SIZE = env_int("KLANKBORD_OUTREACH_PAGE_SIZE", 50)
KLANKBORD_OUTREACH_IMPORT_MAX_BYTES = env_int(
    "KLANKBORD_OUTREACH_IMPORT_MAX_BYTES", 2 * 1024 * 1024
)

# Logs (docs/operations.md, "Logs"): one JSON object per line in production, readable
# text in development. Every record carries the request id (core.observability).
LOG_FORMAT = env("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.observability.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Lockouts are warnings; every successful login at INFO is noise.
        "axes": {"level": "WARNING"},
        # WeasyPrint's "Step 1 ... Step 7" per PDF, font subsetting and image decoding.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "fontTools.subset": {"level": "WARNING"},
        "PIL": {"level": "WARNING"},
        # Celery's "Task ... succeeded: <return value>": klankbord.task says it once,
        # without the value.
        "celery.app.trace": {"level": "WARNING"},
    },
}

# Backups (core.backup; docs/operations.md, "Back-ups"): `manage.py backup` (and beat,
# daily) writes the database (pg_dump -Fc, as the owner role) and the private files,
# sealed with KLANKBORD_BACKUP_KEY (32 bytes, base64url: `manage.py backup --new-key`),
# into KLANKBORD_BACKUP_DIR, and keeps the newest KLANKBORD_BACKUP_KEEP.
# `manage.py restore_check` restores the newest into a scratch database and checks it.
KLANKBORD_BACKUP_DIR = env("KLANKBORD_BACKUP_DIR", str(BASE_DIR / "var" / "backups"))
KLANKBORD_BACKUP_KEY = env("KLANKBORD_BACKUP_KEY", "")
KLANKBORD_BACKUP_KEEP = env_int("KLANKBORD_BACKUP_KEEP", 14)
# Whom pg_dump connects as: "owner" (DATABASES["owner"]) or "default" (the
# application's role, which can read every table: for a worker without the owner's
# password).
KLANKBORD_BACKUP_DATABASE = env("KLANKBORD_BACKUP_DATABASE", "owner")
