"""pytest: real PostgreSQL/Redis, fast hashing, generous throttles."""
import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import CACHES, DATABASES, REST_FRAMEWORK, STORAGES

if "DB_POOL_MAX_SIZE" not in os.environ:
    # The test process and the servers it starts open plain connections; the load test and
    # the load benches turn the pool on for the servers they start (DB_POOL_MAX_SIZE).
    DB_POOL_MAX_SIZE = 0
    DATABASES["default"]["OPTIONS"].pop("pool", None)

DEBUG = False

# A pytest session (or a benchmark) keeps its files in a directory of its own, which the servers
# and workers it starts share (they inherit TEST_MEDIA_ROOT), removed when the process that made it
# exits. Primary keys start again with every test database, so a file an earlier session left under
# `documents/<pk>/` must never be where this session looks; the development files stay untouched.
if not os.environ.get("TEST_MEDIA_ROOT"):
    os.environ["TEST_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="aiprep-test-media-")

    def _remove_media(path=os.environ["TEST_MEDIA_ROOT"], owner=os.getpid()):
        if os.getpid() == owner:  # not in a forked child that exits normally
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(_remove_media)
MEDIA_ROOT = Path(os.environ["TEST_MEDIA_ROOT"])
if "location" in STORAGES["default"].get("OPTIONS", {}):
    STORAGES["default"]["OPTIONS"]["location"] = str(MEDIA_ROOT)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/min", "user": "10000/min", "write": "10000/min"}

if os.environ.get("API_FUZZ_BUDGET"):
    # The server the schemathesis run talks to (tests/core/test_api_fuzz.py): throttles must not
    # stand between it and the operations, and its counters live apart from every other server's,
    # so thousands of odd logins from 127.0.0.1 never lock the other tests out.
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "1000000/min", "user": "1000000/min", "write": "1000000/min"}
    LOGIN_THROTTLE = {"per_identifier": 1_000_000, "per_ip": 1_000_000}
    AVATAR_API_RATE = "1000000/min"  # seed 001's per-key and per-user limits
    AVATAR_MAX_SESSIONS_PER_USER = AVATAR_MAX_SESSIONS_PER_OWNER = 1_000_000
    CACHES["default"]["KEY_PREFIX"] = "api-fuzz"
# Test machines are shared and busy: a check is "slow" only past a second here (unit tests set their own).
HEALTH_SLOW_MS = int(os.environ.get("HEALTH_SLOW_MS", "1000"))
# Tests use the instant hashing embedder (the product default is multilingual-e5); the e5 tests
# (tests/ai/test_e5.py, tests/documents/test_paraphrase_retrieval.py) switch to it themselves.
LOCAL_EMBEDDER = os.environ.get("LOCAL_EMBEDDER", "hashing")
