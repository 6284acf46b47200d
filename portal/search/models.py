"""Search data editors manage: patients' words, and how often searches find nothing."""

import re

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from portal.core.mixins import ReviewedSnippetMixin


def is_a_term(text):
    """Whether a comma-separated entry holds a word at all, rather than only spaces or punctuation."""
    return re.search(r"[^\W_]", text) is not None


class SynonymGroup(ReviewedSnippetMixin, models.Model):
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

    class Meta:
        ordering = ["terms"]
        verbose_name = _("search synonym group")
        verbose_name_plural = _("search synonym groups")

    def __str__(self):
        return self.terms

    def clean(self):
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
    def term_list(self):
        """The group's distinct terms, in lower case, in the order given."""
        terms = (" ".join(term.split()).lower() for term in self.terms.split(","))
        return list(dict.fromkeys(term for term in terms if is_a_term(term)))


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


# One statement per count, whether or not the query was counted today already: a search is counted
# on every visit to the first page of results. Nothing is written when the query was never searched
# for before; it is then added first.
COUNT_SQL = """
INSERT INTO {table} (query_id, {date}, hits)
SELECT id, %s, 1 FROM {queries} WHERE query_string = %s
ON CONFLICT (query_id, {date}) DO UPDATE SET hits = {table}.hits + 1
"""


def count_search(query, found):
    """Count a search for editors' reports, and a search that found nothing as a content gap:
    the words only, never who searched.

    A count is not worth making a patient wait for the disk: on PostgreSQL the counts commit
    without waiting for the write-ahead log to reach it. A crash can lose the last moment's
    counts, never leave them half-written.
    """
    query_string = normalise_query_string(query)
    # Wagtail dates its hits in UTC; the misses report is by the site's own days.
    counts = [(QueryDailyHits, timezone.now().date())]
    if not found:
        counts.append((QueryWithoutResultsDailyHits, timezone.localdate()))
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for model, date in counts:
            statement = COUNT_SQL.format(
                table=quote(model._meta.db_table), date=quote("date"), queries=quote(Query._meta.db_table)
            )
            cursor.execute(statement, [date, query_string])
            if cursor.rowcount == 0:
                Query.objects.get_or_create(query_string=query_string)
                cursor.execute(statement, [date, query_string])
