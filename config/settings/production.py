"""Production: secrets, hosts and the external services must come from the environment; HTTPS everywhere.

An unset DATABASE_URL or REDIS_URL is a start-up error here: the embedded PostgreSQL and Redis
(config.services) are for developer machines and tests only, never started silently in production.
"""
import os

from django.core.exceptions import ImproperlyConfigured

_REQUIRED = {
    "DJANGO_SECRET_KEY": "a long random secret (Django's SECRET_KEY)",
    "DJANGO_ALLOWED_HOSTS": "the host names this site answers to, comma-separated",
    "DATABASE_URL": "the PostgreSQL server with pgvector (postgresql://user:pass@host:5432/db)",
    "REDIS_URL": "the Redis/Valkey server for cache, channel layer and Celery (redis://host:6379/0)",
}
for _name, _what in _REQUIRED.items():
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(
            f"{_name} is not set. Production settings need {_what}; the embedded development "
            "services are never started in production.")

from .base import *  # noqa: E402,F401,F403
from .base import env_bool  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
