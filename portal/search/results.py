"""Search results and what a patient sees of them: title, address, summary and why each matched.

What results show is kept until content changes (remember_many): a search can match a hundred
pages or more, and the rows, links and cards behind them change only with content.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.safestring import SafeString

from wagtail.models import Page, Site

from portal.caching.remember import remember_many
from portal.core.languages import translation_ids
from portal.search.kinds import KINDS, Snippet, page_kind, search_locale_id, shown_pages
from portal.search.text import highlight

# A page's title, kind and address.
PageRow = tuple[str, str, str]


@dataclass
class SearchResult:
    """One match: cheap to rank; describe() fills in what a patient sees, for one page of results."""

    kind: str
    title: str
    url: str
    score: float
    page_id: int | None = None
    snippet: Snippet | None = None
    reasons: list[str] = field(default_factory=list)
    related_page_ids: list[int] = field(default_factory=list)
    promoted: bool = False
    summary_html: str = ""
    matched_html: list[SafeString] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


@dataclass
class SearchOutcome:
    results: list[SearchResult]
    terms: list[str]
    suggestion: str | None = None
    showing_results_for: str | None = None


def site_id(request: HttpRequest) -> int:
    """The request's site, under which addresses and promotions are kept: a page's address depends
    on where it is seen from."""
    site = Site.find_for_request(request)
    return site.pk if site else 0


def page_rows(request: HttpRequest, kind: str | None, page_ids: Iterable[int]) -> dict[int, PageRow]:
    """{id: (title, kind, address)} of the live, public pages of the kind among these, in the
    language searched, each address as seen from this request's site.

    Kept until content changes, with an empty row for a page search does not show (a draft,
    a private page, an index page).
    """

    def rows(missing: list[int]) -> dict[int, PageRow | tuple[()]]:
        shown = {page.pk: page for page in shown_pages(None).filter(pk__in=missing)}
        return {
            page_id: (page.title, page_kind(page), page.get_url(request))
            if (page := shown.get(page_id))
            else ()
            for page_id in missing
        }

    remembered = remember_many(f"search-row:{site_id(request)}", list(page_ids), rows)
    return {pk: row for pk, row in remembered.items() if row and kind in (None, row[1])}


def related_page_ids(model: type[Snippet], snippet_ids: list[int]) -> dict[int, list[int]]:
    """The pages each symptom or food leads to, by snippet id, in the language searched, kept
    until content changes (per language, as every key is).

    A page links a symptom or food in whichever language the link was made, so the links of all
    the snippet's translations count, its own first, and each page is its translation in the
    language searched; page_rows() leaves out any page not translated yet.
    """

    def related(missing: list[int]) -> dict[int, list[int]]:
        keys = dict(model.objects.filter(pk__in=missing).values_list("pk", "translation_key"))
        versions: dict[Any, list[int]] = {}
        for pk, key in model.objects.filter(translation_key__in=set(keys.values())).values_list(
            "pk", "translation_key"
        ):
            versions.setdefault(key, []).append(pk)
        found = model.related_page_ids_for([pk for pks in versions.values() for pk in pks])
        linked = {page_id for page_ids in found.values() for page_id in page_ids}
        in_language = translation_ids(Page, linked, search_locale_id())
        leads_to = {}
        for snippet_id in missing:
            own_first = sorted(versions.get(keys.get(snippet_id), []), key=lambda pk: pk != snippet_id)
            page_ids = [in_language[page_id] for pk in own_first for page_id in found.get(pk, [])]
            leads_to[snippet_id] = list(dict.fromkeys(page_ids))
        return leads_to

    return remember_many(f"search-related:{model._meta.label}", snippet_ids, related)


def page_cards(page_ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """Each page's summary and the names it can match on, by page id.

    Working these out takes a query per page type and per related list; they change only
    with content, so they are kept under the content version.
    """

    def cards(missing: list[int]) -> dict[int, tuple[str, list[str]]]:
        pages = list(Page.objects.filter(pk__in=missing).specific())
        by_class: dict[type[Page], list[Page]] = {}
        for page in pages:
            by_class.setdefault(type(page), []).append(page)
        for model, group in by_class.items():
            prefetch_related_objects(group, *model.search_reads)
        return {page.pk: (page.summary, page.search_keywords()) for page in pages}

    return remember_many("search-card", page_ids, cards)


def describe(results: Sequence[SearchResult], terms: list[str]) -> None:
    """Fill in the summary and the reasons each result matched, with the search terms marked."""
    cards = page_cards([r.page_id for r in results if r.page_id and not r.promoted])
    stems = [term.lower() for term in terms]
    for result in results:
        if result.promoted:
            continue
        if result.page_id:
            if result.page_id not in cards:
                continue
            text, page_keywords = cards[result.page_id]
        elif result.snippet is not None:
            text, page_keywords = result.snippet.description, result.snippet.search_keywords()
        else:
            continue
        keywords = [*result.reasons, *page_keywords]
        result.summary_html = highlight(text, terms)
        matching = [keyword for keyword in keywords if any(stem in keyword.lower() for stem in stems)]
        result.matched_html = [highlight(keyword, terms) for keyword in dict.fromkeys(matching)][:4]
