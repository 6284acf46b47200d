"""Settings shared by every environment: safe by default, configured from the environment.

`dev` opts into the conveniences of local work, `production` into the strict parts of a
deployment, `test` into speed. Every variable read here is documented in `.env.example`.
"""

import ipaddress
import re
import warnings
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

from portal.caching.code_version import code_fingerprint
from portal.governance.roles import CLINICAL_EDITORS, CLINICAL_REVIEWERS

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def database_from_env(default_url):
    """Parse DATABASE_URL, turning a malformed value into one clear configuration error."""
    url = env.str("DATABASE_URL", default="") or default_url
    problem = None
    if urlsplit(url).scheme not in environ.Env.DB_SCHEMES:
        problem = f"unknown scheme {urlsplit(url).scheme!r}"
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                config = environ.Env.db_url_config(url)
        except (ValueError, KeyError, TypeError) as error:
            problem = str(error)
        else:
            if not config.get("NAME") and config.get("ENGINE") != "django.db.backends.sqlite3":
                problem = "no database name"
    if problem:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid database URL ({problem}); "
            "expected e.g. postgres://user:password@host:5432/name or sqlite:////path/db.sqlite3"
        )
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "portal",
    "treatments",
    "nutrition",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "health_check",
    "axes",
    "csp",
    "two_factor",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer: a 429 or a 400 from the public API carries it too.
    "corsheaders.middleware.CorsMiddleware",
    "portal.caching.version.ContentVersionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.security.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.site.middleware.NulBytesMiddleware",
    "portal.site.middleware.DocumentDownloadMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.security.accounts.TwoFactorRequiredMiddleware",
    "portal.security.accounts.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.core.languages.LanguageFromPathMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.core.routing.CachedSiteMiddleware",
    "portal.caching.page_cache.AnonymousPageCacheMiddleware",
    "portal.site.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

# Admin logins are throttled by django-axes: after AXES_FAILURE_LIMIT failures for a username
# from one address, that pair is locked out for AXES_COOLOFF_TIME hours. Unknown usernames are
# counted and locked out exactly like real ones, so a lockout reveals nothing. Only the pair is
# locked: a stranger elsewhere cannot lock a named account out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The passwords of private pages and documents are throttled the same way (portal.security.throttling).
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
# The address is the visitor's, not the proxy's: how many proxies in front of the portal append
# to X-Forwarded-For (0: visitors connect to gunicorn directly, and the header is ignored).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
if TRUSTED_PROXY_HOPS < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_HOPS must be 0 or more, not {TRUSTED_PROXY_HOPS}")
AXES_CLIENT_IP_CALLABLE = "portal.security.throttling.client_ip_address"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.site.context_processors.site_navigation",
                "portal.site.context_processors.emergency_number",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the site's root, as it always was; every further language under its own prefix
# (/es/). A language is content, not code: add it here and to WAGTAIL_CONTENT_LANGUAGES, then
# translate (docs/languages.md).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The country the portal serves: with a language, the Open Graph locale of a page (es_US).
OPEN_GRAPH_TERRITORY = "US"
TIME_ZONE = "UTC"
USE_I18N = True
# Dates and numbers as each language writes them: English's in portal/settings/formats/en.
FORMAT_MODULE_PATH = ["portal.settings.formats"]
USE_TZ = True
# The time zones editors may choose on their account page. Python also lists files of the
# system's zoneinfo directory that are no zone ("localtime" is the machine's own, linked), which
# browsers refuse: the account page's script stopped at "Invalid time zone specified: localtime".
NOT_TIME_ZONES = {"localtime", "posixrules"}
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - NOT_TIME_ZONES)

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Complex page models can exceed Django's default of 1,000 fields per form in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
# Only editors have sessions (patients have none). Signed out after SESSION_IDLE_TIMEOUT_MINUTES
# without a request of their own (portal.security.accounts.SessionActivityMiddleware) and, with
# SESSION_EXPIRE_AT_BROWSER_CLOSE, when the browser closes.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). Patients' pages load nothing but the portal's own
# scripts, styles, fonts and images, and may not be framed. The admin gets a looser policy in
# portal.security.csp (see ADMIN_CONTENT_SECURITY_POLICY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    },
}
# Wagtail 8's editor still writes a few inline <script> initialisers (date pickers, inline
# panels) and inline styles, and shows previews in a same-origin frame. The admin therefore
# allows inline code under an enforced policy, while the patients' strict policy is also sent
# report-only, so each remaining violation is logged at /csp-report/.
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Reports of Content-Security-Policy breaches (/csp-report/) accepted from one address a minute;
# more are refused with 429 and not logged.
CSP_REPORTS_PER_MINUTE = env.int("CSP_REPORTS_PER_MINUTE", default=60)

