"""Find the site and the page a request is for with as few queries as possible.

Sites, their home pages and where each address leads change only when content is published,
unpublished, moved or deleted, or a site is edited; each of those moves the page cache to a new
version (portal.page_cache). What is remembered here is kept under that version, so it never
outlives a change.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DatabaseError

from wagtail.models import Page, Site

from portal.page_cache import current_version

ROUTE_CACHE_SECONDS = 10 * 60
NO_SITE = "no-site"


class CachedSiteMiddleware:
    """Give Wagtail the request's site, with its home page, from the cache instead of two queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = f"portal:site:{current_version()}:{request.get_host()}"
        site = cache.get(key)
        if site is None:
            try:
                site = Site.find_for_request(request)
                if site is not None:
                    site.root_page.specific  # noqa: B018 (fetched now, so that the cached copy carries it)
            except DatabaseError:
                # Leave it to the view, whose failure becomes the friendly 503.
                return self.get_response(request)
            cache.set(key, site or NO_SITE, ROUTE_CACHE_SECONDS)
        elif site != NO_SITE:
            # Where Wagtail's Site.find_for_request looks first.
            request._wagtail_site = site
        return self.get_response(request)


def find_page(url_path):
    """The page at this url_path as its specific type (with what it shows joined in), or None."""
    digest = hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest()
    key = f"portal:route:{current_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        slug = url_path.rstrip("/").rsplit("/", 1)[-1]
        found = Page.objects.filter(slug=slug, url_path=url_path).values_list("pk", "content_type_id").first()
        if found is None:
            # Not remembered: a page may be created at this address at any time.
            return None
        cache.set(key, found, ROUTE_CACHE_SECONDS)
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    related = getattr(model, "route_select_related", ())
    # Checked again in the same query: a remembered address can only miss, never mislead.
    return model.objects.select_related(*related).filter(pk=pk, url_path=url_path).first()
