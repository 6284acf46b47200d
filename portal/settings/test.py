"""The test suite: fast hashing, in-memory email and static files without a manifest."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env

SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-the-checks-0123456789"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Most tests change content without publishing; the page cache has its own tests.
PAGE_CACHE_SECONDS = 0
# Each test run gets its own cache keys, even on a Redis server shared with other runs.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default=f"portal-test-{os.getpid()}")  # noqa: F405

# The benchmark tooling (bench/) and its commands have tests too.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# Tests make many API requests from one address; the rate limit has its own tests.
PUBLIC_API_RATE = "100000/minute"
