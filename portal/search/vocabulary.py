"""Patients' vocabulary in each language: every word the site knows, to correct misspellings; the
synonym groups, to search for the other words patients use for the same thing; and the symptoms and
foods each name belongs to, so that the one named as typed is never left out.

Built from the content in the language being served (titles, symptom and food names and synonyms,
medicine names, the synonym groups editors keep), never from a list in code, and kept in each
process, per language, until content changes. Accents are optional everywhere: "platano" is the
known word "plátano", and a correction offers the word as the content spells it.
"""

import difflib
from dataclasses import dataclass, field

from wagtail.models import Page

from nutrition.models import Food
from portal.caching.remember import remember_in_process
from portal.core.snippets import Symptom
from portal.core.visibility import exclude_restricted
from portal.search.kinds import PAGE_KINDS, in_search_language, search_language
from portal.search.models import SynonymGroup
from portal.search.text import fold_accents, name_forms, quiet_words, spelled, words_of
from treatments.models import MedicationPage


@dataclass
class Vocabulary:
    words: list[str]
    synonym_groups: list[list[str]]
    # {a name as spelled(): the symptoms and foods that have it, as (model label, id)}: their
    # names, medical terms and synonyms.
    snippet_names: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # The language's function words ("cuánto", "what"): never corrected into a known word.
    quiet: set[str] = field(default_factory=set)
    # {a known word without accents: the word as the content spells it}
    known: dict[str, str] = field(init=False)
    by_initial: dict[str, list[str]] = field(init=False)
    spelled_groups: list[list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.known = {}
        # A word the content spells both ways ("plátano", "platano") is offered with its accents.
        for word in sorted(self.words, key=lambda word: word == fold_accents(word)):
            self.known.setdefault(fold_accents(word), word)
        # Misspellings rarely change the first letter; comparing within it keeps correction fast.
        self.by_initial = {}
        for folded in self.known:
            self.by_initial.setdefault(folded[0], []).append(folded)
        self.spelled_groups = [[spelled(term) for term in group] for group in self.synonym_groups]

    def correct(self, query: str) -> str | None:
        """The query with unknown words replaced by the closest known ones, or None if nothing changed.

        A word typed without its accents is known, not a misspelling.
        """
        corrected, changed = [], False
        for word in words_of(query):
            folded = fold_accents(word)
            if len(folded) >= 4 and folded not in self.known and folded not in self.quiet:
                candidates = [
                    known
                    for known in self.by_initial.get(folded[0], [])
                    if abs(len(known) - len(folded)) <= 2
                ]
                close = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.75)
                if close:
                    corrected.append(self.known[close[0]])
                    changed = True
                    continue
            corrected.append(word)
        return " ".join(corrected) if changed else None

    def snippets_named(self, phrases: frozenset[str]) -> dict[str, set[int]]:
        """{model label: ids} of the symptoms and foods one of whose names is one of the phrases,
        allowing for a plural, as ranking.names_match compares them (text.name_forms)."""
        named: dict[str, set[int]] = {}
        for phrase in filter(None, map(spelled, phrases)):
            for name in name_forms(phrase):
                for label, pk in self.snippet_names.get(name, []):
                    named.setdefault(label, set()).add(pk)
        return named

    def expand(self, query: str) -> list[str]:
        """Terms patients use for the same thing as words or phrases in the query, accents or not."""
        padded = f" {spelled(query)} "
        extra = []
        for group, spelled_group in zip(self.synonym_groups, self.spelled_groups, strict=True):
            if any(f" {term} " in padded for term in spelled_group if term):
                extra += [
                    term
                    for term, spelled_term in zip(group, spelled_group, strict=True)
                    if f" {spelled_term} " not in padded
                ]
        return extra


def build_vocabulary() -> Vocabulary:
    pages = in_search_language(exclude_restricted(Page.objects.live().type(*PAGE_KINDS)))
    texts = list(pages.values_list("title", flat=True))
    snippet_names: dict[str, list[tuple[str, int]]] = {}
    snippet: Symptom | Food
    for model in (Symptom, Food):
        for snippet in in_search_language(model.objects.live()):
            names = snippet.search_keywords()
            texts += names
            for name in {spelled(name) for name in names}:
                snippet_names.setdefault(name, []).append((model._meta.label, snippet.pk))
    for medicine in in_search_language(exclude_restricted(MedicationPage.objects.live())).values_list(
        "medicines__generic_name", "medicines__brand_names"
    ):
        texts += [value for value in medicine if value]
    groups = [group.term_list for group in in_search_language(SynonymGroup.objects.live())]
    texts += [term for group in groups for term in group]
    words = sorted(
        {word for text in texts for word in words_of(text) if len(word) >= 3 and not word.isdigit()}
    )
    return Vocabulary(
        words=words,
        synonym_groups=groups,
        snippet_names=snippet_names,
        quiet=quiet_words(search_language()),
    )


def get_vocabulary() -> Vocabulary:
    """The vocabulary of the language being served: each language is kept apart (the key of
    remember_in_process names the active language)."""
    return remember_in_process("search-vocabulary", compute=build_vocabulary)
