"""Settings for a real server process in the sign-in tests: the test
settings, with a real (PBKDF2) password hasher and the Redis cache that
production shares between its web processes."""

from __future__ import annotations

import os

from config.test_settings import *  # noqa: F403

# PBKDF2, as production hashes, at fewer iterations so that a test of ten
# checks takes seconds; still slow enough that guesses sent together are in
# flight at once, as they are against production's hasher.
PASSWORD_HASHERS = ["tests.trust.live_server.CountingPBKDF2"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
        "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"],
    }
}
