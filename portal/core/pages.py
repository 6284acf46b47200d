"""The abstract pages: the base every page inherits, and the clinical page on top of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, Panel, TabbedInterface
from wagtail.api import APIField
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from portal.core import readability, structured_data
from portal.core.absolute_urls import absolute_url
from portal.core.api import computed, page_link, review
from portal.core.forms import ClinicalPageForm
from portal.core.languages import prefer_language, translations_of
from portal.core.mixins import CachedViewRestrictionsMixin, PublishedThroughApprovalMixin, ReviewMixin
from portal.core.panels import ChangesRequestedPanel, ReadabilityPanel, TranslationOutOfDatePanel
from portal.core.routing import RenderReads
from portal.core.sign_offs import translation_out_of_date
from portal.core.structured_data import JsonLd
from portal.core.visibility import exclude_restricted

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    from django_stubs_ext import StrOrPromise


class BasePage(PublishedThroughApprovalMixin, CachedViewRestrictionsMixin, Page):
    """What every page of the site is: published only through approval, its view restrictions cached."""

    # The content API (portal.core.api): each page type adds its own fields to these.
    api_fields = [computed("translations")]

    class Meta:
        abstract = True

    def api_translations(self, request: Any) -> list[dict[str, Any]]:
        """This page in the other languages, where a live and public version exists."""
        return [page_link(page, request) for page in exclude_restricted(translations_of(self))]

    def get_structured_data(self, context: Mapping[str, Any]) -> JsonLd:
        """schema.org JSON-LD for the page; a clinical page says what it is about."""
        request = context.get("request")
        return structured_data.web_page(
            self.title, absolute_url(request, request.path) if request else self.full_url
        )


class ClinicalPage(ReviewMixin, BasePage):
    """A clinical page: a plain-language summary for listings and search, and review metadata."""

    summary = models.TextField(
        verbose_name=_("summary"),
        max_length=300,
        help_text=_(
            "One or two plain-language sentences: what this page is about. Used in "
            "listings, search results and as the description search engines show."
        ),
    )

    base_form_class = ClinicalPageForm
    # Fetched with the page when it is served (portal.core.routing): the reviewer and the sign-offs
    # shown on every page, and whether a translation's original has been signed off since (the
    # notice patients read); each page type adds the relations its own render reads.
    render_reads = RenderReads(
        select=("reviewer",),
        prefetch=("sign_offs",),
        annotate=(("translation_out_of_date", translation_out_of_date),),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    # Panels for links to other pages and snippets, shown on their own tab.
    relation_panels: list[Panel] = []
    api_fields = [*BasePage.api_fields, APIField("summary"), computed("review"), APIField("references")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.AutocompleteField("summary"),
    ]

    # Open Graph type: clinical pages are articles; other pages are websites.
    og_type = "article"
    # The related rows search_keywords() and the search index read: prefetched for a page of search
    # results, and for indexing, where modelsearch prefetches only top-level RelatedFields itself
    # (a lookup it also prefetches is fetched once). Far fewer than render_reads: search shows no
    # sign-offs, warning signs or amounts.
    search_reads: tuple[str | Prefetch, ...] = ()

    class Meta:
        abstract = True

    def api_review(self, request: Any) -> dict[str, Any]:
        return review(self)

    @cached_classmethod
    def get_edit_handler(cls) -> Panel:
        tabs = [
            ObjectList(
                [
                    TranslationOutOfDatePanel(),
                    ChangesRequestedPanel(),
                    ReadabilityPanel(),
                    *cls.content_panels,
                ],
                heading=_("Content"),
            )
        ]
        if cls.relation_panels:
            tabs.append(ObjectList(cls.relation_panels, heading=_("Related content")))
        tabs += [
            ObjectList(cls.review_panels, heading=_("Sign-off and references")),
            ObjectList(cls.promote_panels, heading=_("Promote")),
            ObjectList(cls.settings_panels, heading=_("Settings")),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    @classmethod
    def get_indexed_objects(cls) -> models.QuerySet[Any]:
        return super().get_indexed_objects().prefetch_related(*cls.search_reads)

    def get_meta_description(self) -> str:
        return self.search_description or self.summary

    def get_structured_data(self, context: Mapping[str, Any]) -> JsonLd:
        return structured_data.clinical_web_page(
            self, self.get_full_url(context.get("request")), self.structured_about(context)
        )

    def structured_about(self, context: Mapping[str, Any]) -> JsonLd:
        """The schema.org type and properties of what this page is about (portal.core.structured_data)."""
        return structured_data.medical_entity()

    @property
    def reading_grade(self) -> float | None:
        """US school grade needed to read the page's own text, by its language's formula."""
        return readability.reading_grade(readability.patient_text(self), readability.page_language(self))

    @property
    def review_status(self) -> StrOrPromise:
        return _("Overdue") if self.is_review_overdue else _("Due soon")

    def conditions_from(self, links: RelatedManager[Any]) -> list[tuple[Page, str]]:
        """(condition, note) for each live, public condition that links to this page or to any of
        its translations, from its link rows, in this page's language where the condition has one.

        Each condition carries only its title and address: the list is kept in the cache, and a
        much-used treatment can be linked from dozens of conditions.
        """
        # (A reverse foreign key's manager knows its field; django-stubs types only what all related managers share.)
        field = links.field.name  # type: ignore[attr-defined]
        rows = links.model._default_manager.filter(**{f"{field}__translation_key": self.translation_key})
        linking = exclude_restricted(rows.filter(condition__live=True), "condition__path")
        linking = linking.select_related("condition")
        shown = (
            "note",
            "condition__title",
            "condition__url_path",
            "condition__locale",
            "condition__translation_key",
        )
        rows_shown = prefer_language(linking.only(*shown), self.locale_id, owner=lambda link: link.condition)
        return [(link.condition, link.note) for link in rows_shown]

    def search_keywords(self) -> list[str]:
        """Names of related things that search matches on, to show patients why a page matched."""
        return []


def clinical_page_models() -> list[type[ClinicalPage]]:
    return [
        model for model in get_page_models() if issubclass(model, ClinicalPage) and not model._meta.abstract
    ]


def from_page_tables(
    field: str, page_models: Iterable[type[Page]], output_field: models.Field[Any, Any] | None = None
) -> Coalesce:
    """One value from whichever of these page types' tables holds the page, for queries across types.

    Each page type has its own table, so a field they share (a summary, an intro, review dates)
    is read with one subquery per type rather than one query per type.
    """
    return Coalesce(
        *[Subquery(model.objects.filter(pk=OuterRef("pk")).values(field)[:1]) for model in page_models],
        output_field=output_field,
    )


def from_clinical_tables(field: str, output_field: models.Field[Any, Any] | None = None) -> Coalesce:
    return from_page_tables(field, clinical_page_models(), output_field)
