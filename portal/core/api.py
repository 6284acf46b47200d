"""What the content API (Wagtail's v2, portal.site.api) shows of a page or snippet beyond its plain
fields: relations as ids plus addresses, each in the language of the page that shows them, and the
clinical review as patients are told it.

A model declares `api_fields` as Wagtail's convention has it; a field worked out from relations is
`computed("name")`, answered by the model's `api_name(request)` method. Only live, public pages
and live snippets are ever linked: the API shows what patients may see, and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from wagtail.api import APIField
from wagtail.models import Page

from rest_framework import serializers

from portal.core.absolute_urls import absolute_url
from portal.core.languages import language_of, translations_of

SIGNED_OFF, NOT_YET_REVIEWED = "signed-off", "not-yet-reviewed"


class ComputedField(serializers.Field):
    """An API field answered by the object's `api_<name>(request)`, in the object's own language (its
    labels and addresses are the ones a patient reading it sees)."""

    def __init__(self, method_name: str, **kwargs: Any) -> None:
        self.method_name = method_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        with translation.override(language_of(value)):
            return getattr(value, self.method_name)(self.context.get("request"))


class LanguageCodeField(serializers.Field):
    """A snippet's language as its code ("es"), as Wagtail gives a page's in meta.locale."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return language_of(value)


def computed(name: str) -> APIField:
    return APIField(name, serializer=ComputedField(f"api_{name}"))


def page_link(page: Page, request: Any) -> dict[str, Any]:
    """A page as another one links it: its id in the API, title, type, address and language."""
    model = page.specific_class or type(page)
    return {
        "id": page.pk,
        "title": page.title,
        "type": f"{model._meta.app_label}.{model.__name__}",
        "url": page.get_full_url(request),
        "language": language_of(page),
    }


def snippet_link(snippet: Any, request: Any) -> dict[str, Any]:
    """A symptom or food as a page links it: its id in its API endpoint, name, address and language."""
    url = snippet.get_url(request)
    return {
        "id": snippet.pk,
        "name": snippet.name,
        "url": absolute_url(request, url) if url and request is not None else url,
        "language": language_of(snippet),
    }


class SnippetAPIMixin:
    """The content API's fields every snippet patients read has: its address and its translations."""

    def api_url(self, request: Any) -> str | None:
        return snippet_link(self, request)["url"]

    def api_translations(self, request: Any) -> list[dict[str, Any]]:
        return [snippet_link(translation, request) for translation in translations_of(self)]


def review(page: Any) -> dict[str, Any]:
    """The clinical review of the version patients see, as the page itself states it: a reviewer and
    dates only when a credentialed clinician signed it off."""
    if not page.is_signed_off:
        return {
            "status": NOT_YET_REVIEWED,
            "last_reviewed": None,
            "next_review_due": None,
            "reviewer": None,
            "overdue": False,
        }
    return {
        "status": SIGNED_OFF,
        "last_reviewed": page.last_reviewed.isoformat(),
        "next_review_due": page.next_review_due.isoformat() if page.next_review_due else None,
        "reviewer": page.signed_off_by,
        "overdue": page.is_review_overdue,
    }
