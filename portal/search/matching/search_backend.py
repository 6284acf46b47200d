"""Matching through Wagtail's search backend: Elasticsearch and OpenSearch as they are, and
SQLite's full-text search (FTS5) with its scores turned round."""

from collections.abc import Sequence

from modelsearch.query import Fuzzy
from wagtail.search.backends import get_search_backend

from portal.search.kinds import Snippet, in_search_language, page_models_of, shown_pages
from portal.search.matching.base import RESULTS_PER_SOURCE, Matcher, Matches
from portal.search.text import fold_accents


class SearchBackendMatcher(Matcher):
    """Pages, symptoms and foods in the language searched, matched by the search backend."""

    # Elasticsearch and OpenSearch run fuzzy queries.
    tolerates_misspellings = True
    score_sign = 1
    # Whether the index holds its text without accents, so that queries must leave them out too
    # (PostgreSQL's, portal.search.backend; SQLite's full-text index and Elasticsearch's analyzers
    # treat the query as they treat the text).
    folds_accents = False

    def __init__(self) -> None:
        self.backend = get_search_backend()

    def match(
        self,
        words: Sequence[str],
        terms: Sequence[str],
        kind: str | None,
        snippet_models: Sequence[type[Snippet]],
        *,
        fuzzy: bool = False,
    ) -> Matches:
        operator = None if fuzzy else "or"
        matches = Matches()
        for model in snippet_models:
            found = self.backend.search(
                self._query(terms, fuzzy), in_search_language(model.objects.live()), operator=operator
            ).annotate_score("_score")
            matches.snippets[model] = [
                (item, self.score_sign * item._score) for item in found[:RESULTS_PER_SOURCE]
            ]
        if page_models_of(kind):
            found = shown_pages(kind).search(self._query(terms, fuzzy), operator=operator)
            matches.pages = {
                page.pk: self.score_sign * page._score
                for page in found.annotate_score("_score")[:RESULTS_PER_SOURCE]
            }
        return matches

    def _query(self, terms: Sequence[str], fuzzy: bool) -> str | Fuzzy:
        text = " ".join(terms)
        if self.folds_accents:
            text = fold_accents(text)
        return Fuzzy(text) if fuzzy else text


class SQLiteMatcher(SearchBackendMatcher):
    # SQLite has neither trigrams nor fuzzy queries; spelling correction from the vocabulary
    # covers it.
    tolerates_misspellings = False
    # FTS5 ranks with bm25, where lower is better.
    score_sign = -1
