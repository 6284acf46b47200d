"""The languages patients read the portal in, and each page's and snippet's counterpart in another.

English is served at the site's root, every other language under its prefix (/es/). A page or
snippet and its translations share a translation key (Wagtail's TranslatableMixin); links between
content are kept to whichever language they were made in, and each page shows the translation of
what it links to in its own language (`in_language`), so a translation made in the admin, whose
relations still point at the English, reads as Spanish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Locale, Page, TranslatableMixin

from portal.caching.remember import remember_in_process
from portal.core.visibility import exclude_restricted

if TYPE_CHECKING:
    from django.db.models import QuerySet

Translatable = TypeVar("Translatable", bound=TranslatableMixin)
T = TypeVar("T")


class LanguageFromPathMiddleware:
    """Serve each address in the language its prefix names: /es/… in Spanish, anything else in English.

    Unlike Django's LocaleMiddleware it never reads the browser's Accept-Language or a cookie: an
    address always shows the same language, so English addresses stay as they always were, caches
    need not vary by a header, and a patient sent a link sees what the sender saw.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the thread's next request, or a task after it, starts afresh.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def content_language(language_code: str | None = None) -> str:
    """The content language for a language code (the active language by default): "es" for "es-mx"."""
    return get_supported_content_language_variant(language_code or translation.get_language())


def default_language() -> str:
    """The portal's own language, served at the root and the language translations are made from."""
    return content_language(settings.LANGUAGE_CODE)


def language_names() -> dict[str, str]:
    """{language code: the language's name in itself}, in the order the settings list them."""
    return dict(get_content_languages())


def language_name(code: str) -> str:
    """A language's name in the language being used ("Spanish" to an English-speaking editor)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return language_names().get(code, code)


def _locales() -> dict[str, int]:
    return dict(Locale.objects.values_list("language_code", "pk"))


def locale_ids() -> dict[str, int]:
    """{language code: Locale id}: locales are added by administrators and change seldom, so the
    table is read once per content version and process."""
    return remember_in_process("locales", compute=_locales)


def language_of_locale(locale_id: int | None) -> str | None:
    """The language code of a Locale id, without a query; None for one not known (yet)."""
    for code, pk in locale_ids().items():
        if pk == locale_id:
            return code
    return None


def language_of(obj: TranslatableMixin) -> str:
    """The language code of a page or snippet, without a query."""
    return language_of_locale(obj.locale_id) or obj.locale.language_code


def active_locale_id() -> int | None:
    """The Locale of the language being served, or None where no content is in that language yet."""
    return locale_ids().get(content_language())


def default_locale_id() -> int | None:
    """The Locale of the portal's own language, or None before any content is loaded."""
    return locale_ids().get(default_language())


def in_language(objects: Iterable[Translatable], locale_id: int | None) -> list[Translatable]:
    """Each page or snippet as its translation in the locale, where one is live, in the same order.

    An object with no live translation stays as it is (the page says which language it is in),
    so a page never loses a link because what it links to is not translated yet. One query per
    model, however many objects.
    """
    objects = list(objects)
    wanted = [obj for obj in objects if locale_id is not None and obj.locale_id != locale_id]
    translations: dict[tuple[type, Any], TranslatableMixin] = {}
    for model in {type(obj) for obj in wanted}:
        keys = [obj.translation_key for obj in wanted if type(obj) is model]
        found = live(model._default_manager.filter(translation_key__in=keys, locale_id=locale_id))
        translations.update(((model, obj.translation_key), obj) for obj in found)
    return [translations.get((type(obj), obj.translation_key), obj) for obj in objects]


def in_language_once(objects: Iterable[Translatable], locale_id: int | None) -> list[Translatable]:
    """in_language(), each page or snippet once: a list that held both an English page and its
    Spanish translation holds the translation once."""
    return list(dict.fromkeys(in_language(objects, locale_id)))


def prefer_language(
    items: Iterable[T], locale_id: int | None, owner: Callable[[T], TranslatableMixin] = lambda item: item
) -> list[T]:
    """Of items that belong to translations of the same page or snippet (the owner), only those of
    the owner in the locale, or, where it has no version in the locale, of the first owner found:
    each thing is shown once, in the page's language where it can be. Order is kept."""
    items = list(items)
    chosen: dict[Any, TranslatableMixin] = {}
    for item in items:
        candidate = owner(item)
        current = chosen.get(candidate.translation_key)
        if current is None or (current.locale_id != locale_id and candidate.locale_id == locale_id):
            chosen[candidate.translation_key] = candidate
    return [item for item in items if chosen[owner(item).translation_key].pk == owner(item).pk]


def translation_ids(model: type[models.Model], ids: Iterable[int], locale_id: int | None) -> dict[int, int]:
    """{id: the id of the version to show in the locale}, in one query: its live translation in the
    locale; where there is none, itself if live, or else another language's live version (a
    translation taken off the site leaves its original linked, not nothing); the id itself where no
    version is live. For callers that fetch the pages themselves, with what they show annotated."""
    ids = list(ids)
    if locale_id is None or not ids:
        return {pk: pk for pk in ids}
    versions = live(model._default_manager.filter(translation_key=models.OuterRef("translation_key")))
    # Each preference its own look-up, the first found winning: SQLite cannot order a subquery by
    # a column of the outer query.
    translated = Coalesce(
        models.Subquery(versions.filter(locale_id=locale_id).values("pk")[:1]),
        models.Subquery(versions.filter(pk=models.OuterRef("pk")).values("pk")[:1]),
        models.Subquery(versions.order_by("locale_id").values("pk")[:1]),
    )
    rows = model._default_manager.filter(pk__in=ids).annotate(translated=translated)
    found = dict(rows.values_list("pk", "translated"))
    return {pk: found.get(pk) or pk for pk in ids}


def live(queryset: QuerySet) -> QuerySet:
    """Only what patients may see: live pages without a view restriction, or live rows of a snippet
    that has drafts. A public page's translation behind a password is not patients' to see."""
    if issubclass(queryset.model, Page):
        return exclude_restricted(queryset.filter(live=True))
    if any(field.name == "live" for field in queryset.model._meta.get_fields()):
        return queryset.filter(live=True)
    return queryset


def translations_of(obj: TranslatableMixin) -> QuerySet:
    """The live translations of a page or snippet in the other languages, with their locales."""
    return live(obj.get_translations().select_related("locale"))


def versions_by_language(objects: Iterable[TranslatableMixin]) -> dict[Any, dict[str, TranslatableMixin]]:
    """{translation key: {language code: the live version in that language}} for pages or snippets of
    one model and their translations, in one query (sitemaps list thousands)."""
    objects = list(objects)
    if not objects:
        return {}
    model = type(objects[0])
    keys = {obj.translation_key for obj in objects}
    versions: dict[Any, dict[str, TranslatableMixin]] = {}
    for version in live(model._default_manager.filter(translation_key__in=keys)).order_by("locale_id"):
        versions.setdefault(version.translation_key, {})[language_of(version)] = version
    return versions


def hreflang_alternates(urls: dict[str, str]) -> list[dict[str, str]]:
    """A sitemap entry's versions, {language code: address}, as Django's sitemap template lists them,
    the default language's also as x-default."""
    if len(urls) < 2:
        return []
    default = default_language()
    listed = [{"lang_code": code, "location": url} for code, url in urls.items()]
    if default in urls:
        listed.append({"lang_code": "x-default", "location": urls[default]})
    return listed


class RowsOfEveryTranslation:
    """The rows of another model that point at a page or at any of its translations, as a
    prefetchable attribute: e.g. a nutrient's food amounts, whichever language's version of the
    nutrient each food names (a translation made in the admin keeps pointing at the original).

        food_amounts_in_every_language = RowsOfEveryTranslation(
            "nutrition.FoodNutrient", "nutrient", select_related=("food",)
        )

    `prefetch_related("food_amounts_in_every_language")`, or a `Prefetch` of it with a queryset,
    reads the rows of many pages in one query, through Django's prefetch protocol
    (get_prefetch_querysets, as GenericRelation does); `page.food_amounts_in_every_language.all()`
    gives the prefetched rows, or reads the page's own.
    """

    def __init__(self, model_label: str, field_name: str, select_related: tuple[str, ...] = ()) -> None:
        self.model_label = model_label
        self.field_name = field_name
        self.select_related = select_related
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: TranslatableMixin | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return _TranslationRows(self, instance)

    @property
    def related_model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    def rows_of(self, translation_keys: Iterable[Any], queryset: QuerySet | None = None) -> QuerySet:
        if queryset is None:
            queryset = self.related_model._default_manager.select_related(*self.select_related)
        return queryset.filter(
            **{f"{self.field_name}__translation_key__in": list(translation_keys)}
        ).annotate(owner_translation_key=models.F(f"{self.field_name}__translation_key"))

    def is_cached(self, instance: models.Model) -> bool:
        return self.name in getattr(instance, "_prefetched_objects_cache", {})

    def get_prefetch_querysets(
        self, instances: list[TranslatableMixin], querysets: list[QuerySet] | None = None
    ) -> tuple[QuerySet, Callable[[Any], Any], Callable[[Any], Any], bool, str, bool]:
        rows = self.rows_of({obj.translation_key for obj in instances}, querysets[0] if querysets else None)
        return (
            rows,
            lambda row: row.owner_translation_key,
            lambda obj: obj.translation_key,
            False,
            self.name,
            False,
        )


class _TranslationRows:
    """What RowsOfEveryTranslation gives for one page: its rows, prefetched or read on demand."""

    def __init__(self, descriptor: RowsOfEveryTranslation, instance: TranslatableMixin) -> None:
        self.descriptor = descriptor
        self.instance = instance

    def get_queryset(self) -> QuerySet:
        return self.descriptor.rows_of([self.instance.translation_key])

    def _apply_rel_filters(self, queryset: QuerySet) -> QuerySet:
        return self.descriptor.rows_of([self.instance.translation_key], queryset)

    def all(self) -> QuerySet:
        prefetched = getattr(self.instance, "_prefetched_objects_cache", {})
        return prefetched.get(self.descriptor.name, self.get_queryset())
