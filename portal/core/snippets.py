"""Snippets that several page types share: the symptoms patients search by, and reviewers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from portal.core.api import LanguageCodeField, SnippetAPIMixin, computed, page_link
from portal.core.codes import ClinicalCodesMixin
from portal.core.languages import (
    content_language,
    default_language,
    in_language,
    in_language_once,
    language_name,
    language_names,
)
from portal.core.mixins import ReviewedSnippetMixin, SlugFromNameMixin, same_words
from portal.core.snippet_urls import snippet_url
from portal.core.visibility import exclude_restricted

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest


class Symptom(
    TranslatableMixin,
    SlugFromNameMixin,
    ClinicalCodesMixin,
    SnippetAPIMixin,
    ReviewedSnippetMixin,
    index.Indexed,
    models.Model,
):
    """One symptom under the name patients use, with the words they might type instead."""

    A_TO_Z_SHOWS_MEDICAL_TERMS = True

    name = models.CharField(
        verbose_name=_("name"),
        max_length=120,
        help_text=_('The everyday name a patient would use, e.g. "Eyelid twitching".'),
    )
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=120,
        blank=True,
        help_text=_("Used in the symptom's web address. Filled in from the name if left blank."),
    )
    medical_term = models.CharField(
        verbose_name=_("medical term"),
        max_length=120,
        blank=True,
        help_text=_('The clinical term, e.g. "fasciculation" or "myokymia". Shown in brackets.'),
    )
    synonyms = models.TextField(
        verbose_name=_("other names"),
        blank=True,
        help_text=_(
            "Other words patients use for this symptom, separated by commas, e.g. "
            '"muscle jumping, jumpy muscles". Search matches these.'
        ),
    )
    description = models.TextField(
        verbose_name=_("description"),
        blank=True,
        help_text=_("One or two plain-language sentences describing what the patient notices."),
    )

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("medical_term", boost=3),
        index.SearchField("synonyms", boost=3),
        index.SearchField("description"),
        index.FilterField("live"),
        # Search looks through the language being served only.
        index.FilterField("locale"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("medical_term"), FieldPanel("synonyms")],
            heading=_("Other names"),
        ),
        FieldPanel("description"),
        *ClinicalCodesMixin.code_panels,
    ]

    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("medical_term"),
        computed("other_names"),
        APIField("description"),
        computed("url"),
        computed("codes"),
        computed("conditions"),
        computed("translations"),
    ]
    api_meta_fields = [APIField("locale", serializer=LanguageCodeField())]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("symptom")
        verbose_name_plural = _("symptoms")
        # Each language has its own names and addresses.
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="unique_symptom_name_per_language"),
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_symptom_slug_per_language"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_url(self, request: HttpRequest | None = None) -> str:
        """The symptom's page: a route of whichever page type serves symptoms (portal.core.snippet_urls)."""
        return snippet_url(self, request)

    @property
    def shown_medical_term(self) -> str:
        """The medical term as patients see it: not at all where it only repeats the name, which they
        would read twice ("Muscle cramp (muscle cramp)"). Search still weighs it as a medical term."""
        return "" if same_words(self.medical_term, self.name) else self.medical_term

    @property
    def synonym_list(self) -> list[str]:
        return [word.strip() for word in self.synonyms.split(",") if word.strip()]

    def search_keywords(self) -> list[str]:
        return [term for term in [self.name, self.shown_medical_term, *self.synonym_list] if term]

    def api_other_names(self, request: HttpRequest | None) -> list[str]:
        return self.synonym_list

    def api_conditions(self, request: HttpRequest | None) -> list[dict[str, Any]]:
        """The live, public conditions that list this symptom, each in this symptom's language where it
        has one."""
        links = type(self).condition_links.field.model._default_manager.filter(
            symptom__translation_key=self.translation_key
        )
        pages = exclude_restricted(
            Page.objects.live().filter(pk__in=links.values("condition_id")).order_by("title")
        )
        return [page_link(page, request) for page in in_language_once(pages, self.locale_id)]

    @classmethod
    def related_page_ids_for(cls, symptom_ids: Iterable[int]) -> dict[int, list[int]]:
        """The conditions a search for each symptom also leads to, as {symptom id: [page ids]}."""
        links = cls.condition_links.field.model._default_manager.filter(symptom_id__in=symptom_ids)
        related: dict[int, list[int]] = {}
        for symptom_id, page_id in links.values_list("symptom_id", "condition_id"):
            related.setdefault(symptom_id, []).append(page_id)
        return related


