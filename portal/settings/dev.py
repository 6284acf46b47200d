"""Local development: debug pages, a fixed insecure key, console email."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only-never-deploy-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Code and template changes show at once while developing.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)

# The benchmark tooling (bench/): its commands, e.g. benchmark_search for `make bench-search`.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
