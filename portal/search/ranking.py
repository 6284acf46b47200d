"""How matches are ordered: a result named exactly what the patient typed first, then by score,
then A to Z; and how a matching symptom or food lifts the pages it leads to."""

from portal.search.results import SearchResult
from portal.search.text import fold_accents, words_of

# The share of a matching symptom's or food's score that its conditions or nutrients receive.
RELATED_PAGE_SHARE = 0.9
# Only the best-matching symptoms and foods lead to their pages, and to a bounded number of them,
# so a common word cannot pull in every page of a large site.
LEADING_SNIPPETS = 5
PAGES_PER_LEADING_SNIPPET = 10

Boosts = dict[int, tuple[float, list[str]]]


def names_match(title: str, phrases: set[str]) -> bool:
    """Whether a result is named exactly what the patient typed, allowing for a plural and for
    accents left out."""
    name = " ".join(words_of(fold_accents(title)))
    folded = {fold_accents(phrase) for phrase in phrases if phrase}
    return any(name in (phrase, phrase.rstrip("s"), f"{phrase}s") for phrase in folded)


def rank(results: list[SearchResult], typed: set[str]) -> None:
    """Order the results in place, those named as typed (any of the phrases) first."""
    # Equal scores in A to Z order, so the same search always lists its results the same way.
    results.sort(key=lambda result: result.title)
    results.sort(key=lambda result: (names_match(result.title, typed), result.score), reverse=True)


def by_score(results: list[SearchResult]) -> list[SearchResult]:
    return sorted(results, key=lambda result: result.score, reverse=True)


def boosts_from(snippets: list[SearchResult]) -> Boosts:
    """Search by symptom or food: a matching symptom lifts its conditions, a food its nutrients.

    Each related page gets a share of the snippet's score and the snippet's name as the reason
    it matched, so "eyelid twitching" finds the condition and "banana" finds potassium. As
    {page id: (score, reasons)}.
    """
    boosts: Boosts = {}
    leading = by_score(snippets)[:LEADING_SNIPPETS]
    for result in leading:
        for page_id in result.related_page_ids[:PAGES_PER_LEADING_SNIPPET]:
            score, reasons = boosts.get(page_id, (0, []))
            boosts[page_id] = (max(score, result.score * RELATED_PAGE_SHARE), [*reasons, result.title])
    return boosts
