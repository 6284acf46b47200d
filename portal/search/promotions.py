"""Pages editors pinned for a query with wagtail.contrib.search_promotions, shown above the matches."""

import hashlib

from django.http import HttpRequest
from django.utils.html import escape

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from portal.caching.remember import remember
from portal.core.visibility import is_restricted
from portal.search.kinds import PAGE_KINDS, search_locale_id
from portal.search.results import SearchResult, site_id


def promoted_results(request: HttpRequest, query: str) -> list[SearchResult]:
    """The live, public pages pinned for the query, in the language searched, as results already
    described.

    Kept until content or a promotion changes: nearly every query has none, and finding that
    out is a query on every search.
    """
    query_string = normalise_query_string(query)
    return remember(
        "search-promotions",
        site_id(request),
        hashlib.md5(query_string.encode(), usedforsecurity=False).hexdigest(),
        compute=lambda: _promoted(request, query_string),
    )


def _promoted(request: HttpRequest, query_string: str) -> list[SearchResult]:
    promotions = SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
    locale_id = search_locale_id()
    results = []
    for promotion in promotions:
        page = promotion.page if promotion.page_id else None
        # A page pinned in one language is shown in the language searched, where it is translated.
        if page is not None and locale_id is not None and page.locale_id != locale_id:
            page = page.get_translation_or_none(locale_id)
        page = page.specific if page is not None else None
        if page is None or not page.live or is_restricted(page) or type(page) not in PAGE_KINDS:
            continue
        # The page's own summary, which a clinician signed off with the page: the promotion's
        # description is typed by an editor and reaches patients without any review.
        description = page.summary
        results.append(
            SearchResult(
                kind=PAGE_KINDS[type(page)],
                title=page.title,
                url=page.get_url(request),
                score=0,
                page_id=page.pk,
                promoted=True,
                summary_html=escape(description),
            )
        )
    return results
