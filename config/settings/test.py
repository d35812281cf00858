"""pytest: real PostgreSQL/Redis, fast hashing, generous throttles."""
from .base import *  # noqa: F401,F403
from .base import REST_FRAMEWORK

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/min", "user": "10000/min"}

# Tests use the instant hashing embedder (the product default is multilingual-e5); the e5 tests
# (tests/ai/test_e5.py, tests/documents/test_paraphrase_retrieval.py) switch to it themselves.
LOCAL_EMBEDDER = os.environ.get("LOCAL_EMBEDDER", "hashing")
