"""Search data editors manage: patients' words, and how often searches find nothing."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from portal.core.mixins import ReviewedSnippetMixin


def is_a_term(text: str) -> bool:
    """Whether a comma-separated entry holds a word at all, rather than only spaces or punctuation."""
    return re.search(r"[^\W_]", text) is not None


class SynonymGroup(TranslatableMixin, ReviewedSnippetMixin, models.Model):
    """Words patients use interchangeably; searching any of them also searches the others."""

    terms = models.TextField(
        verbose_name=_("terms"),
        help_text=_(
            "Words or short phrases that mean the same to a patient, separated by commas, "
            'e.g. "twitch, fasciculation, muscle jumping". Searching for one finds pages that use any.'
        ),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=200,
        blank=True,
        help_text=_("Why these belong together, for other editors. Not shown to patients."),
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["terms"]
        verbose_name = _("search synonym group")
        verbose_name_plural = _("search synonym groups")

    def __str__(self) -> str:
        return self.terms

    def clean(self) -> None:
        super().clean()
        terms = self.term_list
        if len(terms) < 2:
            raise ValidationError(
                {
                    "terms": _(
                        "A synonym group needs at least two different words or phrases, separated by "
                        'commas, e.g. "cramp, charley horse". One term on its own finds nothing new.'
                    )
                }
            )

    @property
    def term_list(self) -> list[str]:
        """The group's distinct terms, in lower case, in the order given."""
        terms = (" ".join(term.split()).lower() for term in self.terms.split(","))
        return list(dict.fromkeys(term for term in terms if is_a_term(term)))


class QueryWithoutResultsDailyHits(models.Model):
    """How often a search found nothing, per day: content gaps for editors, and nothing about who searched."""

    # Written as patients search, and read only by editors' reports (portal.caching.signals).
    shown_to_patients = False

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="daily_misses"
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="unique_query_miss_per_day")]

    def __str__(self) -> str:
        return f"{self.query} on {self.date}: {self.hits}"
