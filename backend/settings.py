"""Settings, read from the environment (12-factor). Nothing secret lives in the repo.

Environment variables:
  DATABASE_URL        postgresql://user:pass@host:port/db; unset = embedded PostgreSQL in var/
  SECRET_KEY          required when DEBUG is off
  DEBUG               "1" for development
  ALLOWED_HOSTS       comma-separated
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


def database_from_url(url: str) -> dict:
    """Turn a postgresql:// URL into Django's DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgresql:// URL, got {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    host = unquote(parsed.hostname or "") or query.get("host", [""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_ocop")},
    }


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key" if DEBUG or "DATABASE_URL" not in os.environ else ""
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DATABASE_URL points at a real deployment")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    from backend.embedded_db import ensure_running

    DATABASES = {"default": database_from_url(ensure_running())}

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
    "catalog_import",
    "storefront_theme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Media on its own host (MEDIA_URL=https://media…/): served there, nothing else is.
    "backend.media.serving.MediaHostMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
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
USE_TZ = True

VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", PROJECT_DIR / "var"))
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

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# The marketplace's single sales channel (Saleor's channel concept, kept for multi-channel).
DEFAULT_CHANNEL_SLUG = "vn"
DEFAULT_CURRENCY = "VND"

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
GRAPHENE = {"SCHEMA": "backend.graphql.api.schema"}

LOGIN_URL = "/admin/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# --------------------------------------------------------------------------- accounts
# Issue 10 (accounts) and the login throttling of issue 8. Kept in one block so other
# settings changes merge around it.
#
#   SITE_URL                     public address of the storefront, for links in e-mails
#                                and the JWT issuer (default http://127.0.0.1:8000)
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
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Kept so hashes made before Argon2 still verify (and are upgraded on login).
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

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_CLIENT_HOSTS = [
    h.strip().lower() for h in os.environ.get("ALLOWED_CLIENT_HOSTS", "").split(",") if h.strip()
]
ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL = env_bool("ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL", True)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sàn OCOP <no-reply@ocop.test>")
globals().update(email_settings_from_url(os.environ.get("EMAIL_URL", "console://")))

JWT_PRIVATE_KEY = os.environ.get("JWT_PRIVATE_KEY", "").replace("\\n", "\n")
# Development only (DEBUG or the embedded database): a key made once and kept in var/.
JWT_DEV_KEY_FILE = (
    VAR_DIR / "jwt_private_key.pem" if DEBUG or not os.environ.get("DATABASE_URL") else None
)
if not JWT_PRIVATE_KEY and JWT_DEV_KEY_FILE is None:
    raise RuntimeError("JWT_PRIVATE_KEY (an RSA private key in PEM) must be set in production")
JWT_TTL_ACCESS = int(os.environ.get("JWT_TTL_ACCESS", "300"))
JWT_TTL_REFRESH = int(os.environ.get("JWT_TTL_REFRESH", str(30 * 24 * 3600)))
JWT_TTL_EMAIL_CHANGE = 3600
# One-time links (confirmation, password reset, deletion) expire after three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# A second reset e-mail for the same account is not sent within this many seconds.
RESET_PASSWORD_LOCK_TIME = 15 * 60
