"""Addresses of snippets that a routable page serves rather than being pages themselves.

A symptom has its page at a route of the symptoms index, a food at a route of the nutrients index.
Those page types live in layers above the kernel, so they register themselves here with
@serves("portal.Symptom", "symptom_detail"); the site's navigation, which remembers where each index page
is on each site, tells this module how to find them (find_index_pages_with). The kernel never names
either.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urljoin

from django.apps import apps

from portal.core.languages import hreflang_alternates, language_of, versions_by_language

if TYPE_CHECKING:
    from django.db.models import Model
    from django.db.models.options import Options
    from django.http import HttpRequest

    from wagtail.contrib.routable_page.models import RoutablePageMixin


class ServedSnippet(Protocol):
    slug: str
    locale_id: int
    translation_key: Any
    _meta: Options[Model]


PageType = TypeVar("PageType", bound="type[RoutablePageMixin]")
# (request, language code) -> {serving page type: its URL in that language on the request's site}
IndexPageFinder = Callable[["HttpRequest", str | None], Mapping["type[RoutablePageMixin]", "str | None"]]

_served_by: dict[str, tuple[type[RoutablePageMixin], str]] = {}
_index_page_finder: IndexPageFinder | None = None


def serves(snippet_model: str, route_name: str) -> Callable[[PageType], PageType]:
    """Registers the decorated routable page type as the one that serves each snippet of the model
    ("app_label.ModelName", as a model may be defined after the page type) at the named route."""

    def register(page_type: PageType) -> PageType:
        _served_by[snippet_model] = (page_type, route_name)
        return page_type

    return register


def find_index_pages_with(finder: IndexPageFinder) -> None:
    """Sets how to find, for a request, the URL of each serving page type on the request's site."""
    global _index_page_finder  # noqa: PLW0603  (set once, when the site's app is ready)
    _index_page_finder = finder


def route_url(page_url: str, page_type: type[RoutablePageMixin], route_name: str, **kwargs: str) -> str:
    """The address of a named route of a routable page at page_url.

    What the page's reverse_subpage gives, without a page instance: the site's navigation keeps
    only the index pages' URLs.
    """
    return page_url + _reverse_route(page_type._meta.label, route_name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=10_000)
def _reverse_route(page_type_label: str, route_name: str, kwargs: tuple[tuple[str, str], ...]) -> str:
    # Routes are code, so a reversed route holds until the process ends. A condition page links
    # a few dozen symptoms, and reversing each afresh added almost a millisecond to its render.
    page_type = apps.get_model(page_type_label)
    return page_type.get_resolver().reverse(route_name, **dict(kwargs))


def subpage_url(index_url: str, snippet: ServedSnippet) -> str:
    """The snippet's address below the URL of the page that serves it."""
    page_type, route_name = _served_by[snippet._meta.label]
    return route_url(index_url, page_type, route_name, slug=snippet.slug)


def index_url(
    snippet_model: type[ServedSnippet], request: HttpRequest | None, language: str | None = None
) -> str | None:
    """The address of the page that serves this kind of snippet on the request's site, in the
    language (the one being served by default), or None where no live, public page does."""
    page_type, _route_name = _served_by[snippet_model._meta.label]
    finder = _index_page_finder
    return finder(request, language).get(page_type) if request is not None and finder is not None else None


def snippet_url(snippet: ServedSnippet, request: HttpRequest | None = None) -> str:
    """The snippet's address on the request's site, under the serving page in the snippet's own
    language; empty where no live, public page serves it."""
    serving_page_url = index_url(type(snippet), request, language_of(snippet))
    return subpage_url(serving_page_url, snippet) if serving_page_url else ""


def sitemap_entries(
    index_url: str, snippets: Iterable[ServedSnippet], request: HttpRequest | None
) -> list[dict]:
    """Sitemap entries for the snippets a page serves at its routes, below its full address, each
    with its versions in the other languages (read in one query for all)."""
    snippets = list(snippets)
    versions = versions_by_language(snippets)
    entries = []
    for snippet in snippets:
        entry: dict = {"location": subpage_url(index_url, snippet)}
        urls = {
            # Relative to the site, or whole where the site is one of several.
            code: urljoin(index_url, url)
            for code, version in versions.get(snippet.translation_key, {}).items()
            if (url := snippet_url(version, request))
        }
        if alternates := hreflang_alternates(urls):
            entry["alternates"] = alternates
        entries.append(entry)
    return entries
