"""What is shown, in every language the site has: for the language switcher and hreflang links.

A page's versions are its live, public translations; a symptom's or a food's, its translations
under the serving page of each language; the search page exists in every language. Where what
is shown has no version in a language, the switcher says so in that language and offers that
language's home page instead.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, Site

from portal.caching.remember import remember
from portal.core.absolute_urls import absolute_url
from portal.core.languages import content_language, default_language, language_names, versions_by_language
from portal.core.visibility import is_restricted
from portal.pages.navigation import get_site_structure

# Views that are the same in every language, at the same name.
VIEWS_IN_EVERY_LANGUAGE = {"search"}


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    # Where what is shown is in this language; empty where it is not translated yet.
    url: str
    full_url: str
    # The language's home page, where what is shown has no version in it.
    home_url: str
    current: bool
    # The language of addresses without a prefix, for whoever reads another language.
    default: bool

    @property
    def open_graph_locale(self):
        return f"{self.code}_{settings.OPEN_GRAPH_TERRITORY}"


def language_versions(request, page=None, shown=None):
    """Each content language, with the address of what is shown in it (the snippet `shown` that a
    route of `page` serves, or `page`), the current one marked. Remembered per page or snippet."""
    try:
        site = Site.find_for_request(request)
        if shown is not None:
            key = ("snippet", shown._meta.label, shown.pk)
        elif isinstance(page, Page):
            key = ("page", page.pk, _path_below(request, page))
        else:
            key = ("view", request.path)
        urls = remember(
            "language-versions", site.pk if site else 0, *key, compute=lambda: _urls(request, page, shown)
        )
    except DatabaseError:
        return []
    current = content_language()
    # A search keeps its words when the patient changes language.
    query = f"?{request.GET.urlencode()}" if key[0] == "view" and request.GET else ""
    return [
        LanguageVersion(
            code=code,
            name=name,
            url=urls[code] + query if code in urls else "",
            full_url=absolute_url(request, urls[code]) if code in urls else "",
            # Offered only where what is shown is not translated.
            home_url="" if code in urls else get_site_structure(request, code)["home_url"],
            current=code == current,
            default=code == default_language(),
        )
        for code, name in language_names().items()
    ]


def _path_below(request, page):
    """The part of the address below the page: a route of a routable page, such as foods/."""
    page_url = page.get_url(request) or ""
    return request.path[len(page_url) :] if page_url and request.path.startswith(page_url) else ""


def _urls(request, page, shown):
    if shown is not None:
        versions = versions_by_language([shown]).get(shown.translation_key, {})
        urls = {code: version.get_url(request) for code, version in versions.items()}
    elif isinstance(page, Page):
        below = _path_below(request, page)
        versions = versions_by_language([page]).get(page.translation_key, {})
        urls = {
            code: version.get_url(request) + below
            for code, version in versions.items()
            if not is_restricted(version) and version.get_url(request)
        }
    elif request.resolver_match and request.resolver_match.url_name in VIEWS_IN_EVERY_LANGUAGE:
        urls = {}
        for code in language_names():
            with translation.override(code):
                urls[code] = reverse(request.resolver_match.url_name)
    else:
        urls = {content_language(): request.path}
    return {code: url for code, url in urls.items() if url}
