"""Patients' vocabulary: every word the site knows, to correct misspellings, and the synonym
groups, to search for the other words patients use for the same thing.

Built from the content (titles, symptom and food names and synonyms, medicine names, the synonym
groups editors keep), never from a list in code, and kept in each process until content changes.
"""

import difflib
from dataclasses import dataclass, field

from wagtail.models import Page

from nutrition.models import Food
from portal.caching.remember import remember_in_process
from portal.core.mixins import exclude_restricted
from portal.core.snippets import Symptom
from portal.search.kinds import PAGE_KINDS
from portal.search.models import SynonymGroup
from portal.search.text import words_of
from treatments.models import MedicationPage


@dataclass
class Vocabulary:
    words: list[str]
    synonym_groups: list[list[str]]
    known: set[str] = field(init=False)
    by_initial: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.known = set(self.words)
        # Misspellings rarely change the first letter; comparing within it keeps correction fast.
        self.by_initial = {}
        for word in self.words:
            self.by_initial.setdefault(word[0], []).append(word)

    def correct(self, query: str) -> str | None:
        """The query with unknown words replaced by the closest known ones, or None if nothing changed."""
        corrected, changed = [], False
        for word in words_of(query):
            if len(word) >= 4 and word not in self.known:
                candidates = [
                    known for known in self.by_initial.get(word[0], []) if abs(len(known) - len(word)) <= 2
                ]
                close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
                if close:
                    corrected.append(close[0])
                    changed = True
                    continue
            corrected.append(word)
        return " ".join(corrected) if changed else None

    def expand(self, query: str) -> list[str]:
        """Terms patients use for the same thing as words or phrases in the query."""
        padded = f" {' '.join(words_of(query))} "
        extra = []
        for group in self.synonym_groups:
            if any(f" {' '.join(words_of(term))} " in padded for term in group):
                extra += [term for term in group if f" {term} " not in padded]
        return extra


def build_vocabulary() -> Vocabulary:
    texts = list(exclude_restricted(Page.objects.live().type(*PAGE_KINDS)).values_list("title", flat=True))
    for symptom in Symptom.objects.live():
        texts += [symptom.name, symptom.synonyms, symptom.medical_term]
    for food in Food.objects.live():
        texts += [food.name, food.synonyms]
    for medicine in exclude_restricted(MedicationPage.objects.live()).values_list(
        "medicines__generic_name", "medicines__brand_names"
    ):
        texts += [value for value in medicine if value]
    groups = [group.term_list for group in SynonymGroup.objects.live()]
    texts += [term for group in groups for term in group]
    words = sorted(
        {word for text in texts for word in words_of(text) if len(word) >= 3 and not word.isdigit()}
    )
    return Vocabulary(words=words, synonym_groups=groups)


def get_vocabulary() -> Vocabulary:
    return remember_in_process("search-vocabulary", compute=build_vocabulary)
