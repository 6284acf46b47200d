"""How matches are ordered: a result named exactly what the patient typed first, then by score,
then A to Z; and how a matching symptom or food lifts the pages it leads to."""

import functools

from portal.search.results import SearchResult
from portal.search.text import fold_accents, name_forms, spelled, stem, words_of

# The share of a matching symptom's or food's score that its conditions or nutrients receive.
RELATED_PAGE_SHARE = 0.9
# Only the best-matching symptoms and foods lead to their pages, and to a bounded number of them,
# so a common word cannot pull in every page of a large site.
LEADING_SNIPPETS = 5
PAGES_PER_LEADING_SNIPPET = 10

Boosts = dict[int, tuple[float, list[str]]]


def names_match(title: str, phrases: frozenset[str]) -> bool:
    """Whether a result is named exactly what the patient typed, allowing for a plural and for
    accents left out."""
    name = spelled(title)
    return any(name in name_forms(phrase) for phrase in filter(None, map(spelled, phrases)))


def named_as_typed(result: SearchResult, phrases: frozenset[str]) -> bool:
    """Whether a result is named what the patient typed: its title, or for a symptom or food one of
    the names editors gave it ("pins and needles" is a name of "Tingling or numbness")."""
    return any(names_match(name, phrases) for name in names_of(result))


def _matches_word(word_stem: str, title_stem: str) -> bool:
    return title_stem.startswith(word_stem) or word_stem.startswith(title_stem)


# Worked out for every name of every result, search after search: kept per process, bounded.
@functools.lru_cache(maxsize=8192)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in words_of(fold_accents(text)))


def has_every_word(title: str, words: list[str]) -> bool:
    """Whether a title holds every one of the words, allowing for endings ("contracciones" for
    "contracción") and accents left out."""
    title_stems = _stems(title)
    return bool(words) and all(
        any(_matches_word(word_stem, title_stem) for title_stem in title_stems)
        for word_stem in _stems(" ".join(words))
    )


def share_typed(title: str, words: list[str]) -> float:
    """How much of a title the patient's words make up: the share of its words that they typed.
    "Eyelid twitching" is all typed in "my eye keeps twitching"; "Occasional eyelid twitch 12"
    only half."""
    title_stems = _stems(title)
    word_stems = _stems(" ".join(words))
    if not title_stems:
        return 0.0
    typed = [
        title_stem for title_stem in title_stems if any(_matches_word(w, title_stem) for w in word_stems)
    ]
    return len(typed) / len(title_stems)


def names_of(result: SearchResult) -> list[str]:
    """A result's title, and for a symptom or food the names editors gave it."""
    return [result.title, *(result.snippet.search_keywords() if result.snippet is not None else [])]


def rank(results: list[SearchResult], typed: frozenset[str], words: list[str] | None = None) -> None:
    """Order the results in place, each group by score: those named as typed (any of the phrases);
    then the pages a symptom or food named as typed leads to ("muscle jumping" is a name of the
    symptom Muscle twitching, whose condition page follows it); then the pages whose title, and the
    symptoms and foods one of whose names, holds every word the patient typed (`words`), those the
    patient's words make up more of first ("Eyelid twitching" before "Occasional eyelid twitch 12"
    for "my eye keeps twitching"); then the rest.

    Synonyms widen what matches, and a long page that mentions many of them can outscore the page
    named for what the patient asked; these groups keep what they asked for first."""
    named = {id(result) for result in results if named_as_typed(result, typed)}
    led_to = {
        page_id
        for result in results
        if id(result) in named
        for page_id in result.related_page_ids[:PAGES_PER_LEADING_SNIPPET]
    }

    def share_of_every_word(result: SearchResult) -> float:
        """The largest share the patient's words make up of a name holding every one of them."""
        if not words:
            return 0.0
        return max(
            (share_typed(name, words) for name in names_of(result) if has_every_word(name, words)),
            default=0.0,
        )

    def group(result: SearchResult) -> tuple[int, float]:
        if id(result) in named:
            return 3, 0.0
        if result.page_id in led_to:
            return 2, 0.0
        share = share_of_every_word(result)
        return (1, share) if share else (0, 0.0)

    # Equal scores in A to Z order, so the same search always lists its results the same way.
    results.sort(key=lambda result: result.title)
    results.sort(key=lambda result: (group(result), result.score), reverse=True)


def by_score(results: list[SearchResult]) -> list[SearchResult]:
    return sorted(results, key=lambda result: result.score, reverse=True)


def boosts_from(snippets: list[SearchResult], typed: frozenset[str]) -> Boosts:
    """Search by symptom or food: a matching symptom lifts its conditions, a food its nutrients.

    Each related page gets a share of the snippet's score and the snippet's name as the reason
    it matched, so "eyelid twitching" finds the condition and "banana" finds potassium. As
    {page id: (score, reasons)}.
    """
    boosts: Boosts = {}
    # Those named as typed lead first: in a large site many symptoms or foods can outscore the one
    # whose editors gave it the patient's word ("yogurt" is a name of Dairy products).
    leading = sorted(
        snippets, key=lambda result: (named_as_typed(result, typed), result.score), reverse=True
    )[:LEADING_SNIPPETS]
    for result in leading:
        for page_id in result.related_page_ids[:PAGES_PER_LEADING_SNIPPET]:
            score, reasons = boosts.get(page_id, (0, []))
            boosts[page_id] = (max(score, result.score * RELATED_PAGE_SHARE), [*reasons, result.title])
    return boosts
