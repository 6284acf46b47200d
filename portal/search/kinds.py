"""What search looks through: the kinds of result a patient can ask for, the page types of each,
the snippets that lead to pages (a symptom to its conditions, a food to its nutrients), the
language searched (the one being served), and the pages search may show."""

from typing import NamedTuple, TypeAlias, TypeVar

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.query import PageQuerySet

from nutrition.models import Food, NutrientPage
from portal.caching.remember import remember_many
from portal.core.languages import active_locale_id, content_language, default_locale_id, language_of_locale
from portal.core.snippets import Symptom
from portal.core.visibility import exclude_restricted
from portal.pages.models import ConditionPage
from treatments.models import HomeRemedyPage, LifestyleChangePage, MedicationPage, PhysicalTherapyPage

# What a result is, as patients read it above its title, in the language of the page.
KINDS: dict[str, Promise] = {
    "condition": _("Condition"),
    "treatment": _("Treatment"),
    "nutrient": _("Nutrient"),
    "food": _("Food"),
    "symptom": _("Symptom"),
}
PAGE_KINDS: dict[type[Page], str] = {
    ConditionPage: "condition",
    MedicationPage: "treatment",
    PhysicalTherapyPage: "treatment",
    HomeRemedyPage: "treatment",
    LifestyleChangePage: "treatment",
    NutrientPage: "nutrient",
}

Snippet: TypeAlias = Symptom | Food
_QS = TypeVar("_QS", bound=QuerySet)


class SnippetKind(NamedTuple):
    kind: str
    # The kind of page a matching snippet lifts: searching for those pages looks through it too.
    leads_to: str


SNIPPET_KINDS: dict[type[Snippet], SnippetKind] = {
    Symptom: SnippetKind("symptom", leads_to="condition"),
    Food: SnippetKind("food", leads_to="nutrient"),
}


def page_kind(page: Page) -> str:
    """The kind of a page search shows, from its content type: the page need not be specific."""
    return PAGE_KINDS[page.specific_class]


def page_models_of(kind: str | None) -> list[type[Page]]:
    """The page types of the kind, or of every kind for None."""
    return [model for model, model_kind in PAGE_KINDS.items() if kind in (None, model_kind)]


def snippet_models_of(kind: str | None) -> list[type[Snippet]]:
    """The snippets a search for the kind looks through, or all of them for None."""
    return [model for model, kinds in SNIPPET_KINDS.items() if kind in (None, *kinds)]


def search_locale_id() -> int | None:
    """The locale search looks through: the language being served, so /es/search/ finds only
    Spanish pages, symptoms and foods and /search/ only English ones. A language with no content
    yet is searched in the default language, which its pages show meanwhile; None only when there
    are no locales at all."""
    return active_locale_id() or default_locale_id()


def search_language() -> str:
    """The content language search looks through ("en", "es"): its words, stemming and quiet words."""
    return language_of_locale(search_locale_id()) or content_language()


def in_search_language(queryset: _QS) -> _QS:
    """Pages or snippets of the language search looks through."""
    locale_id = search_locale_id()
    return queryset if locale_id is None else queryset.filter(locale_id=locale_id)


def live_snippets(model: type[Snippet], ids: list[int]) -> dict[int, Snippet]:
    """{id: symptom or food} of those among the ids that are live and in the language searched,
    kept until content changes."""
    return remember_many(
        f"search-snippet:{model._meta.label}",
        ids,
        lambda missing: in_search_language(model.objects.live()).in_bulk(missing),
    )


def shown_pages(kind: str | None) -> PageQuerySet:
    """The live pages of the kind that anyone may read, in the language search looks through."""
    # Search backends filter only on indexed fields, so Wagtail's own public() is used here.
    return in_search_language(exclude_restricted(Page.objects.live().type(*page_models_of(kind))))
