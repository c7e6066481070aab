"""Settings for every profile, read from the environment.

With no environment variables the portal runs embedded: SQLite under var/,
eager Celery, local-memory cache and console e-mail, DEBUG on. Setting
DATABASE_URL (and REDIS_URL) selects the production profile, where DEBUG is
off unless DJANGO_DEBUG says otherwise and DJANGO_SECRET_KEY is required.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.exports import FormulaSafeCSV

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# --- Profile ----------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")
EMBEDDED = not DATABASE_URL

DEBUG = env.bool("DJANGO_DEBUG", default=EMBEDDED)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off; "
            "set it to a long random string (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    # Only reachable with DEBUG on: the embedded laptop profile.
    SECRET_KEY = "embedded-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
INTERNAL_IPS = ["127.0.0.1"]

# --- Applications -----------------------------------------------------------
INSTALLED_APPS = [
    "pmportal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "import_export",
    "allauth",
    "allauth.account",
    "axes",
    "pmportal",
    "core",
    "accounts",
    "careers",
    "jobs",
    "salaries",
    "outbox",
    "gigs",
    "messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it turns any door's refused sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmportal.urls"
WSGI_APPLICATION = "pmportal.wsgi.application"

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
                "pmportal.context_processors.csp_nonce",
                "pmportal.context_processors.navigation",
                "pmportal.context_processors.account",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASES: dict[str, dict[str, Any]]
if EMBEDDED:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "pmportal.sqlite3",
            # Writers wait for each other instead of failing with "database is locked".
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
else:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A page's queries run in milliseconds; PostgreSQL's JIT compiler would spend far longer
    # compiling any whose estimate is large, such as a search's fallback branch that a
    # page never runs (bench/README.md).
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options["options"] = f"{_db_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The job board's covering index columns (Index(include=...)) are a PostgreSQL optimisation;
# SQLite builds the same index without them, so its warning about them asks nothing of anyone.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache ------------------------------------------------------------------
# The cache only ever saves work: with Redis unreachable every read misses and every
# write is dropped (and logged), so pages, sign-in, throttles and allauth's limits carry
# on, each within the short timeouts. Password lockouts live in the database and hold.
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pmportal",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The job list as anonymous visitors see it is cached per query for at most this many
# seconds (0: never); any change to the board drops it at once (jobs/board_cache.py).
JOBS_BOARD_CACHE_SECONDS = env.int("JOBS_BOARD_CACHE_SECONDS", default=60)

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or None
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker every task runs inline, so the embedded profile needs no services.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = "UTC"
# A task taken by a worker that died before acknowledging it is handed out again after
# this long; tasks are safe to run twice, and none runs for anywhere near an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=60 * 60),
}
CELERY_BEAT_SCHEDULE = {
    # Skill demand for the skill-gap analysis follows the job board within the hour.
    "careers-refresh-skill-demand": {
        "task": "careers.tasks.refresh_skill_demand",
        "schedule": crontab(minute=20),
    },
    # Abandoned sign-ups hold an e-mail address hostage; clear them nightly.
    "accounts-purge-unverified": {
        "task": "accounts.tasks.purge_unverified_accounts",
        "schedule": crontab(hour=3, minute=15),
    },
    # Postings past valid_through leave the board within the hour.
    "jobs-expire-postings": {
        "task": "jobs.tasks.expire_postings",
        "schedule": crontab(minute=5),
    },
    # Recruiters hear about expiry a few days ahead, once a day is enough.
    "jobs-warn-expiring": {
        "task": "jobs.tasks.warn_expiring_postings",
        "schedule": crontab(hour=8, minute=0),
    },
    # Saved-search alerts: one digest a day per user, before the European working day.
    "jobs-saved-search-digests": {
        "task": "jobs.tasks.send_saved_search_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # Gigs that fit a freelancer's skills: the same daily digest, at the same time.
    "gigs-feed-digests": {
        "task": "gigs.tasks.send_gig_feed_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # Registered feeds run when their own interval has passed: checking every five minutes
    # starts each run within five minutes of when it is due.
    "jobs-run-due-feeds": {
        "task": "jobs.tasks.run_due_feeds",
        "schedule": crontab(minute="*/5"),
    },
    # E-mails the broker could not take, or whose send failed and is due again, go out
    # within a minute; see outbox/delivery.py for the retry waits.
    "outbox-drain": {
        "task": "outbox.tasks.drain_outbox",
        "schedule": crontab(),
    },
    # Blind reviews whose 14-day window has closed are published within the hour; a
    # second run finds nothing to publish.
    "gigs-publish-due-reviews": {
        "task": "gigs.tasks.publish_due_reviews",
        "schedule": crontab(minute=10),
    },
    # Sent e-mails older than a month are of no more use to staff; clear them nightly.
    "outbox-purge-sent": {
        "task": "outbox.tasks.purge_sent_messages",
        "schedule": crontab(hour=3, minute=45),
    },
    # Message e-mails whose own task the broker could not take go out on the next sweep.
    "messaging-send-due-emails": {
        "task": "messaging.tasks.send_due_thread_emails",
        "schedule": crontab(minute="*/5"),
    },
    # Response times on profiles move slowly (a 90-day median): nightly is fresh enough.
    "messaging-refresh-response-times": {
        "task": "messaging.tasks.refresh_response_times",
        "schedule": crontab(hour=4, minute=10),
    },
    # Hour logs a client leaves alone for 7 days are approved (Upwork's rule); hourly runs
    # pay each within the hour it falls due.
    "gigs-approve-due-hour-logs": {
        "task": "gigs.tasks.approve_due_hour_logs",
        "schedule": crontab(minute=50),
    },
    # Salary benchmarks and market insights follow new and expired postings hourly.
    "salaries-refresh-benchmarks": {
        "task": "salaries.tasks.refresh_salary_benchmarks",
        "schedule": crontab(minute=35),
    },
}

# --- Salary benchmarks ----------------------------------------------------------
# Postings older than this many days no longer count as salary observations.
SALARY_WINDOW_DAYS = env.int("SALARY_WINDOW_DAYS", default=365)

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[pmportal] "
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_RATE_LIMITS = {
    # Failed passwords are counted once, by the lockout below, at every door alike; the
    # forms that check a password need no request limit of their own, so signing in never
    # depends on the cache. Sign-up and reset, which send e-mail, stay limited: with the
    # cache unreachable those limits cannot be counted and answer 429 until it is back.
    "login": None,
    "login_failed": None,
    "change_password": None,
    "reauthenticate": None,
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Unverified sign-ups older than this are removed by accounts.tasks.purge_unverified_accounts.
ACCOUNTS_UNVERIFIED_TTL = timedelta(days=env.int("ACCOUNTS_UNVERIFIED_TTL_DAYS", default=14))

# --- Password lockout ---------------------------------------------------------
# Every door that checks a password (site and admin sign-in, API token, password change,
# re-authentication) reports failures to django-axes. Five failures within the cool-off
# lock the account (from any address) and, independently, the client address (for any
# account) until fifteen minutes after the last failure, or until staff delete the entry
# under Admin > Axes > Access attempts. Counts live in the database, so they hold with
# Redis down.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts while locked out neither count nor extend the lock, and a success resets
# nothing: otherwise an attacker's own sign-ins from an address would wipe its failures.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
# A failed request's form is kept for staff to read: mask every password field in it
# (allauth's password change sends the current and the new one).
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "oldpassword",
    "password1",
    "password2",
]
# Only failures are kept; a log of every successful sign-in and its address would grow
# without bound and serves no lockout.
AXES_DISABLE_ACCESS_LOG = True
# Quiet start-up: management commands' output stays theirs (failures are still logged).
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_email"
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"

# --- E-mail -----------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587; the console otherwise.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Absolute links in e-mails and feeds start with this.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="pmportal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Outbox: e-mail delivery ------------------------------------------------------
# An e-mail's outbox row stays locked while it is sent (outbox/delivery.py): a mail server
# that stops answering must not hold it, and the worker, for longer than this.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT_SECONDS", default=30)
# allauth's own e-mails get the portal's safe subjects, and its rate limits the portal's
# client address.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"

# --- Messaging ----------------------------------------------------------------------
# A thread's unread messages go out in one e-mail once the thread has been quiet this long,
# not one e-mail per message. Inline tasks (no broker) cannot wait and no beat sweeps up
# after them, so without a broker each message is e-mailed at once instead of never.
MESSAGING_EMAIL_QUIET_SECONDS = env.int(
    "MESSAGING_EMAIL_QUIET_SECONDS", default=0 if CELERY_TASK_ALWAYS_EAGER else 10 * 60
)

# --- Internationalization -----------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
# Private uploads (résumés) live outside MEDIA_ROOT and are never served by URL.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Payout details ----------------------------------------------------------------
# Fernet keys (comma-separated, newest first) that seal freelancers' bank and PayPal details;
# empty derives one from SECRET_KEY (gigs/encryption.py).
PAYOUT_DETAILS_KEYS = env.list("PAYOUT_DETAILS_KEYS", default=[])

# --- Admin exports and public uploads -------------------------------------------
# Every admin exports through this format alone: it neutralises cells a spreadsheet would
# run as formulas (core/exports.py says why the package's own setting is not enough).
EXPORT_FORMATS = [FormulaSafeCSV]

# --- Security -----------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A refused form says why in the site's layout and offers to retry.
CSRF_FAILURE_VIEW = "pmportal.views.csrf_failure"
if not DEBUG:
    # TLS ends at the proxy in front of gunicorn, which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe gunicorn directly over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# How many proxies of this deployment stand in front of gunicorn, each appending the
# address it saw to X-Forwarded-For. The throttles, the password lockout and allauth's
# rate limits (through accounts.adapter) take the client's address from that far down the
# header; 0 (the default) ignores the header, which any client can forge, and uses the
# connecting address.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate challenge from the first class, so a
    # missing or bad token answers 401 (session auth alone would make it 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's schema plus the 400/401/403/404/429 answers each operation can give.
    "DEFAULT_SCHEMA_CLASS": "core.api.ApiSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON bodies nested too deeply to decode answer 400 on every endpoint, not 500.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Services' ValidationError answers 400 with field errors, as a serializer's would.
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pmportal API",
    "DESCRIPTION": "Product-management careers, salary benchmarks and jobs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI's assets are served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per shared choice list: ISO 3166 countries, job levels, certification levels.
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "LevelEnum": "core.taxonomy.Level",
        # Companies' size and the salary benchmarks' company_size share one vocabulary.
        "CompanySizeEnum": "core.taxonomy.CompanySize",
        "CertificationLevelEnum": "careers.models.CertificationLevel",
        # Skills and gigs both have a "category", from different vocabularies.
        "SkillCategoryEnum": "careers.models.SkillCategory",
        "GigCategoryEnum": "gigs.domain.GigCategory",
        # A contract's type is its gig's budget type; statuses differ per object.
        "BudgetTypeEnum": "gigs.domain.BudgetType",
        "ContractStatusEnum": "gigs.domain.ContractStatus",
        "MilestoneStatusEnum": "gigs.domain.MilestoneStatus",
    },
}

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
