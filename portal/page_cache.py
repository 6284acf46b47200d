"""A full-page cache for anonymous visitors, shared by every worker through Django's cache.

Cached: successful GET responses for public pages, requested without a query string or a
session cookie (editors are never served from it, and previews and drafts live under /admin/).
Any content change (publish, unpublish, move, delete, a snippet that pages show) moves the cache
to a new version, so the next visitor gets a freshly rendered page. Pages show each other's
titles and links, so every cached page is dropped rather than guessing which ones changed.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

VERSION_KEY = "portal:page-cache-version"
# Lists of other pages (titles, summaries, links) that a page shows, kept until content changes.
DERIVED_DATA_SECONDS = 10 * 60
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
BYPASSED_PATHS = ("/admin/", "/documents/", "/search/")


def current_version():
    cache.add(VERSION_KEY, 1, timeout=None)
    return cache.get(VERSION_KEY, 1)


def remember(name, *key_parts, compute):
    """What `compute` returns, kept under the current version, so any content change renews it.

    A None result is not kept: it is worked out again next time.

    For what pages show of each other: working it out takes several queries, yet it changes
    only when something is published, unpublished, moved or deleted, or a snippet changes.
    """
    key = ":".join(["portal", name, str(current_version()), *map(str, key_parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, DERIVED_DATA_SECONDS)
    return value


def remember_many(name, ids, compute):
    """remember() for a batch: {id: value} for each id, with compute(missing ids) -> {id: value}
    called once for the ones not yet kept."""
    prefix = f"portal:{name}:{current_version()}:"
    found = cache.get_many([f"{prefix}{id_}" for id_ in ids])
    values = {id_: found[f"{prefix}{id_}"] for id_ in ids if f"{prefix}{id_}" in found}
    missing = [id_ for id_ in ids if id_ not in values]
    if missing:
        fresh = compute(missing)
        cache.set_many({f"{prefix}{id_}": value for id_, value in fresh.items()}, DERIVED_DATA_SECONDS)
        values.update(fresh)
    return values


# Large derived data each process keeps for itself: {name: (stamp, value)}.
_in_process = {}


def remember_in_process(name, compute):
    """remember() for large data that nearly every request reads: each process keeps its own copy
    too, and reads only a small stamp from the shared cache to know that its copy is still current.

    Reading the shared copy means unpickling all of it, which for the search vocabulary of a site
    of 100,000 pages took about a millisecond on every search.
    """
    stamp_key = f"portal:{name}-stamp:{current_version()}"
    stamp = cache.get(stamp_key)
    kept = _in_process.get(name)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    stamp, value = remember(name, compute=lambda: (uuid.uuid4().hex, compute()))
    cache.set(stamp_key, stamp, DERIVED_DATA_SECONDS)
    _in_process[name] = (stamp, value)
    return value


def clear_page_cache():
    """Serve freshly rendered pages from now on, on every worker and server sharing the cache."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self.is_cacheable_request(request):
            return self.get_response(request)
        key = f"portal:page:{current_version()}:{request.get_host()}:{request.path}"
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            patch_cache_control(
                response, public=True, max_age=settings.PAGE_BROWSER_CACHE_SECONDS, s_maxage=seconds
            )
            headers = {name: response[name] for name in (*KEPT_HEADERS, "Cache-Control") if name in response}
            cache.set(key, (response.content, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def is_cacheable_request(request):
        return (
            request.method == "GET"
            and not request.GET
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(BYPASSED_PATHS)
        )

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )
