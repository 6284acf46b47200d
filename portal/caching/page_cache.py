"""What the portal keeps of published content between requests, and why it is never stale.

The invariant: once the transaction that changes anything patients see has committed (a page
published, unpublished, expired, moved, deleted or restricted; a snippet, document, image,
collection or site changed), no process serves the old state to anyone, whatever cache is
deployed.

How it holds:
- Every such change moves the content version on, in the database and inside the change's own
  transaction (portal.site.signals calls content_changed()). The version is a fresh random token, so
  a rolled-back change can never lend its token to a later one.
- Each request reads the version once, from the database (one indexed single-row query), and
  everything kept (whole pages for anonymous visitors, derived data such as routes, lists and
  the search vocabulary) is kept under that token. A process that has not heard of a change
  still reads the new token, so it can only miss, never serve what the change replaced.
- Nothing is kept while the current transaction has changed content and not yet committed: what
  it reads may never be committed.
- A page due to expire is withdrawn by the first request after its expiry time, in a
  transaction of its own, rather than whenever cron next runs publish_scheduled.
- Kept data lives in each process's own memory ("process" cache), and also in Django's shared
  cache when that is Redis: a hit costs the version query and no round trip to a shared store,
  and a page rendered by one worker serves every other worker from Redis.

During a database outage the version cannot be read; nothing can be published or withdrawn
either, so each process goes on with the last version it read.
"""

import contextvars
import datetime
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

# Lists of other pages (titles, summaries, links) that a page shows, kept until content changes.
DERIVED_DATA_SECONDS = 10 * 60
# The ETag is worked out once, when a page is kept, rather than on every hit.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "ETag")
BYPASSED_PATHS = ("/admin/", "/documents/", "/search/")

# The version this request read, so that a request sees one consistent version throughout.
_request_version = contextvars.ContextVar("portal_content_version")
# The version each process last read: what it goes on with while the database is unreachable.
_last_read = None


def process_cache():
    """This process's own memory: where every hit is served from."""
    return caches["process" if "process" in settings.CACHES else "default"]


def shared_cache():
    """The cache every process and server shares (Redis), or None when there is only memory."""
    return caches["default"] if "process" in settings.CACHES else None


def clear_caches():
    """Forget everything kept, here and in the shared cache (tests, and after a restore)."""
    process_cache().clear()
    if shared_cache() is not None:
        shared_cache().clear()
    _in_process.clear()


VERSION_QUERY = "SELECT token, next_expiry FROM portal_contentversion WHERE id = 1"


def _select_version():
    with connection.cursor() as cursor:
        cursor.execute(VERSION_QUERY)
        row = cursor.fetchone()
    if row is None:
        # Only a database emptied without its migrations' data (a test flush) lacks the row.
        apps.get_model("portal", "ContentVersion").objects.get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        )
        return _select_version()
    token, next_expiry = row
    if isinstance(next_expiry, str):  # SQLite hands raw SQL its text
        next_expiry = timezone.make_aware(parse_datetime(next_expiry), datetime.UTC)
    return token, next_expiry


def _version_row():
    """The version and the soonest expiry, in one query of its own, kept as plain SQL.

    It is the first query of nearly every request, so it also stands in for Django's connection
    health check (CONN_HEALTH_CHECKS), which would cost a round trip of its own: a kept
    connection that the database dropped fails it, and is opened afresh once.
    """
    kept = (
        connection.health_check_enabled
        and connection.connection is not None
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if kept:
        connection.health_check_done = True
    try:
        return _select_version()
    except (OperationalError, InterfaceError):
        if not kept:
            raise
        connection.close()
        return _select_version()


def _read_version():
    global _last_read
    try:
        token, next_expiry = _version_row()
    except (OperationalError, InterfaceError):
        if _last_read is None:
            raise
        return _last_read
    if next_expiry is not None and next_expiry <= timezone.now():
        expire_due_content()
        token, next_expiry = _version_row()
    _last_read = token
    return token


def current_version():
    """The content version, read once per request (and afresh on each call outside one)."""
    memo = _request_version.get(None)
    if memo is None:
        return _read_version()
    if memo[0] is None:
        memo[0] = _read_version()
    return memo[0]


def _changed_in_open_transaction():
    return getattr(connection, "portal_content_changed", False)


def _committed():
    connection.portal_content_changed = False


def content_changed(*, reconsider_expiry=False):
    """Move the content version on, inside the current transaction.

    With reconsider_expiry, something that may expire (a page, a snippet with drafts) changed,
    so the soonest expiry is worked out again.
    """
    ContentVersion = apps.get_model("portal", "ContentVersion")
    fields = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if reconsider_expiry:
        fields["next_expiry"] = soonest_expiry()
    if not ContentVersion.objects.filter(pk=1).update(**fields):
        ContentVersion.objects.update_or_create(pk=1, defaults={**fields, "next_expiry": soonest_expiry()})
    memo = _request_version.get(None)
    if memo is not None:
        memo[0] = fields["token"]
    connection.portal_content_changed = True
    transaction.on_commit(_committed)


def expiring_models():
    from wagtail.models import DraftStateMixin, Page

    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page) and not model._meta.abstract
    ]


def soonest_expiry():
    expiries = [
        model.objects.filter(live=True, expire_at__isnull=False)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)[:1]
        for model in expiring_models()
    ]
    return min((found[0] for found in expiries if found), default=None)


