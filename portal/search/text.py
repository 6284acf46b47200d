"""Patients' text: a query made safe to use, its words, and search terms marked in what is shown.

The rules for turning what a patient typed into words, shared by the search page, the suggestions
and the public API. Nothing here reads the database.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200

# English function words: too common to say why a page matched. (Patients' vocabulary itself is
# data, in the synonym groups.)
QUIET_WORDS = {
    "and",
    "the",
    "for",
    "with",
    "my",
    "keeps",
    "keep",
    "what",
    "how",
    "why",
    "foods",
    "food",
    "rich",
    "in",
    "at",
    "of",
    "a",
    "an",
    "is",
    "are",
    "to",
    "can",
    "does",
    "do",
    "i",
    "have",
    "get",
}


def clean_query(raw: str) -> str:
    """Patients' text without control characters, with whitespace collapsed, cut to a usable length."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def meaningful_words(query: str) -> list[str]:
    """The query's words without the quiet ones, or all of them if nothing else is left."""
    return [word for word in words_of(query) if word not in QUIET_WORDS] or words_of(query)


def stem(word: str) -> str:
    """A crude stem, enough to highlight "twitches" for "twitching"."""
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    return word.rstrip("s") if len(word) > 4 else word


def highlight_terms(query: str, expansions: list[str]) -> list[str]:
    """The query's words and one-word synonyms; parts of longer synonyms ("muscle") would mark everything."""
    single_word_synonyms = [term for term in expansions if len(words_of(term)) == 1]
    words = [
        word
        for word in words_of(" ".join([query, *single_word_synonyms]))
        if len(word) >= 3 and word not in QUIET_WORDS
    ]
    return sorted({stem(word) for word in words})


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escaped text with the words that start with a search term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
