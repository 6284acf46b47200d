"""Search data editors manage: patients' words, and how often searches find nothing."""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel


class SynonymGroup(models.Model):
    """Words patients use interchangeably; searching any of them also searches the others."""

    terms = models.TextField(
        help_text="Words or short phrases that mean the same to a patient, separated by commas, "
        'e.g. "twitch, fasciculation, muscle jumping". Searching for one finds pages that use any.',
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why these belong together, for other editors. Not shown to patients.",
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym group"

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]


class QueryWithoutResultsDailyHits(models.Model):
    """How often a search found nothing, per day: content gaps for editors, and nothing about who searched."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="daily_misses"
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="unique_query_miss_per_day")]

    def __str__(self):
        return f"{self.query} on {self.date}: {self.hits}"

    @classmethod
    def add_miss(cls, query):
        miss, _ = cls.objects.get_or_create(query=query, date=timezone.localdate())
        miss.hits = models.F("hits") + 1
        miss.save(update_fields=["hits"])