def expire_due_content():
    """Withdraw what is due to expire now, as publish_scheduled does, in one transaction.

    Several processes may notice at once: the row lock lets one withdraw, and the others find
    nothing left to do once it commits.
    """
    ContentVersion = apps.get_model("portal", "ContentVersion")
    with transaction.atomic():
        version = ContentVersion.objects.select_for_update().filter(pk=1).first()
        if version is None or version.next_expiry is None or version.next_expiry > timezone.now():
            return
        for model in expiring_models():
            for obj in list(model.objects.filter(live=True, expire_at__lte=timezone.now())):
                logger.info("Withdrawing %s, which expired at %s", obj, obj.expire_at)
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        # Unpublishing moved the version on already; this also covers content that expired
        # while not live, and records that nothing is due any more.
        content_changed(reconsider_expiry=True)


def _key(name, key_parts):
    return ":".join(["portal", name, str(current_version()), *map(str, key_parts)])


def _get(key):
    value = process_cache().get(key)
    shared = shared_cache()
    if value is None and shared is not None:
        value = shared.get(key)
        if value is not None:
            process_cache().set(key, value, DERIVED_DATA_SECONDS)
    return value


def _set(key, value, seconds):
    if _changed_in_open_transaction():
        return
    process_cache().set(key, value, seconds)
    if shared_cache() is not None:
        shared_cache().set(key, value, seconds)


def remember(name, *key_parts, compute):
    """What `compute` returns, kept under the current version, so any content change renews it.

    A None result is not kept: it is worked out again next time.

    For what pages show of each other: working it out takes several queries, yet it changes
    only when something is published, unpublished, moved or deleted, or a snippet changes.
    """
    key = _key(name, key_parts)
    value = _get(key)
    if value is None:
        value = compute()
        if value is not None:
            _set(key, value, DERIVED_DATA_SECONDS)
    return value


def remember_many(name, ids, compute):
    """remember() for a batch: {id: value} for each id, with compute(missing ids) -> {id: value}
    called once for the ones not yet kept."""
    prefix = f"portal:{name}:{current_version()}:"
    keys = {id_: f"{prefix}{id_}" for id_ in ids}
    found = process_cache().get_many(keys.values())
    shared = shared_cache()
    if shared is not None and len(found) < len(keys):
        from_shared = shared.get_many([key for key in keys.values() if key not in found])
        if from_shared:
            process_cache().set_many(from_shared, DERIVED_DATA_SECONDS)
            found.update(from_shared)
    values = {id_: found[key] for id_, key in keys.items() if key in found}
    missing = [id_ for id_ in ids if id_ not in values]
    if missing:
        fresh = compute(missing)
        if not _changed_in_open_transaction():
            entries = {keys[id_]: value for id_, value in fresh.items()}
            process_cache().set_many(entries, DERIVED_DATA_SECONDS)
            if shared is not None:
                shared.set_many(entries, DERIVED_DATA_SECONDS)
        values.update(fresh)
    return values


# Large derived data each process keeps unpickled: {name: (version, value)}.
_in_process = {}


def remember_in_process(name, compute):
    """remember() for large data that nearly every request reads, kept as a live object.

    Reading a kept copy means unpickling all of it, which for the search vocabulary of a site
    of 100,000 pages took about a millisecond on every search.
    """
    version = current_version()
    kept = _in_process.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = remember(name, compute=compute)
    if not _changed_in_open_transaction():
        _in_process[name] = (version, value)
    return value


class ContentVersionMiddleware:
    """One content version for the whole of a request, read when first needed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A request starts outside any transaction: whatever an earlier one left unfinished on
        # this connection was rolled back.
        connection.portal_content_changed = False
        token = _request_version.set([None])
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous visitors, kept under the content version.

    Cached: successful GET responses for public pages, requested without a query string, a
    session cookie or credentials (editors are never served from it, and previews and drafts
    live under /admin/), unless they vary with a request header (the API answers JSON or HTML
    by Accept): one key per site and path cannot tell such answers apart. Pages show each other's titles and links, so every change renews every page
    rather than guessing which ones it touched. Pages are kept per site, not per Host header:
    a port or an unknown name in it cannot change the page, and must not multiply the entries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        site = getattr(request, "_wagtail_site", None)
        if not seconds or site is None or not self.is_cacheable_request(request):
            return self.get_response(request)
        key = _key("page", (site.pk, request.path))
        cached = _get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            patch_cache_control(response, **self.cache_control())
            set_response_etag(response)
            headers = {name: response[name] for name in (*KEPT_HEADERS, "Cache-Control") if name in response}
            _set(key, (response.content, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def cache_control():
        """What browsers and CDNs are told: ask every time, unless operators chose otherwise."""
        browser, cdn = settings.PAGE_BROWSER_CACHE_SECONDS, settings.CDN_CACHE_SECONDS
        if not browser and not cdn:
            return {"public": True, "no_cache": True}
        return {"public": True, "max_age": browser, **({"s_maxage": cdn} if cdn else {})}

    @staticmethod
    def is_cacheable_request(request):
        return (
            request.method == "GET"
            and not request.GET
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(BYPASSED_PATHS)
        )

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.has_header("Vary")
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )
