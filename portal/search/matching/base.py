"""The one interface every way of matching offers, and what it gives back."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

from portal.search.kinds import Snippet

RESULTS_PER_SOURCE = 50


@dataclass
class Matches:
    """What matched in one look-up, each with its score, the higher the better."""

    # Page ids, in the order they were found.
    pages: dict[int, float] = field(default_factory=dict)
    # Of each snippet model looked through, the live snippets that matched, best first.
    snippets: dict[type[Snippet], list[tuple[Snippet, float]]] = field(default_factory=dict)


class Matcher(ABC):
    """Finds the pages, symptoms and foods that match a patient's words and their synonyms."""

    # Whether a fuzzy look-up can find words the patient misspelled beyond what the vocabulary
    # corrects.
    tolerates_misspellings: bool

    @abstractmethod
    def match(
        self,
        words: Sequence[str],
        terms: Sequence[str],
        kind: str | None,
        snippet_models: Sequence[type[Snippet]],
        *,
        fuzzy: bool = False,
    ) -> Matches:
        """Pages of the kind (of every kind for None) and the snippets of these models that match
        any of the terms: the patient's meaningful words and their synonyms, or with `fuzzy`, the
        query, allowing for misspellings."""
