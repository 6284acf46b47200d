"""Matching through Wagtail's search backend: Elasticsearch and OpenSearch as they are, and
SQLite's full-text search (FTS5) with its scores turned round."""

from collections.abc import Iterable, Sequence
from typing import Any

from modelsearch.query import Fuzzy
from wagtail.search.backends import get_search_backend

from portal.search.kinds import Snippet, in_search_language, page_models_of, search_language, shown_pages
from portal.search.matching.base import RESULTS_PER_SOURCE, Matcher, Matches
from portal.search.text import fold_accents, quiet_words, words_of


class SearchBackendMatcher(Matcher):
    """Pages, symptoms and foods in the language searched, matched by the search backend."""

    # Elasticsearch and OpenSearch run fuzzy queries.
    tolerates_misspellings = True
    score_sign = 1
    # Whether the index holds its text without accents, so that queries must leave them out too
    # (PostgreSQL's, portal.search.backend; SQLite's full-text index and Elasticsearch's analyzers
    # treat the query as they treat the text).
    folds_accents = False
    # Whether matches with every word the patient typed score those words again (the ranking SQL
    # does the same on PostgreSQL).
    rewards_every_word = False

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
            matches.snippets[model] = self._scored(found[:RESULTS_PER_SOURCE])
        if page_models_of(kind):
            found = shown_pages(kind).search(self._query(terms, fuzzy), operator=operator)
            matches.pages = {
                page.pk: score
                for page, score in self._scored(found.annotate_score("_score")[:RESULTS_PER_SOURCE])
            }
        if self.rewards_every_word and not fuzzy and len(words) > 1:
            self._reward_every_word(matches, words, kind)
        return matches

    def _scored(self, found: Iterable[Any]) -> list[tuple[Any, float]]:
        return [(item, self.score_sign * item._score) for item in found]

    def _reward_every_word(self, matches: Matches, words: Sequence[str], kind: str | None) -> None:
        """Add to each match that has every word the patient typed its score for them: among many
        synonyms, the patient's own words together say most about what they are looking for ("falta
        de sueño" is a cause on the condition page, "sueño" alone a side effect of many medicines)."""
        for model, found in matches.snippets.items():
            if found:
                every = self._every_word_scores(words, in_search_language(model.objects.live()))
                matches.snippets[model] = sorted(
                    ((item, score + every.get(item.pk, 0)) for item, score in found),
                    key=lambda pair: pair[1],
                    reverse=True,
                )
        if matches.pages:
            every = self._every_word_scores(words, shown_pages(kind))
            matches.pages = {pk: score + every.get(pk, 0) for pk, score in matches.pages.items()}

    def _every_word_scores(self, words: Sequence[str], queryset: Any) -> dict[int, float]:
        found = self.backend.search(self._query(words, False), queryset, operator="and").annotate_score(
            "_score"
        )
        return {item.pk: score for item, score in self._scored(found[:RESULTS_PER_SOURCE])}

    def _query(self, terms: Sequence[str], fuzzy: bool) -> str | Fuzzy:
        text = " ".join(terms)
        if not fuzzy:
            # Any of the words matches, so the function words inside synonyms ("ir al médico")
            # would match nearly everything.
            quiet = quiet_words(search_language())
            text = " ".join(word for word in words_of(text) if fold_accents(word) not in quiet) or text
        if self.folds_accents:
            text = fold_accents(text)
        return Fuzzy(text) if fuzzy else text


class SQLiteMatcher(SearchBackendMatcher):
    # SQLite has neither trigrams nor fuzzy queries; spelling correction from the vocabulary
    # covers it.
    tolerates_misspellings = False
    # FTS5 ranks with bm25, where lower is better.
    score_sign = -1
    rewards_every_word = True