# Two-factor authentication (django-two-factor-auth on django-otp): every admin user may set up
# an authenticator app and then signs in with it. With TWO_FACTOR_REQUIRED on (production's
# default), superusers and members of TWO_FACTOR_REQUIRED_GROUPS cannot use the admin, nor
# open login-restricted pages and documents, until they have; anyone with a device must use
# it (portal.security.accounts). Every sign-in, the admin's and the front end's (login-restricted pages),
# goes through the two-step form at /admin/account/login/.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
# Editors too: they see restricted content and drafts, and only verified staff get into the admin.
TWO_FACTOR_REQUIRED_GROUPS = env.list(
    "TWO_FACTOR_REQUIRED_GROUPS", default=[CLINICAL_REVIEWERS, CLINICAL_EDITORS]
)
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
WAGTAILADMIN_LOGIN_URL = "two_factor:login"
WAGTAIL_FRONTEND_LOGIN_URL = "two_factor:login"
# Email to editors (two-factor notices, Wagtail's workflow notifications): the server as a URL,
# e.g. smtp+tls://user:password@smtp.example.org:587, and the sender's address.
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
OTP_TOTP_ISSUER = "Muscle Health Patient Guide"
TWO_FACTOR_PATCH_ADMIN = False

# /health/ names each check and its error (a database error names the server's host and port)
# only to signed-in staff and to these addresses or networks, e.g. a monitoring server; anyone
# else gets a bare status.
HEALTH_CHECK_DETAIL_ADDRESSES = env.list("HEALTH_CHECK_DETAIL_ADDRESSES", default=[])
for network in HEALTH_CHECK_DETAIL_ADDRESSES:
    try:
        ipaddress.ip_network(network, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"HEALTH_CHECK_DETAIL_ADDRESSES: {error}") from None

# Django's cache. Each process keeps what it serves in its own memory; with REDIS_URL set, Redis
# is shared by every worker and server as well, so that a page rendered once serves them all.
# Neither decides correctness: everything is kept under the content version, which lives in the
# database (portal.caching.version; docs/caching.md).
# Django's default of 300 entries is far too few: one search remembers the address and card of
# up to 150 pages, so with 300 the cache would throw away what the last search kept.
PROCESS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-process",
    "OPTIONS": {"MAX_ENTRIES": env.int("LOCAL_CACHE_MAX_ENTRIES", default=20000)},
}
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        },
        "process": PROCESS_CACHE,
    }
else:
    CACHES = {"default": PROCESS_CACHE}
# Every cache key carries a fingerprint of the running code, so that during a rolling deploy no
# process unpickles what another version of the code kept (portal.caching.code_version).
CODE_VERSION = code_fingerprint()

