"""Resolve a page's address to the page in one query, remembering where each address leads.

The address-to-page map changes only when content is published, unpublished, moved or
deleted, which moves the page cache to a new version (portal.page_cache); the map is kept
under that version, so it never outlives a change.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from wagtail.models import Page

from portal.page_cache import current_version

ROUTE_CACHE_SECONDS = 10 * 60


def find_page(url_path):
    """The page at this url_path as its specific type (with what it shows joined in), or None."""
    digest = hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest()
    key = f"portal:route:{current_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        slug = url_path.rstrip("/").rsplit("/", 1)[-1]
        found = Page.objects.filter(slug=slug, url_path=url_path).values_list("pk", "content_type_id").first()
        found = tuple(found or ())
        cache.set(key, found, ROUTE_CACHE_SECONDS)
    if not found:
        return None
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    related = getattr(model, "route_select_related", ())
    return model.objects.select_related(*related).filter(pk=pk, url_path=url_path).first()
