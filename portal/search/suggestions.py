"""Suggestions as a patient types: titles and symptom and food names in which a word starts with
what they typed so far."""

from typing import Any, TypedDict, TypeVar

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import HttpRequest

from portal.core.snippet_urls import index_url
from portal.search.kinds import SNIPPET_KINDS, in_search_language, page_kind, shown_pages
from portal.search.text import words_of

_QS = TypeVar("_QS", bound=QuerySet[Any])


class Suggestion(TypedDict):
    title: str
    url: str
    kind: str


def starts_a_word(field: str, prefix: str) -> Q:
    """Names in which a word starts with the prefix: what a patient typing expects to be offered.

    A plain match on the names themselves, rather than the search backend's autocomplete,
    which ranks the whole index and grows slow with it (about a second at 10,000 pages).
    """
    return Q(**{f"{field}__istartswith": prefix}) | Q(**{f"{field}__icontains": f" {prefix}"})


def prefix_first(queryset: _QS, field: str, prefix: str) -> _QS:
    """Names that begin with the prefix before those with a later word that does, then A to Z."""
    begins = Case(When(**{f"{field}__istartswith": prefix}, then=Value(0)), default=Value(1))
    return queryset.order_by(begins, field)


def suggestions_for(request: HttpRequest, prefix: str, limit: int = 8) -> list[Suggestion]:
    """Titles and names that start like the prefix, those that begin with it first, in the
    language being served."""
    prefix = " ".join(words_of(prefix))
    pages = prefix_first(shown_pages(None).filter(starts_a_word("title", prefix)), "title", prefix)
    suggestions: list[Suggestion] = [
        {"title": page.title, "url": page.get_url(request), "kind": page_kind(page)} for page in pages[:limit]
    ]
    for model, snippet_kind in SNIPPET_KINDS.items():
        if index_url(model, request):
            items = prefix_first(
                in_search_language(model.objects.live()).filter(starts_a_word("name", prefix)), "name", prefix
            )
            suggestions += [
                {"title": item.name, "url": item.get_url(request), "kind": snippet_kind.kind}
                for item in items[:limit]
            ]
    suggestions.sort(key=lambda item: (not item["title"].lower().startswith(prefix.lower()), item["title"]))
    return suggestions[:limit]
