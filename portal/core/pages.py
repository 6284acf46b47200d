"""The abstract page every clinical page inherits."""

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from portal.core import readability
from portal.core.forms import ClinicalPageForm
from portal.core.mixins import (
    CachedViewRestrictionsMixin,
    PublishedThroughApprovalMixin,
    ReviewMixin,
    exclude_restricted,
)
from portal.core.panels import ChangesRequestedPanel, ReadabilityPanel
from portal.core.routing import RenderReads


class BasePage(PublishedThroughApprovalMixin, CachedViewRestrictionsMixin, ReviewMixin, Page):
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
    # shown on every page; each page type adds the relations its own render reads.
    render_reads = RenderReads(select=("reviewer",), prefetch=("sign_offs",))

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    # Panels for links to other pages and snippets, shown on their own tab.
    relation_panels = []

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
    search_reads = ()

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        tabs = [
            ObjectList(
                [ChangesRequestedPanel(), ReadabilityPanel(), *cls.content_panels],
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
    def get_indexed_objects(cls):
        return super().get_indexed_objects().prefetch_related(*cls.search_reads)

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_structured_data(self, context):
        """schema.org JSON-LD: a MedicalWebPage about the page's subject, with its review."""
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "url": self.get_full_url(context.get("request")),
            "description": self.get_meta_description(),
            "inLanguage": "en",
            "medicalAudience": "https://schema.org/Patient",
            "about": {"name": self.title, "description": self.summary, **self.structured_about(context)},
        }
        if self.is_signed_off:
            data["lastReviewed"] = self.last_reviewed.isoformat()
            data["reviewedBy"] = {"@type": "Person", "name": self.reviewer.name}
            if self.reviewer.credentials:
                data["reviewedBy"]["jobTitle"] = self.reviewer.credentials
        return data

    def structured_about(self, context):
        """The schema.org type and properties of what this page is about."""
        return {"@type": "MedicalEntity"}

    @property
    def reading_grade(self):
        """US school grade needed to read the page's own text (Flesch-Kincaid)."""
        return readability.reading_grade(readability.patient_text(self))

    @property
    def review_status(self):
        return _("Overdue") if self.is_review_overdue else _("Due soon")

    @staticmethod
    def conditions_from(links):
        """(condition, note) for each live, public condition that links to this page, from its link rows.

        Each condition carries only its title and address: the list is kept in the cache, and a
        much-used treatment can be linked from dozens of conditions.
        """
        linking = exclude_restricted(links.filter(condition__live=True), "condition__path")
        linking = linking.select_related("condition")
        # The link back to this page stays loaded: Django reads it on each row of a related manager.
        shown = ("note", links.field.name, "condition__title", "condition__url_path")
        return [(link.condition, link.note) for link in linking.only(*shown)]

    def search_keywords(self):
        """Names of related things that search matches on, to show patients why a page matched."""
        return []


def clinical_page_models():
    return [model for model in get_page_models() if issubclass(model, BasePage) and not model._meta.abstract]


def from_page_tables(field, page_models, output_field=None):
    """One value from whichever of these page types' tables holds the page, for queries across types.

    Each page type has its own table, so a field they share (a summary, an intro, review dates)
    is read with one subquery per type rather than one query per type.
    """
    return Coalesce(
        *[Subquery(model.objects.filter(pk=OuterRef("pk")).values(field)[:1]) for model in page_models],
        output_field=output_field,
    )


def from_clinical_tables(field, output_field=None):
    return from_page_tables(field, clinical_page_models(), output_field)
