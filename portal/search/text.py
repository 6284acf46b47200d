"""Patients' text: a query made safe to use, its words, and search terms marked in what is shown.

The rules for turning what a patient typed into words, shared by the search page, the suggestions
and the public API. Nothing here reads the database.
"""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200

# Function words of each language: too common to say why a page matched or to match on their own.
# Written without accents, as fold_accents() leaves them. (Patients' vocabulary itself is data, in
# the synonym groups.)
ENGLISH_QUIET_WORDS = {
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
SPANISH_QUIET_WORDS = {
    "a",
    "al",
    "el",
    "la",
    "los",
    "las",
    "lo",
    "le",
    "un",
    "una",
    "unos",
    "unas",
    "de",
    "del",
    "en",
    "y",
    "e",
    "o",
    "u",
    "con",
    "sin",
    "por",
    "para",
    "que",
    "me",
    "mi",
    "mis",
    "se",
    "su",
    "sus",
    "es",
    "son",
    "esta",
    "estan",
    "hay",
    "tengo",
    "tiene",
    "como",
    "cual",
    "cuales",
    "cuanto",
    "cuanta",
    "cuantos",
    "cuantas",
    "porque",
    "cuando",
    "donde",
    "ir",
    "hacer",
    "hago",
    "puede",
    "puedo",
    "debo",
    "sirve",
    "sirven",
    "necesito",
    "muy",
    "mucho",
    "alimentos",
    "alimento",
    "comida",
    "comidas",
    "rico",
    "rica",
    "ricos",
    "ricas",
}
QUIET_WORDS = {"en": ENGLISH_QUIET_WORDS, "es": SPANISH_QUIET_WORDS}


def clean_query(raw: str) -> str:
    """Patients' text without control characters, with whitespace collapsed, cut to a usable length."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


# Ranking compares every name of every result, and the same names come back search after search:
# their spelling is kept per process, in a bounded cache.
@functools.lru_cache(maxsize=8192)
def spelled(term: str) -> str:
    """A word or phrase as search compares them: its words, in lower case, without accents."""
    return " ".join(words_of(fold_accents(term)))


def name_forms(phrase: str) -> set[str]:
    """The spellings that count as naming a phrase (as spelled()): itself, allowing for a plural
    typed or left out ("cramp", "cramps")."""
    return {phrase, phrase.rstrip("s"), f"{phrase}s"}


def fold_accents(text: str) -> str:
    """The text without accents, letter for letter ("plátano" → "platano", "año" → "ano"): patients
    type accents or leave them out, and search treats both the same in every language. The result
    is as long as the text, so a position in one is the same position in the other."""
    # Ranking folds every name of every result: most text is plain ASCII and needs no look at its
    # letters, and the rest has few distinct ones.
    if text.isascii():
        return text
    return "".join(char if char.isascii() else _fold_letter(char) for char in text)


@functools.lru_cache(maxsize=1024)
def _fold_letter(char: str) -> str:
    base = "".join(part for part in unicodedata.normalize("NFD", char) if not unicodedata.combining(part))
    return base if len(base) == 1 else char


def quiet_words(language: str) -> set[str]:
    """The function words of the language (a content language code), or of English for one the
    portal has no list for."""
    return QUIET_WORDS.get(language, ENGLISH_QUIET_WORDS)


def meaningful_words(query: str, language: str = "en") -> list[str]:
    """The query's words without the language's quiet ones, or all of them if nothing else is left."""
    quiet = quiet_words(language)
    words = words_of(query)
    return [word for word in words if fold_accents(word) not in quiet] or words


def stem(word: str) -> str:
    """A crude stem, enough to highlight "twitches" for "twitching"."""
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    return word.rstrip("s") if len(word) > 4 else word


def highlight_terms(query: str, expansions: list[str], language: str = "en") -> list[str]:
    """The query's words and one-word synonyms, without accents; parts of longer synonyms
    ("muscle") would mark everything."""
    quiet = quiet_words(language)
    single_word_synonyms = [term for term in expansions if len(words_of(term)) == 1]
    words = [
        word
        for word in words_of(fold_accents(" ".join([query, *single_word_synonyms])))
        if len(word) >= 3 and word not in quiet
    ]
    return sorted({stem(word) for word in words})


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escaped text with the words that start with a search term wrapped in <mark>, with or
    without their accents ("platano" marks "plátano")."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b("
        + "|".join(re.escape(fold_accents(term)) for term in sorted(terms, key=len, reverse=True))
        + r")\w*",
        re.IGNORECASE,
    )
    parts, position = [], 0
    # Matched without accents, marked in the text as written: folding keeps every position.
    for match in pattern.finditer(fold_accents(text)):
        marked = text[match.start() : match.end()]
        parts += [escape(text[position : match.start()]), f"<mark>{escape(marked)}</mark>"]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
