"""Counting searches for editors' reports: every search per day, and those that found nothing as
content gaps. The words only, never who searched."""

from django.db import connection, transaction
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from portal.search.models import QueryWithoutResultsDailyHits

# One statement per count, whether or not the query was counted today already: a search is counted
# on every visit to the first page of results. Nothing is written when the query was never searched
# for before; it is then added first.
COUNT_SQL = """
INSERT INTO {table} (query_id, {date}, hits)
SELECT id, %s, 1 FROM {queries} WHERE query_string = %s
ON CONFLICT (query_id, {date}) DO UPDATE SET hits = {table}.hits + 1
"""


def count_search(query: str, found: bool) -> None:
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
