"""Whole pages for anonymous visitors, remembered under the content version like everything else."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from portal.caching.remember import remember

# The ETag is worked out once, when a page is kept, rather than on every hit.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "ETag")
BYPASSED_PATHS = ("/admin/", "/documents/", "/search/")

KeptPage = tuple[bytes, dict[str, str]]


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous visitors, kept under the content version.

    Cached: successful GET responses for public pages, requested without a query string, a
    session cookie or credentials (editors are never served from it, and previews and drafts
    live under /admin/), unless they vary with a request header (the API answers JSON or HTML
    by Accept): one key per site and path cannot tell such answers apart. Pages show each
    other's titles and links, so every change renews every page rather than guessing which ones
    it touched. Pages are kept per site, not per Host header: a port or an unknown name in it
    cannot change the page, and must not multiply the entries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        # Set by portal.core.routing.CachedSiteMiddleware when the Host names a site. Read
        # directly: Site.find_for_request would look the site up in the database when none matched.
        site = getattr(request, "_wagtail_site", None)
        if not seconds or site is None or not self.is_cacheable_request(request):
            return self.get_response(request)
        rendered: list[HttpResponse] = []

        def render() -> KeptPage | None:
            response = self.get_response(request)
            rendered.append(response)
            if not self.is_cacheable_response(response):
                return None
            patch_cache_control(response, **self.cache_control())
            set_response_etag(response)
            response["X-Page-Cache"] = "miss"
            headers = {name: response[name] for name in (*KEPT_HEADERS, "Cache-Control") if name in response}
            return response.content, headers

        kept = remember("anonymous-page", site.pk, request.path, compute=render, seconds=seconds)
        if rendered:
            return rendered[0]
        assert kept is not None  # nothing rendered means it was found
        content, headers = kept
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def cache_control() -> dict[str, object]:
        """What browsers and CDNs are told: ask every time, unless operators chose otherwise."""
        browser, cdn = settings.PAGE_BROWSER_CACHE_SECONDS, settings.CDN_CACHE_SECONDS
        if not browser and not cdn:
            return {"public": True, "no_cache": True}
        return {"public": True, "max_age": browser, **({"s_maxage": cdn} if cdn else {})}

    @staticmethod
    def is_cacheable_request(request: HttpRequest) -> bool:
        return (
            request.method == "GET"
            and not request.GET
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(BYPASSED_PATHS)
        )

    @staticmethod
    def is_cacheable_response(response: HttpResponse) -> bool:
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
