"""Settings, read from the environment (12-factor). Nothing secret lives in the repo.

Environment variables:
  OCOP_ENV            "production" (default) or "development" (quickstart, tests)
  SECRET_KEY          production: required, 50+ random characters (development: var/secret_key)
  ALLOWED_HOSTS       production: required, comma-separated, no "*"
  OCOP_SITE_URL       production: required, e.g. https://cho-ocop.example.vn; every absolute
                      link (canonical, JSON-LD, sitemap, images) is built from it, never from
                      the Host header. https:// turns on HSTS, the HTTPS redirect and Secure
                      cookies.
  DEBUG               "1" only in development
  DATABASE_URL        postgresql://user:pass@host:port/db; unset = embedded PostgreSQL in var/
  REDIS_URL           enables Celery workers and the Redis cache; unset = tasks run inline
  ELASTICSEARCH_URL   search through Elasticsearch instead of PostgreSQL
  AWS_STORAGE_BUCKET_NAME (+ AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...)  media on S3
  MEDIA_ROOT          local media folder (default var/media)
  MEDIA_URL           "/media/" (default) or an absolute URL on another host (own origin)
  IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE   limits of the image pipeline
  OUTBOUND_FETCH_DEADLINE_SECONDS, OUTBOUND_FETCH_ALLOWED_NETWORKS   fetching URLs users name
  IMPORT_MAX_UPLOAD_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS, …   import file caps
  GRAPHQL_*           API limits, CORS origins and statement timeouts (see the GraphQL
                      block below and the README's configuration table)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from backend import environment

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def database_from_url(url: str, engine: str = "django.db.backends.postgresql") -> dict:
    """Turn a postgresql:// URL into Django's DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgresql:// URL, got {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    host = unquote(parsed.hostname or "") or query.get("host", [""])[0]
    name = unquote(parsed.path.lstrip("/")) or "postgres"
    return {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        # Two checkouts on one server (DATABASE_URL naming different databases) must not
        # share, and drop, one test database.
        "TEST": {"NAME": os.environ.get("TEST_DATABASE_NAME") or f"test_{name}"},
    }


VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", PROJECT_DIR / "var"))

# Production unless told otherwise: a forgotten setting must stop the start, not open a
# hole (see backend/environment.py and the README's "Production settings").
try:
    OCOP_ENV = environment.ocop_env()
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
DEVELOPMENT = OCOP_ENV == environment.DEVELOPMENT
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (
    environment.development_secret_key(VAR_DIR) if DEVELOPMENT else ""
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (
    list(environment.DEVELOPMENT_HOSTS) if DEVELOPMENT else []
)
# Absolute links come from here (backend.core.site), never from the request's Host.
SITE_URL = os.environ.get("OCOP_SITE_URL", "").strip().rstrip("/")
# The RSA key (PEM) signing the API's JWTs; a one-line value may write newlines as \n.
JWT_PRIVATE_KEY = os.environ.get("JWT_PRIVATE_KEY", "").replace("\\n", "\n")
if not DEVELOPMENT:
    _problems = environment.production_problems(
        secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS, site_url=SITE_URL, debug=DEBUG,
        jwt_private_key=JWT_PRIVATE_KEY,
    )
    if _problems:
        raise ImproperlyConfigured(environment.refusal_message(_problems))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    from backend.embedded_db import ensure_running

    # The embedded server is supervised: its backend starts it again when it stops.
    DATABASES = {"default": database_from_url(ensure_running(), "backend.embedded_backend")}

# Read replicas (streaming replicas of the primary): catalog reads of anonymous visitors
# go there (backend/core/db_routing.py); everything else stays on the primary.
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica_{_index}"] = {
        **database_from_url(_url),
        # Tests build one database; a replica alias reads it through the primary's.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["backend.core.db_routing.ReplicaRouter"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "graphene_django",
    "backend.core",
    "backend.permission",
    "backend.geo",
    "backend.channel",
    "backend.producers",
    "backend.catalog",
    "backend.attribute",
    "backend.warehouse",
    "backend.ocop",
    "backend.search",
    "backend.sellers",
    "backend.shipping",
    "backend.discount",
    "backend.checkout",
    "backend.order",
    "backend.payment",
    "backend.ledger",
    "backend.translation",
    "backend.collection",
    "backend.page",
    "backend.menu",
    "catalog_import",
    "storefront_theme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "backend.core.security_headers.SecurityHeadersMiddleware",
    # Media on its own host (MEDIA_URL=https://media…/): served there, nothing else is.
    "backend.media.serving.MediaHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Before the session and CSRF middleware: it sees the cookies they set on the way out.
    "backend.core.http_cache.HttpCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese input formats (day first) on top of Django's display formats.
FORMAT_MODULE_PATH = ["backend.core.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Media go through Django's storage API; S3-compatible storage when a bucket is configured.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "backend.core.staticfiles.StaticStorage"
            if not DEBUG and not env_bool("OCOP_PLAIN_STATIC")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Sellers' identity documents: never under MEDIA_URL; read only through the admin.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_default_storage["OPTIONS"], "location": "private", "default_acl": "private",
                    "querystring_auth": True, "custom_domain": None},
    }
else:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-not-served/"},
    }
# Seller documents (PDF or image) larger than this are refused before storing.
SELLER_DOCUMENT_MAX_BYTES = env_int("SELLER_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
WHITENOISE_USE_FINDERS = True

# Images users or remote servers hand us (backend.media.images): decoded, checked and
# re-encoded to WebP. Larger byte counts or declared pixel counts are refused before decoding.
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
IMAGE_MAX_SIDE = env_int("IMAGE_MAX_SIDE", 2048)  # longest side of the stored rendition

# Fetching URLs users name (backend.core.outbound): public addresses only, one deadline for
# DNS + connect + reads + redirects. ALLOWED_NETWORKS opens private CIDRs (tests only).
OUTBOUND_FETCH_DEADLINE_SECONDS = float(os.environ.get("OUTBOUND_FETCH_DEADLINE_SECONDS", "15"))
OUTBOUND_FETCH_MAX_BYTES = env_int("OUTBOUND_FETCH_MAX_BYTES", IMAGE_MAX_BYTES)
OUTBOUND_FETCH_MAX_REDIRECTS = env_int("OUTBOUND_FETCH_MAX_REDIRECTS", 5)
OUTBOUND_FETCH_ALLOWED_NETWORKS = env_list("OUTBOUND_FETCH_ALLOWED_NETWORKS")

# Import files (catalog_import): refused while streaming past these caps.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 256)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)  # Excel's own cell limit
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES",
                                             100 * 1024 * 1024)
IMPORT_JSON_MAX_DEPTH = env_int("IMPORT_JSON_MAX_DEPTH", 8)
# Seconds one import may spend fetching images in total; the rest are reported as missing.
IMPORT_IMAGES_SECONDS = env_int("IMPORT_IMAGES_SECONDS", 300)

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a broker when Redis is configured; otherwise tasks run inline in the caller.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# For deployments that run beat (compose's worker does; the cluster uses CronJobs).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    # Hourly: producer orders past their return window; their earnings become payable.
    "ledger-release-earnings": {
        "task": "order.release_earnings",
        "schedule": crontab(minute=5),
    },
    # Mondays, 09:00 in Vietnam: a payout batch for the operator to send to the bank.
    "ledger-weekly-payouts": {
        "task": "ledger.run_payouts",
        "schedule": crontab(hour=9, minute=0, day_of_week=1),
    },
    "search-sweep": {
        "task": "search.sweep",
        "schedule": float(os.environ.get("SEARCH_SWEEP_INTERVAL_SECONDS", "60")),
    },
    # After midnight in Vietnam: certificates that lapsed yesterday lose the badge.
    "refresh-lapsed-certifications": {
        "task": "search.refresh_lapsed_certifications",
        "schedule": crontab(hour=0, minute=15),
    },
    # Daily, in the morning in Vietnam: owners told of certificates to re-evaluate or lapsed.
    "sellers-certificate-reminders": {
        "task": "sellers.certificate_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Carts left open: their stock reservations expire and go back on sale.
    "checkout-release-expired": {"task": "checkout.release_expired", "schedule": 60.0},
    # Orders awaiting a bank transfer past VIETQR_PAYMENT_WINDOW_MINUTES are cancelled.
    "payment-cancel-overdue-transfers": {
        "task": "payment.cancel_overdue_transfers", "schedule": 300.0},
}

# The search sweeper (backend/search/sweeper.py): a pass when a web process or worker
# starts, and in a web process when requests find products flagged for reindexing for
# longer than this many seconds (0 = never from requests).
SEARCH_SWEEP_ON_START = env_bool("SEARCH_SWEEP_ON_START", default=True)
SEARCH_SWEEP_AFTER_SECONDS = int(os.environ.get("SEARCH_SWEEP_AFTER_SECONDS", "30"))

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# The marketplace's single sales channel (Saleor's channel concept, kept for multi-channel).
DEFAULT_CHANNEL_SLUG = "vn"
DEFAULT_CURRENCY = "VND"

# Buying (issue 12): how long a cart holds its stock, and the largest purchase paid in
# cash on delivery (each producer's parcel collects its own part).
CHECKOUT_RESERVATION_MINUTES = env_int("CHECKOUT_RESERVATION_MINUTES", 10)
COD_MAX_AMOUNT = env_int("COD_MAX_AMOUNT", 20_000_000)

# Paying (issue 13). VietQR: the marketplace's receiving account (NAPAS BIN, account,
# holder as the bank writes it); development gets a demo account, production offers the
# gateway only once all three are set. The bank feed (payOS-style signed webhooks at
# /webhooks/bank-feed/) is verified with its checksum key; without one it answers 503.
VIETQR_BANK_BIN = os.environ.get("VIETQR_BANK_BIN", "970436" if DEVELOPMENT else "")
VIETQR_BANK_NAME = os.environ.get("VIETQR_BANK_NAME", "Vietcombank" if DEVELOPMENT else "")
VIETQR_ACCOUNT_NUMBER = os.environ.get("VIETQR_ACCOUNT_NUMBER",
                                       "1031933430" if DEVELOPMENT else "")
VIETQR_ACCOUNT_HOLDER = os.environ.get("VIETQR_ACCOUNT_HOLDER",
                                       "CONG TY SAN OCOP DEMO" if DEVELOPMENT else "")
BANK_FEED_CHECKSUM_KEY = os.environ.get(
    "BANK_FEED_CHECKSUM_KEY", "dev-bank-feed-checksum-key" if DEVELOPMENT else "")
# A feed notification older than this is refused as stale (hours).
BANK_FEED_MAX_AGE_HOURS = env_int("BANK_FEED_MAX_AGE_HOURS", 24)
# Orders paid by transfer that received nothing within this window are cancelled.
VIETQR_PAYMENT_WINDOW_MINUTES = env_int("VIETQR_PAYMENT_WINDOW_MINUTES", 24 * 60)
# Stripe cards: offered when the secret and publishable keys are set; STRIPE_API_BASE
# points at another API address (localstripe in the tests).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "") or None

# GraphQL limits, in Saleor's spirit.
GRAPHQL_PAGINATION_LIMIT = 100
GRAPHQL_QUERY_MAX_COMPLEXITY = env_int("GRAPHQL_QUERY_MAX_COMPLEXITY", 50000)
# Saleor's alias limit: a client may count many facet values in one request; the cost
# model (connections and facets priced per use) keeps that cheap.
GRAPHQL_MAX_ALIASES = env_int("GRAPHQL_MAX_ALIASES", 100)
GRAPHQL_MAX_MUTATIONS = env_int("GRAPHQL_MAX_MUTATIONS", 10)
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 12)
# What one connection costs per parent it is resolved under (a listing's SQL).
GRAPHQL_CONNECTION_COST = env_int("GRAPHQL_CONNECTION_COST", 20)
# Introspection is bounded on its own (the standard query is 15 levels deep).
GRAPHQL_MAX_INTROSPECTION_DEPTH = env_int("GRAPHQL_MAX_INTROSPECTION_DEPTH", 24)
GRAPHQL_MAX_INTROSPECTION_FIELDS = env_int("GRAPHQL_MAX_INTROSPECTION_FIELDS", 2000)
# Request size, checked before any work: the body (a signed-in staff member's may carry
# an import file), uploads, the document's length and tokens.
GRAPHQL_MAX_BODY_BYTES = env_int("GRAPHQL_MAX_BODY_BYTES", 1024 * 1024)
GRAPHQL_STAFF_MAX_BODY_BYTES = env_int("GRAPHQL_STAFF_MAX_BODY_BYTES", 32 * 1024 * 1024)
GRAPHQL_MAX_UPLOAD_BYTES = env_int("GRAPHQL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
GRAPHQL_MAX_QUERY_LENGTH = env_int("GRAPHQL_MAX_QUERY_LENGTH", 50000)
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 5000)
# Memory for parsed documents kept between requests (valid, small documents only).
GRAPHQL_PARSE_CACHE_MB = env_int("GRAPHQL_PARSE_CACHE_MB", 32)
# Inputs: nesting and number of values in the variables, list and text lengths.
GRAPHQL_MAX_INPUT_DEPTH = env_int("GRAPHQL_MAX_INPUT_DEPTH", 20)
GRAPHQL_MAX_VARIABLE_VALUES = env_int("GRAPHQL_MAX_VARIABLE_VALUES", 10000)
GRAPHQL_MAX_INPUT_LIST_LENGTH = env_int("GRAPHQL_MAX_INPUT_LIST_LENGTH", 100)
GRAPHQL_MAX_STRING_LENGTH = env_int("GRAPHQL_MAX_STRING_LENGTH", 2000)
GRAPHQL_MAX_SEARCH_LENGTH = env_int("GRAPHQL_MAX_SEARCH_LENGTH", 200)
# PostgreSQL statement_timeout while an API request runs (milliseconds; 0 = none).
GRAPHQL_STATEMENT_TIMEOUT_MS = env_int("GRAPHQL_STATEMENT_TIMEOUT_MS", 5000)
GRAPHQL_MUTATION_STATEMENT_TIMEOUT_MS = env_int("GRAPHQL_MUTATION_STATEMENT_TIMEOUT_MS", 120000)
# Web origins allowed to call the API from a browser: "*" (any site, never with
# cookies) or a comma-separated list of origins (https://shop.example), which may.
GRAPHQL_CORS_ALLOWED_ORIGINS = [
    o.strip() for o in os.environ.get("GRAPHQL_CORS_ALLOWED_ORIGINS", "*").split(",") if o.strip()
]
# Anonymous query results are cached until the indexed catalog changes (see
# backend.search.api.catalog_version); this TTL only bounds edits that do not touch
# products (a category renamed). 0 turns the cache off.
GRAPHQL_RESPONSE_CACHE_SECONDS = env_int("GRAPHQL_RESPONSE_CACHE_SECONDS", 60)
# Automatic persisted queries: how long a document sent once is kept by its hash.
GRAPHQL_PERSISTED_QUERY_SECONDS = env_int("GRAPHQL_PERSISTED_QUERY_SECONDS", 7 * 24 * 3600)
# Anonymous GET answers (storefront pages, GraphQL queries): how long a browser or CDN
# may reuse them (Cache-Control max-age) and serve them stale while revalidating.
HTTP_CACHE_MAX_AGE = env_int("HTTP_CACHE_MAX_AGE", 60)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env_int("HTTP_CACHE_STALE_WHILE_REVALIDATE", 300)
GRAPHENE = {"SCHEMA": "backend.graphql.api.schema"}

LOGIN_URL = "/admin/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --------------------------------------------------------------------------- accounts
# Issue 10 (accounts) and the login throttling of issue 8. Kept in one block so other
# settings changes merge around it.
#
#   OCOP_SITE_URL                (read above as SITE_URL) also makes the links in e-mails
#                                and the JWT issuer
#   ALLOWED_CLIENT_HOSTS         extra hosts a redirectUrl may point at (comma-separated;
#                                the host of SITE_URL is always allowed)
#   EMAIL_URL                    smtp://, smtp+tls://, smtps://, console:// … (see
#                                backend/core/mail.py); default console://
#   DEFAULT_FROM_EMAIL           sender address (or ?from= in EMAIL_URL)
#   ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL   "false" lets new accounts sign in unconfirmed
#   JWT_PRIVATE_KEY              RSA private key (PEM) signing the JWTs; required in
#                                production, generated once into var/ in development
#   JWT_TTL_ACCESS / JWT_TTL_REFRESH   lifetimes in seconds (300 / 2,592,000)
#   TRUSTED_PROXY_COUNT          reverse proxies in front of the app: the client's address
#                                is taken that many hops from the right of X-Forwarded-For
from backend.core.mail import email_settings_from_url  # noqa: E402

INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.admin"), "backend.account")
AUTH_USER_MODEL = "account.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "backend.account.hashers.OcopArgon2PasswordHasher",
    # Verifies every Argon2 hash (other parameters are redone at the next sign-in); PBKDF2
    # is kept so hashes made before Argon2 still verify (and are upgraded on login).
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "backend.account.middleware.jwt_authentication_middleware",
)
MIDDLEWARE.insert(0, "backend.account.middleware.jwt_refresh_token_cookie_middleware")

ALLOWED_CLIENT_HOSTS = [
    h.strip().lower() for h in os.environ.get("ALLOWED_CLIENT_HOSTS", "").split(",") if h.strip()
]
ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL = env_bool("ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL", True)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sàn OCOP <no-reply@ocop.test>")
globals().update(email_settings_from_url(os.environ.get("EMAIL_URL", "console://")))

# Development only: a key made once and kept in var/ (production refuses to start without
# JWT_PRIVATE_KEY, see backend/environment.py).
JWT_DEV_KEY_FILE = VAR_DIR / "jwt_private_key.pem" if DEVELOPMENT else None
JWT_TTL_ACCESS = int(os.environ.get("JWT_TTL_ACCESS", "300"))
JWT_TTL_REFRESH = int(os.environ.get("JWT_TTL_REFRESH", str(30 * 24 * 3600)))
JWT_TTL_EMAIL_CHANGE = 3600
# One-time links (confirmation, password reset, deletion) expire after three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# A second reset e-mail for the same account is not sent within this many seconds.
RESET_PASSWORD_LOCK_TIME = 15 * 60
# Security headers and cookies. Everywhere: no framing, no MIME sniffing, little referrer,
# cookies out of scripts' reach; a Content-Security-Policy and a Permissions-Policy come
# from backend.core.security_headers.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script of ours reads the cookie
CSRF_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (the site URL says so): cookies only over HTTPS, HTTP redirected, and
# browsers told to keep to HTTPS (HSTS). Behind a proxy that terminates TLS, the proxy's
# X-Forwarded-Proto says whether the visitor used HTTPS (OCOP_PROXY_SSL_HEADER names
# another header; empty when the app terminates TLS itself).
HTTPS = SITE_URL.startswith("https://")
# Ledger (backend/ledger): VAT charged on the marketplace's commission, in basis points
# (1000 = 10 %); the commission rate when no rule applies (the operator normally sets a
# marketplace default rule in the admin); where payouts read producers' verified bank
# accounts (a callable producer_id -> BankDetails | None; until the sellers' bank accounts
# exist, nobody has one and every payout is listed as skipped).
LEDGER_COMMISSION_VAT_BPS = env_int("LEDGER_COMMISSION_VAT_BPS", 1000)
LEDGER_DEFAULT_COMMISSION_BPS = env_int("LEDGER_DEFAULT_COMMISSION_BPS", 0)
LEDGER_BANK_DETAILS = os.environ.get("LEDGER_BANK_DETAILS",
                                     "backend.sellers.banks.verified_bank_details")
# Days after delivery the shopper may return goods; then earnings become payable.
LEDGER_RETURN_WINDOW_DAYS = env_int("LEDGER_RETURN_WINDOW_DAYS", 7)
# The weekly payout run pays every payable balance of at least this many đồng.
LEDGER_PAYOUT_THRESHOLD = env_int("LEDGER_PAYOUT_THRESHOLD", 100_000)

if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Probes inside the cluster speak plain HTTP to the pod.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # Preloading binds the domain into browsers for months: the operator's own decision
    # (SECURE_HSTS_PRELOAD=1), so Django's reminder about it is silenced.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
    _proxy_header = os.environ.get("OCOP_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
