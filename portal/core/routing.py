"""Find the site and the page a request is for with as few queries as possible.

Sites, their home pages and the page at each address change only when content is published,
unpublished, moved or deleted, or a site is edited; each of those moves the content version on
(docs/caching.md). What is remembered here is kept under that version, so it never outlives a change.
"""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from portal.caching.remember import remember

NO_PAGE = "no-page"


@dataclass(frozen=True)
class RenderReads:
    """The related rows a page type's render reads, fetched with the page when it is served.

    `select` for single relations (select_related), `prefetch` for lists (prefetch_related),
    `annotate` for values worked out in the page's own query ({name: a function making the
    expression}, made afresh for each query). A page type declares it once, as `render_reads`,
    adding to what its base class reads.
    """

    select: tuple[str, ...] = ()
    prefetch: tuple[str | Prefetch, ...] = ()
    annotate: tuple[tuple[str, Callable[[], Any]], ...] = ()

    def plus(
        self,
        *,
        select: tuple[str, ...] = (),
        prefetch: tuple[str | Prefetch, ...] = (),
        annotate: tuple[tuple[str, Callable[[], Any]], ...] = (),
    ) -> "RenderReads":
        return RenderReads(
            select=(*self.select, *select),
            prefetch=(*self.prefetch, *prefetch),
            annotate=(*self.annotate, *annotate),
        )

    def fetch(self, queryset: QuerySet) -> QuerySet:
        queryset = queryset.select_related(*self.select).prefetch_related(*self.prefetch)
        return (
            queryset.annotate(**{name: make() for name, make in self.annotate}) if self.annotate else queryset
        )


def all_sites() -> tuple[list[Site], list[Any]]:
    """Every site with its home page, as few as they are, and Wagtail's site root paths.

    The sites are what requests are matched against; the root paths are what Page.get_url reads,
    worked out here from the database rather than from Wagtail's own cache: Wagtail deletes them
    from Django's cache when a site is saved, which only the process that saved it sees when each
    process has its own memory.
    """
    sites = list(Site.objects.select_related("root_page").order_by("pk"))
    for site in sites:
        site.root_page = site.root_page.specific
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    return sites, Site.get_site_root_paths()


def site_for(sites: list[Site], hostname: str, port: str) -> Site | None:
    """The site for this host and port, chosen as Wagtail's Site.find_for_request chooses it."""
    default = next((site for site in sites if site.is_default_site), None)
    same_name = [site for site in sites if site.hostname == hostname]
    exact = next((site for site in same_name if site.port == port), None)
    if exact is not None:
        return exact
    if default is not None and default.hostname == hostname:
        return default
    if len(same_name) == 1:
        return same_name[0]
    return default


class CachedSiteMiddleware:
    """Give Wagtail the request's site, with its home page, from what is remembered of all sites.

    The sites are remembered as one entry, not one per Host header: the header is the visitor's
    to choose, and each port or name in it would otherwise be an entry of its own. Page
    addresses are worked out from the site root paths remembered with them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            sites, root_paths = remember("sites", compute=all_sites)
        except DatabaseError:
            # Leave it to the view, whose failure becomes the friendly 503.
            return self.get_response(request)
        hostname = split_domain_port(request._get_raw_host())[0]  # type: ignore[attr-defined]
        site = site_for(sites, hostname, request.get_port())
        if site is not None:
            # Wagtail has no public way to hand it a request's site: Site.find_for_request returns
            # request._wagtail_site when set (its docstring names the attribute), else queries.
            request._wagtail_site = site  # type: ignore[attr-defined]
        # Where Page.get_url and friends look first.
        request._wagtail_cached_site_root_paths = root_paths  # type: ignore[attr-defined]
        return self.get_response(request)


def load_page(url_path: str) -> Page | None:
    """The page at this url_path as its specific type, with what it shows fetched alongside, or None."""
    slug = url_path.rstrip("/").rsplit("/", 1)[-1]
    found = Page.objects.filter(slug=slug, url_path=url_path).values_list("pk", "content_type_id").first()
    if found is None:
        return None
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    reads = getattr(model, "render_reads", RenderReads())
    return reads.fetch(model._default_manager.filter(pk=pk)).first()


def find_page(url_path: str) -> Page | None:
    """The page at this url_path, remembered with its relations until content changes, or None.

    Every request still renders the page: what is remembered is the data a render reads. An
    address that is no page is remembered too (a route of a routable page, such as a symptom, is
    looked up on every visit): a page appears there only by being published or created live, and
    either renews what is remembered.
    """
    page = remember(
        "page",
        hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest(),
        compute=lambda: load_page(url_path) or NO_PAGE,
    )
    return None if page == NO_PAGE else page


@functools.cache
def page_levels_below(model: type[Page]) -> int | None:
    """How many levels of pages the page types allow below this type; None when there is no limit."""
    return _levels_below(model, frozenset())


def _levels_below(model: type[Page], above: frozenset[type[Page]]) -> int | None:
    if model in above:
        return None
    levels = []
    for child in model.allowed_subpage_models():
        child_levels = _levels_below(child, above | {model})
        if child_levels is None:
            return None
        levels.append(child_levels)
    return 1 + max(levels) if levels else 0
