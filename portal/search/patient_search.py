"""Search in patients' own words: synonyms, spelling mistakes, symptoms and foods.

One search runs over the clinical pages and the symptom and food snippets, merges them by score,
and says why each result matched. Patients' vocabulary is data (synonym groups, symptom and food
synonyms, medicine brand names), never a list in this file.

PatientSearch puts the parts together: the query's words (text), their synonyms and corrections
(vocabulary), what matches them on this database (matching), their order (ranking) and the results
patients see (results).
"""

from django.http import HttpRequest

from portal.core.snippet_urls import index_url
from portal.search.kinds import (
    SNIPPET_KINDS,
    Snippet,
    live_snippets,
    page_models_of,
    search_language,
    snippet_models_of,
)
from portal.search.matching import get_matcher
from portal.search.ranking import Boosts, boosts_from, by_score, rank
from portal.search.results import SearchOutcome, SearchResult, page_rows, related_page_ids
from portal.search.text import highlight_terms, meaningful_words, words_of
from portal.search.vocabulary import get_vocabulary


class PatientSearch:
    """One search, in the language being served: /es/search/ looks through the Spanish pages,
    symptoms and foods with the Spanish vocabulary, /search/ through the English ones."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.language = search_language()
        self.vocabulary = get_vocabulary()
        self.matcher = get_matcher()

    def search(self, query: str, kind: str | None = None) -> SearchOutcome:
        """Every match, ranked. Call results.describe() on the ones shown before displaying them."""
        # Only words reach the search backend: quotes and operators are not patients' words,
        # and SQLite's full-text syntax would reject some of them.
        query = " ".join(words_of(query))
        results, terms = self._run(query, kind)
        suggestion = self.vocabulary.correct(query)
        showing_results_for = None
        if not results and suggestion:
            results, terms = self._run(suggestion, kind)
            showing_results_for = suggestion if results else None
        if not results and self.matcher.tolerates_misspellings:
            # Fuzzy scores are similarities on another scale: they only order the fuzzy matches.
            results = by_score(self._matches(words_of(query), [query], kind, fuzzy=True))
        return SearchOutcome(
            results=results, terms=terms, suggestion=suggestion, showing_results_for=showing_results_for
        )

    def _run(self, query: str, kind: str | None) -> tuple[list[SearchResult], list[str]]:
        expansions = self.vocabulary.expand(query)
        meaningful = meaningful_words(query, self.language)
        typed = frozenset({" ".join(meaningful), " ".join(words_of(query))})
        results = self._matches(meaningful, [*meaningful, *expansions], kind, typed=typed)
        rank(results, typed=typed, words=meaningful)
        return results, highlight_terms(query, expansions, self.language)

    def _matches(
        self,
        words: list[str],
        terms: list[str],
        kind: str | None,
        fuzzy: bool = False,
        typed: frozenset[str] = frozenset(),
    ) -> list[SearchResult]:
        """Matches for any of the terms (the patient's words and their synonyms), across pages,
        symptoms and foods, and the symptoms and foods named as typed (the phrases in `typed`)."""
        snippet_models = self._snippet_models_shown(kind)
        matches = self.matcher.match(words, terms, kind, snippet_models, fuzzy=fuzzy)
        named = self.vocabulary.snippets_named(typed)
        snippets = [
            result
            for model in snippet_models
            for result in self._snippet_results(
                model, self._with_named(model, matches.snippets[model], named.get(model._meta.label, set()))
            )
        ]
        results = [result for result in snippets if kind in (None, result.kind)]
        if page_models_of(kind):
            results += self._page_results(kind, matches.pages, boosts_from(snippets, typed))
        return results

    @staticmethod
    def _with_named(
        model: type[Snippet], found: list[tuple[Snippet, float]], named_ids: set[int]
    ) -> list[tuple[Snippet, float]]:
        """The matches, and any symptom or food named what the patient typed that they left out.

        A matcher returns a bounded number of the best-scoring entries; in a large site, entries
        that mention a common word often ("oats" in many titles) can outscore the one food whose
        editors gave it that name, whose long list of names scores it lower. Named as typed, it is
        what the patient asked for: ranking puts it with any others so named, first. Having no
        score of its own from the look-up, it comes last among them."""
        missing = named_ids - {item.pk for item, _ in found}
        if not missing:
            return found
        return [*found, *((item, 0.0) for item in live_snippets(model, sorted(missing)).values())]

    def _snippet_models_shown(self, kind: str | None) -> list[type[Snippet]]:
        """The symptoms and foods this search looks through: none of a kind the site has no page
        serving."""
        return [model for model in snippet_models_of(kind) if index_url(model, self.request)]

    def _page_results(self, kind: str | None, scores: dict[int, float], boosts: Boosts) -> list[SearchResult]:
        # Plain rows rather than page objects: a search can match a hundred pages or more.
        pages = page_rows(self.request, kind, scores)
        missing = [page_id for page_id in boosts if page_id not in pages]
        if missing:
            pages.update(page_rows(self.request, kind, missing))
        results = []
        for pk, (title, result_kind, url) in pages.items():
            score, reasons = boosts.get(pk, (0, []))
            results.append(
                SearchResult(
                    kind=result_kind,
                    title=title,
                    url=url,
                    score=scores.get(pk, 0) + score,
                    page_id=pk,
                    reasons=reasons,
                )
            )
        return results

    def _snippet_results(
        self, model: type[Snippet], found: list[tuple[Snippet, float]]
    ) -> list[SearchResult]:
        related = related_page_ids(model, [item.pk for item, _ in found])
        return [
            SearchResult(
                kind=SNIPPET_KINDS[model].kind,
                title=item.name,
                url=item.get_url(self.request),
                score=score,
                snippet=item,
                related_page_ids=related.get(item.pk, []),
            )
            for item, score in found
        ]