# The public, read-only API (/api/v2/) and the health-record lookup (/connect/): any web page may call
# them from a browser (no cookies or credentials are sent or honoured), and each client address may
# make PUBLIC_API_RATE requests ("number/second|minute|hour|day") before a 429 asks it to wait.
CORS_URLS_REGEX = r"^/(api/|connect/?$)"
# Rich text in the API as the page shows it: links to pages and documents as their addresses.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("Retry-After", "Content-Language")
PUBLIC_API_RATE = env.str("PUBLIC_API_RATE", default="") or "120/minute"
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", PUBLIC_API_RATE):
    raise ImproperlyConfigured(
        f"PUBLIC_API_RATE must be a number of requests per second, minute, hour or day, such as "
        f"'120/minute', not {PUBLIC_API_RATE!r}"
    )

# Full-page cache for anonymous visitors (portal.caching.page_cache): how long the portal keeps a page
# (0 turns the page cache off). Browsers and CDNs never hear that a page was withdrawn, so by
# default they must ask again every time ("no-cache", with an ETag that lets the portal answer 304
# when the page is unchanged). PAGE_BROWSER_CACHE_SECONDS and CDN_CACHE_SECONDS let them reuse a
# page that long instead, during which a withdrawn page may still be shown from them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_BROWSER_CACHE_SECONDS = env.int("PAGE_BROWSER_CACHE_SECONDS", default=0)
CDN_CACHE_SECONDS = env.int("CDN_CACHE_SECONDS", default=0)

# Purge a CDN or caching proxy when pages change (wagtail.contrib.frontend_cache).
WAGTAILFRONTENDCACHE = {}
if env.str("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_PURGE_URL"),
    }
if env.str("CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN", default=""),
        "ZONEID": env.str("CLOUDFLARE_ZONEID"),
    }
if env.str("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    }

WAGTAIL_SITE_NAME = "Muscle Health Patient Guide"
# No avatars from Gravatar: editors' email hashes stay on the server, and the admin loads nothing foreign.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Upgrades come through requirements.txt; the admin does not call releases.wagtail.org.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The portal's public address. Wagtail's emails and ours append paths to it, so no trailing slash.
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The database backend (PostgreSQL full text, indexing each language as itself; SQLite FTS5) by
# default; Elasticsearch or OpenSearch for sites that outgrow one database.
SEARCH_BACKEND_MODULES = {
    "database": "portal.search.backend",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
if SEARCH_BACKEND not in SEARCH_BACKEND_MODULES:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKEND_MODULES)}, not {SEARCH_BACKEND!r}"
    )
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": SEARCH_BACKEND_MODULES[SEARCH_BACKEND]}}
if SEARCH_BACKEND != "database":
    WAGTAILSEARCH_BACKENDS["default"].update(
        URLS=env.list("SEARCH_URLS", default=["http://localhost:9200"]),
        INDEX=env.str("SEARCH_INDEX", default="portal"),
        TIMEOUT=env.int("SEARCH_TIMEOUT", default=5),
    )
# Uploads: documents only through Wagtail's serve view (permission checks, a download or a
# sandboxed inline view), never straight from MEDIA_ROOT; no SVG or HTML, which can carry scripts.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# An approved review publishes without the reviewer holding publish permission of their own.
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.governance.approval.publish_on_approval"
# wagtail-localize's "Translate" publishes the new translation of a live page at once, unreviewed
# (it publishes with no user, which no permission check sees): here a translation starts as a
# draft, for a translator to write and a reviewer who reads its language to sign off.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Pages an editor protected with a password ask for it in the site's own layout.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"
# How far ahead a sign-off proposes the next review, and the furthest a reviewer may set it.
CLINICAL_REVIEW_MONTHS = env.int("CLINICAL_REVIEW_MONTHS", default=12)
CLINICAL_REVIEW_MAX_MONTHS = env.int("CLINICAL_REVIEW_MAX_MONTHS", default=36)
if not 0 < CLINICAL_REVIEW_MONTHS <= CLINICAL_REVIEW_MAX_MONTHS:
    raise ImproperlyConfigured("CLINICAL_REVIEW_MONTHS must be between 1 and CLINICAL_REVIEW_MAX_MONTHS.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
