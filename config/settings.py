"""One settings module, driven by the environment, with safe embedded defaults.

With nothing set it runs on a SQLite file and a filesystem Celery broker, so `make run` needs no
server. `DATABASE_URL` and `CELERY_BROKER_URL` switch to PostgreSQL and Redis.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))  # runtime files: broker queue, SQLite test DB
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    # A typo ("ture", "enabled") must not silently switch a safety setting off.
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - only with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] + (["*"] if DEBUG else []))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # First, so `manage.py runserver` is Daphne's: one ASGI server for HTTP and WebSocket.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "channels",
    "django_prometheus",
    "recruiting",
    "matching",
    "integrations",
    "ats",
    "analytics",
]

MIDDLEWARE = [
    # Prometheus request counting and timing (config/metrics.py): first in, last out.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Outermost, so the X-RateLimit-* headers survive any error rewriting further in.
    "ats.api.middleware.RateLimitHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: pages show and read times in the signed-in person's zone.
    "recruiting.time_zones.UserTimeZoneMiddleware",
    # Numbers and salaries in the person's format ("85.000 €" for German), the words staying English.
    "recruiting.number_formats.NumberFormatMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "recruiting.api.errors.ApiJsonErrorMiddleware",
    "recruiting.login_throttle.LoginThrottleMiddleware",
    "recruiting.security.SecurityHeadersMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Persistent connections measured ~5.7x faster for list serving.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_PREPARED_STATEMENTS", True):
    # Long repeated reads (the lists PostgreSQL renders) are parsed once per connection
    # (config/prepared_statements.py); off for a transaction-pooling PgBouncer.
    from config import prepared_statements

    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connection_factory=prepared_statements.PreparingConnection,
        cursor_factory=prepared_statements.PreparingCursor,
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, worker and beat share the demo database without lock errors.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not pytest's default in-memory database, so tests can start server and worker
    # processes that open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis when configured: shared by every process; local memory otherwise) ---------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Bounded waits: a Redis that hangs must not hang requests (recruiting/shared_cache.py treats it as a miss).
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.PooledClientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            # Two deployments (or a test run beside a dev server) sharing one Redis must not read each
            # other's remembered totals and page starts: organization ids repeat across databases.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", str(DATABASES["default"]["NAME"])),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Real-time (WebSocket notifications, recruiting/realtime.py) ------------------------------
# Redis when configured, so a message published by a worker reaches sockets held by any server
# process; the in-memory layer otherwise, which reaches only sockets of the publishing process.
ASGI_APPLICATION = "config.asgi.application"
if REDIS_URL:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "recruiting.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in attempts per client address on /api/v1/auth/login, /accounts/login/ and /admin/login/.
LOGIN_RATE_LIMIT = env_str("LOGIN_RATE_LIMIT", "30/minute")
# How many reverse proxies in front append to X-Forwarded-For; 0 (default) ignores the header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind TLS (docs/operations.md): redirect plain HTTP, send HSTS, and trust the proxy's scheme header.
# Off by default so `make run` and tests work over plain HTTP on loopback.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The load balancer's health probe speaks plain HTTP to the app.
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_X_FORWARDED_PROTO", False) else None
# Pages allow scripts from this site only; inline styles stay allowed (style attributes and the SVG
# charts' own <style>). Django admin and the Swagger UI keep their own inline scripts and are exempt.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES = ("/admin/", "/api/docs/")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Set STATIC_ROOT for `collectstatic` in production; without it WhiteNoise serves from the finders.
STATIC_ROOT = env_str("STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": env_str("DOCUMENTS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Documents and resumes (recruiting/documents.py, recruiting/resume_parsing.py, docs/resumes.md).
# Files go to the default storage above: local files under MEDIA_ROOT, or any S3-compatible store
# when DOCUMENTS_STORAGE_BACKEND names django-storages' backend (its AWS_* settings come from the
# environment; see docs/resumes.md).
DOCUMENTS_MAX_UPLOAD_BYTES = env_int("DOCUMENTS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# A DOCX is a zip: refuse one that inflates beyond this, or with a member compressed more than this ratio.
DOCUMENTS_DOCX_MAX_UNCOMPRESSED_BYTES = env_int("DOCUMENTS_DOCX_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
DOCUMENTS_DOCX_MAX_RATIO = env_int("DOCUMENTS_DOCX_MAX_RATIO", 100)
DOCUMENTS_DOCX_MAX_ENTRIES = env_int("DOCUMENTS_DOCX_MAX_ENTRIES", 2000)
# Signed storage URLs (POST /api/v1/storage/presigned-url) stop working after this many seconds.
DOCUMENTS_SIGNED_URL_SECONDS = env_int("DOCUMENTS_SIGNED_URL_SECONDS", 900)
# Phone numbers without a country code (resumes, duplicate detection) are read as numbers of this region.
PHONE_DEFAULT_REGION = env_str("PHONE_DEFAULT_REGION", "US")
# A stored file that no document row names (its transaction rolled back) is deleted by beat after this long.
DOCUMENTS_ORPHAN_GRACE_HOURS = env_int("DOCUMENTS_ORPHAN_GRACE_HOURS", 24)
# Candidates whose every application was rejected are anonymised this many days after the last
# rejection (recruiting/lifecycle.py, a beat task every 6 hours); 0 keeps them until someone erases them.
RETENTION_REJECTED_CANDIDATES_DAYS = env_int("RETENTION_REJECTED_CANDIDATES_DAYS", 0)
# Resumes still pending this long after their parse was queued are queued again by beat.
RESUME_PARSE_REQUEUE_AFTER_SECONDS = env_int("RESUME_PARSE_REQUEUE_AFTER_SECONDS", 120)

# Free-form JSON fields (ats_data, education, integration settings): a partner row stays small.
FREE_FORM_JSON_MAX_BYTES = env_int("FREE_FORM_JSON_MAX_BYTES", 64 * 1024)
FREE_FORM_JSON_MAX_ENTRIES = env_int("FREE_FORM_JSON_MAX_ENTRIES", 1000)
# Id lists in API bodies (a job's hiring team, an interview's interviewers) are resolved in one
# query and capped, so one request cannot tie up a worker with 100,000 lookups.
API_MAX_IDS_PER_LIST = env_int("API_MAX_IDS_PER_LIST", 200)

# Bulk intake sends up to 1,000 candidates in one JSON body; larger bodies are a JSON 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
# A request sent without a Content-Length (chunked) is read under gunicorn up to this many bytes
# (config/chunked_bodies.py): the largest body any endpoint accepts, the CSV import's 64 MB file with its
# multipart framing. One byte more and Django's own limits answer 413.
CHUNKED_BODY_MAX_BYTES = env_int("CHUNKED_BODY_MAX_BYTES", 64 * 1024 * 1024 + 64 * 1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Recruiter Platform <no-reply@recruiter.local>")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "recruiting.api.authentication.BearerJWTAuthentication",
        # Partner systems authenticate with `X-API-Key` on /api/ats/ and on the whole v1 API.
        "ats.api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["recruiting.api.permissions.HasOrganizationRole"],
    # The organization's per-minute plan window (ats/api/throttling.py), on every API view.
    "DEFAULT_THROTTLE_CLASSES": ["ats.api.throttling.OrganizationPlanThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API takes JSON; the views that take a file (uploads, resumes, CSV import) add multipart
    # themselves, so the published schema offers each operation exactly the media types it reads.
    "DEFAULT_PARSER_CLASSES": ["recruiting.api.parsers.DepthLimitedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "recruiting.api.filters.PlatformFilterBackend",
        "recruiting.api.filters.DeclaredOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "recruiting.api.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "recruiting.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "recruiting.api.schema.PlatformAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# A list's `count` is exact up to this many rows, PostgreSQL's estimate past it, kept for a minute
# (recruiting/counting.py).
API_EXACT_COUNT_LIMIT = env_int("API_EXACT_COUNT_LIMIT", 1_000)
# Totals up to this many rows are counted on every request; a larger one, counted, is kept as the list's
# estimate for API_COUNT_ESTIMATE_SECONDS like the planner's (recruiting/counting.py).
API_RECOUNT_LIMIT = env_int("API_RECOUNT_LIMIT", 100)
API_COUNT_ESTIMATE_SECONDS = env_int("API_COUNT_ESTIMATE_SECONDS", 60)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 30)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "SIGNING_KEY": SECRET_KEY,
    "UPDATE_LAST_LOGIN": False,
    # Tokens carry a digest of the password hash: a password change or reset ends every session.
    "CHECK_REVOKE_TOKEN": True,
    # A refresh answers a new refresh token and blacklists the one it used (token_blacklist app).
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Recruiter Platform API",
    "DESCRIPTION": (
        "Jobs, candidates, pipelines, interviews and scorecards for recruiters and partner systems. "
        'Every error is JSON: {"detail": "...", "code": "MACHINE_CODE"}, with "errors" for field '
        'validation and "retry_after" for 429.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Job.experience_level and Candidate.seniority share one ladder; name it once.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "recruiting.api.schema.strip_optional_trailing_slashes",
        "recruiting.api.schema.refuse_nul_in_query_strings",
        "recruiting.api.schema.merge_blank_alternatives",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SeniorityLevelEnum": "recruiting.models.Job.ExperienceLevel",
        # Stages, interviews and documents each have a `kind`; name the documents' set by its owner.
        "DocumentKindEnum": "recruiting.models.Document.Kind",
    },
}

# --- Celery ---------------------------------------------------------------------------------
# The filesystem transport needs no server, so `make run` works on a bare machine; set
# CELERY_BROKER_URL=redis://... to scale out across machines.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A Redis broker that hangs (accepts connections, never answers) fails a publish after this
    # instead of holding the request forever (kombu waits forever without it); recruiting/queue.py
    # then leaves the task to beat's sweeps. Above kombu's 1 s BRPOP wait, so a worker's poll never hits it.
    "socket_timeout": 5,
    "socket_connect_timeout": 2,
    **(
        {
            "data_folder_in": str(VAR_DIR / "celery" / "queue"),
            "data_folder_out": str(VAR_DIR / "celery" / "queue"),
            "processed_folder": str(VAR_DIR / "celery" / "processed"),
            "store_processed": False,
            # The filesystem broker polls once a second by default, which held a worker to a few tasks
            # a second (benchmarks/bench_webhooks.py without CELERY_BROKER_URL).
            "polling_interval": 0.05,
            # Its control files (purge, broadcasts) go under var/, not a `control/` folder in the checkout.
            "control_folder": str(VAR_DIR / "celery" / "control"),
        }
        if CELERY_BROKER_URL.startswith("filesystem://")
        else {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
    ),
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The filesystem transport needs its folders to exist before a worker or producer starts.
    for folder in ("queue", "processed"):
        (VAR_DIR / "celery" / folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Celery's Django fixup otherwise closes the database connection around every task, so each
# webhook delivery paid for a new connection; reuse one for this many tasks.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 200)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# CELERY_BEAT_SCHEDULE is defined once, after the app sections whose settings it reads.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Partner API: API keys, rate limits, bulk intake (ats/) ---------------------------------
# Requests per API key per window; an integration may override it (PartnerIntegration.rate_limit).
ATS_RATE_LIMIT = env_str("ATS_RATE_LIMIT", "1000/hour")
# Every authenticated API request (API key or JWT, any surface) also counts against its
# organization's plan, per minute (Organization.plan; JobSwipe's documented plans).
ORGANIZATION_PLAN_RATES = {
    "free": env_str("PLAN_FREE_RATE", "60/minute"),
    "pro": env_str("PLAN_PRO_RATE", "300/minute"),
    "enterprise": env_str("PLAN_ENTERPRISE_RATE", "1000/minute"),
}
# CSV imports and job ingestions whose publish failed (broker down) are queued again by beat once
# they are this old; the sweep runs every ATS_INTAKE_SWEEP_SECONDS.
ATS_INTAKE_REQUEUE_AFTER_SECONDS = env_int("ATS_INTAKE_REQUEUE_AFTER_SECONDS", 60)
ATS_INTAKE_SWEEP_SECONDS = env_int("ATS_INTAKE_SWEEP_SECONDS", 30)

# --- Matching (matching/) -------------------------------------------------------------------
# Each ranking re-reads candidates changed since the last check minus this look-back, which covers
# transactions that commit a little after they stamp `updated_at` (and small clock skew).
MATCHING_INDEX_LOOKBACK_SECONDS = env_int("MATCHING_INDEX_LOOKBACK_SECONDS", 5)
# Safety net: a full (id, updated_at) comparison at most this often per process and organization.
MATCHING_INDEX_RECONCILE_SECONDS = env_int("MATCHING_INDEX_RECONCILE_SECONDS", 300)
# Indexes kept per process (least recently used dropped first); ~8 MB per 100,000 candidates.
MATCHING_INDEX_MAX_ORGANIZATIONS = env_int("MATCHING_INDEX_MAX_ORGANIZATIONS", 32)
# A starting gunicorn worker builds the indexes of this many of the largest organizations before it
# takes requests (gunicorn.conf.py), so no first ranking pays for a build; 0 turns it off.
MATCHING_WARM_ORGANIZATIONS = env_int("MATCHING_WARM_ORGANIZATIONS", 8)

# --- Analytics (analytics/) -----------------------------------------------------------------
# Signed export links (`?delivery=link` on the exports) stop working after this many seconds.
ANALYTICS_EXPORT_LINK_SECONDS = env_int("ANALYTICS_EXPORT_LINK_SECONDS", 3600)

# --- Integrations, webhooks and notifications (integrations/) -------------------------------
# Outbound HTTP (webhooks, OAuth, health checks) refuses private, loopback, link-local, CGNAT and
# metadata addresses unless this is on (tests and local demos with loopback receivers).
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", False)
# CIDRs an operator trusts even though they are private (an on-premise receiver); empty by default.
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", [])
# Seconds before each attempt: the first is immediate, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
WEBHOOK_RETRY_SCHEDULE = [
    float(s) for s in env_list("WEBHOOK_RETRY_SCHEDULE", ["0", "5", "300", "1800", "7200", "18000", "36000", "36000"])
]
# A webhook whose deliveries have failed (no success in between) for this long is disabled; admins
# are warned once it has failed for the shorter span. Time, not a count: a burst of events during a
# short outage makes many failures in seconds (Stripe and Svix also disable only after days).
WEBHOOK_DISABLE_AFTER_FAILING_HOURS = env_int("WEBHOOK_DISABLE_AFTER_FAILING_HOURS", 72)
WEBHOOK_WARN_AFTER_FAILING_HOURS = env_int("WEBHOOK_WARN_AFTER_FAILING_HOURS", 24)
WEBHOOK_SECRET_ROTATION_HOURS = env_int("WEBHOOK_SECRET_ROTATION_HOURS", 24)
WEBHOOK_MAX_TIMEOUT_MS = env_int("WEBHOOK_MAX_TIMEOUT_MS", 30_000)
OUTBOUND_HTTP_TIMEOUT_SECONDS = float(env_str("OUTBOUND_HTTP_TIMEOUT_SECONDS", "10"))
# Extra CA certificates to trust for outbound HTTPS (a private CA); the system store otherwise.
OUTBOUND_HTTP_CA_BUNDLE = env_str("OUTBOUND_HTTP_CA_BUNDLE")

# Tokens at rest are encrypted with Fernet keys derived from these secrets (comma-separated; the first
# encrypts, all decrypt, so a key can be rotated). Only DEBUG and test runs get a built-in key.
_TESTING = "pytest" in sys.modules
INTEGRATIONS_ENCRYPTION_KEYS = env_list(
    "INTEGRATIONS_ENCRYPTION_KEYS",
    ["dev-only-integrations-key-not-for-production"] if DEBUG or _TESTING else [],
)
INTEGRATION_CHECK_INTERVAL_SECONDS = env_int("INTEGRATION_CHECK_INTERVAL_SECONDS", 300)
INTEGRATIONS_OAUTH_STATE_MAX_AGE = env_int("INTEGRATIONS_OAUTH_STATE_MAX_AGE", 600)
INTEGRATIONS_OAUTH_REDIRECT_URI = env_str(
    "INTEGRATIONS_OAUTH_REDIRECT_URI", "http://localhost:8000/integrations/oauth/callback"
)
# Provider endpoints and app credentials; tests point them at a local OAuth server.
INTEGRATION_PROVIDERS = {
    "google_calendar": {
        "authorize_url": env_str("GOOGLE_AUTHORIZE_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
        "token_url": env_str("GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
        "health_url": env_str(
            "GOOGLE_CALENDAR_HEALTH_URL", "https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=1"
        ),
        "scopes": "https://www.googleapis.com/auth/calendar.events",
        "client_id": env_str("GOOGLE_CLIENT_ID"),
        "client_secret": env_str("GOOGLE_CLIENT_SECRET"),
    },
    "microsoft_calendar": {
        "authorize_url": env_str(
            "MICROSOFT_AUTHORIZE_URL", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
        ),
        "token_url": env_str("MICROSOFT_TOKEN_URL", "https://login.microsoftonline.com/common/oauth2/v2.0/token"),
        "health_url": env_str("MICROSOFT_CALENDAR_HEALTH_URL", "https://graph.microsoft.com/v1.0/me/calendars?$top=1"),
        "scopes": "offline_access Calendars.ReadWrite",
        "client_id": env_str("MICROSOFT_CLIENT_ID"),
        "client_secret": env_str("MICROSOFT_CLIENT_SECRET"),
    },
    "slack": {
        "authorize_url": env_str("SLACK_AUTHORIZE_URL", "https://slack.com/oauth/v2/authorize"),
        "token_url": env_str("SLACK_TOKEN_URL", "https://slack.com/api/oauth.v2.access"),
        "health_url": env_str("SLACK_HEALTH_URL", "https://slack.com/api/auth.test"),
        "scopes": "chat:write,channels:read",
        "client_id": env_str("SLACK_CLIENT_ID"),
        "client_secret": env_str("SLACK_CLIENT_SECRET"),
    },
    "http": {},
}

# --- Monitoring (config/metrics.py) -----------------------------------------------------------
# /metrics answers these addresses, or a scraper sending `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# JobSwipe documents its metrics on port 9090: with METRICS_PORT set each process also serves them
# there (the next free port of ten from it) on METRICS_ADDRESS, loopback unless told otherwise.
if env_str("METRICS_PORT", ""):
    PROMETHEUS_METRICS_EXPORT_PORT_RANGE = range(env_int("METRICS_PORT", 9090), env_int("METRICS_PORT", 9090) + 10)
    PROMETHEUS_METRICS_EXPORT_ADDRESS = env_str("METRICS_ADDRESS", "127.0.0.1")

# --- Beat schedule (every app's periodic tasks) ----------------------------------------------
# Beat jobs live in django-celery-beat's DatabaseScheduler, which copies this dict into its tables
# at start-up, so `celery -A config beat` runs them with no manual step.
CELERY_BEAT_SCHEDULE = {
    "ats-sweep-pending-intake": {"task": "ats.sweep_pending_intake", "schedule": float(ATS_INTAKE_SWEEP_SECONDS)},
    "ats-purge-rate-limit-windows": {"task": "ats.tasks.purge_rate_limit_windows", "schedule": timedelta(hours=6)},
    "matching-purge-candidate-deletions": {
        "task": "matching.purge_candidate_deletions",
        "schedule": timedelta(hours=1),
    },
    "integrations.relay-pending-events": {"task": "integrations.relay_pending_events", "schedule": 15.0},
    "integrations.sweep-due-deliveries": {"task": "integrations.sweep_due_deliveries", "schedule": 5.0},
    "integrations.check-due-integrations": {"task": "integrations.check_due_integrations", "schedule": 60.0},
    "recruiting-sweep-pending-resume-parses": {"task": "recruiting.sweep_pending_parses", "schedule": 60.0},
    "recruiting-sweep-orphan-files": {"task": "recruiting.sweep_orphan_files", "schedule": timedelta(hours=6)},
    "recruiting-fold-candidate-list-changes": {
        "task": "recruiting.fold_candidate_list_changes",
        "schedule": timedelta(hours=1),
    },
    "recruiting-erase-rejected-past-retention": {
        "task": "recruiting.erase_rejected_past_retention",
        "schedule": timedelta(hours=6),
    },
}

# --- Dashboard (templates/, static/) --------------------------------------------------------
# Filter dropdowns on dashboard pages offer "Any" rather than a dashed line.
FILTERS_EMPTY_CHOICE_LABEL = "Any"
# The public careers page (recruiting/careers.py): an application form posted sooner than this after
# it was rendered is taken for a bot; each address may send this many applications per window.
CAREERS_MIN_FORM_SECONDS = env_int("CAREERS_MIN_FORM_SECONDS", 3)
CAREERS_RATE_LIMIT = (env_int("CAREERS_RATE_LIMIT_COUNT", 5), env_int("CAREERS_RATE_LIMIT_SECONDS", 600))
