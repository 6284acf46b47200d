"""Find the site and the page a request is for with as few queries as possible.

Sites, their home pages and where each address leads change only when content is published,
unpublished, moved or deleted, or a site is edited; each of those moves the page cache to a new
version (portal.page_cache). What is remembered here is kept under that version, so it never
outlives a change.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError

from wagtail.models import Page, Site

from portal.page_cache import remember

NO_SITE = "no-site"


def site_with_home_page(request):
    site = Site.find_for_request(request)
    if site is None:
        return NO_SITE
    site.root_page.specific  # noqa: B018 (fetched now, so that the cached copy carries it)
    return site


class CachedSiteMiddleware:
    """Give Wagtail the request's site, with its home page, from the cache instead of two queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            site = remember("site", request.get_host(), compute=lambda: site_with_home_page(request))
        except DatabaseError:
            # Leave it to the view, whose failure becomes the friendly 503.
            return self.get_response(request)
        if site != NO_SITE:
            # Where Wagtail's Site.find_for_request looks first.
            request._wagtail_site = site
        return self.get_response(request)


def find_page(url_path):
    """The page at this url_path as its specific type (with what it shows joined in), or None."""
    slug = url_path.rstrip("/").rsplit("/", 1)[-1]
    # An address that is no page is not remembered (remember keeps no None): one may be created there.
    found = remember(
        "route",
        hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest(),
        compute=lambda: (
            Page.objects.filter(slug=slug, url_path=url_path).values_list("pk", "content_type_id").first()
        ),
    )
    if found is None:
        return None
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    related = getattr(model, "route_select_related", ())
    # Checked again in the same query: a remembered address can only miss, never mislead.
    return model.objects.select_related(*related).filter(pk=pk, url_path=url_path).first()