# models.Model besides Orderable for the type checker, which knows a model by its bases: Wagtail ships no types.
class SymptomLink(Orderable, models.Model):
    """A page's link to a symptom, edited in the page's symptom chooser (MultipleChooserPanel).

    An inline row of the page rather than a many-to-many field: the links are kept in the page's
    revisions and go live with it, in the order the editor gave them.
    """

    panels = [FieldPanel("symptom")]

    class Meta(Orderable.Meta):
        abstract = True


def live_symptoms(links: Iterable[SymptomLink], locale_id: int | None) -> list[Symptom]:
    """The live symptoms of a page's symptom links, in their order and in the page's language (the
    locale): a draft symptom is not shown, and one not yet translated is shown as it is.

    The symptoms come with the links when they were prefetched (symptom_links__symptom); links read
    from a revision (a preview) have theirs fetched together, in one query, and their translations
    in one more.
    """
    links = list(links)
    missing = {link.symptom_id for link in links if not type(link).symptom.is_cached(link)}
    fetched = Symptom.objects.in_bulk(missing) if missing else {}
    symptoms = [
        fetched.get(link.symptom_id) if link.symptom_id in missing else link.symptom for link in links
    ]
    shown = in_language([symptom for symptom in symptoms if symptom is not None], locale_id)
    return [symptom for symptom in shown if symptom.live]


def default_review_languages() -> list[str]:
    """A new reviewer reviews the language the portal is written in; other languages are ticked."""
    return [default_language()]


class ReviewLanguagesField(models.JSONField):
    """The content languages a reviewer may sign off, as a list of language codes, ticked in the form."""

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> forms.Field:
        return forms.MultipleChoiceField(
            label=self.verbose_name,
            help_text=self.help_text,
            required=not self.blank,
            choices=lambda: [(code, language_name(code)) for code in language_names()],
            widget=forms.CheckboxSelectMultiple,
        )


class Reviewer(ReviewedSnippetMixin, models.Model):
    """A clinician who signs pages off; shown to patients by name and credentials."""

    name = models.CharField(
        verbose_name=_("name"), max_length=120, help_text=_('As patients should see it, e.g. "Dr A. Name".')
    )
    credentials = models.CharField(
        verbose_name=_("credentials"),
        max_length=200,
        blank=True,
        help_text=_('Qualifications and specialty, e.g. "MD, neurologist".'),
    )
    email = models.EmailField(
        verbose_name=_("email"),
        blank=True,
        help_text=_("Where review reminders are sent. Never shown to patients."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer_profile",
        help_text=_(
            "The admin account this clinician signs in with. Their approvals in the clinical "
            "review workflow record them as the page's reviewer."
        ),
    )
    review_languages = ReviewLanguagesField(
        verbose_name=_("languages they review in"),
        default=default_review_languages,
        help_text=_(
            "The languages this clinician reads well enough to check a page against its references. "
            "They sign off pages and translations in these languages only."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("email"),
        FieldPanel("user"),
        FieldPanel("review_languages"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def clean(self) -> None:
        super().clean()
        # Patients read the name as the clinician who checked the page: a person with
        # credentials who signs in, never a team or an unnamed account.
        errors = {}
        if not self.credentials.strip():
            errors["credentials"] = _('A reviewer needs their clinical credentials, e.g. "MD, neurologist".')
        if self.user_id is None:
            errors["user"] = _("Link the admin account this clinician signs off with.")
        if not self.review_languages:
            errors["review_languages"] = _("Tick at least one language this clinician reviews in.")
        elif set(self.review_languages) - set(language_names()):
            errors["review_languages"] = _("Tick only languages the portal is written in.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def credentialed_for(cls, user: AbstractBaseUser | AnonymousUser) -> Reviewer | None:
        """The reviewer profile an admin user signs off under, or None without one that has credentials."""
        if not user.pk:
            return None
        return cls.objects.live().filter(user=user).exclude(credentials="").first()

    def reviews_in(self, language_code: str) -> bool:
        """Whether this clinician signs off content in the language ("es" for "es-mx" as well)."""
        return content_language(language_code) in self.review_languages
