"""Matching on PostgreSQL: ranked straight from the search index table, one look-up for pages,
symptoms and foods together; misspellings by trigram similarity through Wagtail's search backend.
"""

import functools
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model

from wagtail.search.models import IndexEntry

from portal.caching.remember import remember_many
from portal.search.kinds import Snippet, page_models_of, snippet_models_of
from portal.search.matching.base import RESULTS_PER_SOURCE, Matches
from portal.search.matching.search_backend import SearchBackendMatcher

# How many title matches get a full score, and how many entries that match only in their body
# text are ranked at all.
TITLE_MATCHES_RANKED = 100
BODY_MATCHES_RANKED = 400


@functools.lru_cache(maxsize=2048)
def _tsqueries(words: tuple[str, ...], terms: tuple[str, ...]) -> tuple[str, str] | tuple[None, None]:
    """(every word, any term): the patient's words all together, and any of the words and their
    synonyms, as tsquery texts parsed by PostgreSQL once and kept: the same words always parse the
    same way. (None, None) when only stop words are left.

    Sent to the ranking query as constants: PostgreSQL would otherwise call the parsing functions
    again for every row it checks and ranks. A synonym of several words ("muscle jumping")
    matches as a phrase, not as its common parts.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT plainto_tsquery(%s)::text, ("
            + " || ".join(["phraseto_tsquery(%s)"] * len(terms))
            + ")::text",
            [" ".join(words), *terms],
        )
        every_word, any_term = cursor.fetchone()
    if not any_term:
        return None, None
    return every_word or any_term, any_term


# Of the entries whose title matches, those with every word the patient typed come first: in a
# large site one common word ("twitching") can be in thousands of titles, and ranking them all is
# most of a search's cost. Titles with only some of the words or only a synonym fill the remaining
# places, and are never looked at once the first kind fills them all. Of the entries that match
# only in their body, a bounded sample is ranked: the longest-standing entries, so the same search
# always gives the same results. The score follows modelsearch's: title rank weighted by the
# title's boost, plus body rank. Written out rather than built with the ORM: it runs on every
# search, and building it took longer than running it.
RANKING_SQL = """
WITH best_titles AS (
    (
        SELECT id FROM {table}
        WHERE content_type_id = ANY(%(content_types)s) AND title @@ %(every_word)s::tsquery
        ORDER BY ts_rank(title, %(query)s::tsquery) * title_norm DESC, id
        LIMIT %(titles_ranked)s
    ) UNION ALL (
        SELECT id FROM {table}
        WHERE content_type_id = ANY(%(content_types)s) AND title @@ %(query)s::tsquery
            AND NOT title @@ %(every_word)s::tsquery
        ORDER BY ts_rank(title, %(query)s::tsquery) * title_norm DESC, id
        LIMIT %(titles_ranked)s
    )
    LIMIT %(titles_ranked)s
), body_only AS (
    SELECT id FROM {table}
    WHERE content_type_id = ANY(%(content_types)s) AND body @@ %(query)s::tsquery
        AND NOT title @@ %(query)s::tsquery
    ORDER BY id
    LIMIT %(bodies_ranked)s
)
SELECT content_type_id, object_id,
    ts_rank(title, %(query)s::tsquery) * title_norm + ts_rank(body, %(query)s::tsquery) AS score
FROM {table}
WHERE id IN (SELECT id FROM best_titles UNION ALL SELECT id FROM body_only)
ORDER BY score DESC, id
LIMIT %(limit)s
"""


def index_matches(
    words: Sequence[str], terms: Sequence[str], models: Sequence[type[Model]], limit: int = RESULTS_PER_SOURCE
) -> list[tuple[type[Model], int, float]]:
    """(model, object id, score) of the best matches in the search index, straight from its table.

    modelsearch's PostgreSQL backend matches on the title and body vectors joined together, an
    expression its GIN indexes cannot serve, so every search scans the whole index. Matching each
    vector on its own lets PostgreSQL use the indexes and rank only the rows that match, which
    keeps search fast at tens of thousands of pages.
    """
    every_word, query = _tsqueries(tuple(words), tuple(terms))
    if query is None:
        return []
    content_types = ContentType.objects.get_for_models(*models)
    model_for = {content_type.pk: model for model, content_type in content_types.items()}
    with connection.cursor() as cursor:
        cursor.execute(
            RANKING_SQL.format(table=connection.ops.quote_name(IndexEntry._meta.db_table)),
            {
                "query": query,
                "every_word": every_word,
                "content_types": list(model_for),
                "titles_ranked": TITLE_MATCHES_RANKED,
                "bodies_ranked": BODY_MATCHES_RANKED,
                "limit": limit,
            },
        )
        matches = cursor.fetchall()
    return [
        (model_for[content_type_id], int(object_id), score) for content_type_id, object_id, score in matches
    ]


class PostgresMatcher(SearchBackendMatcher):
    # Fuzzy look-ups go through the search backend, which matches trigrams.
    tolerates_misspellings = True

    def match(
        self,
        words: Sequence[str],
        terms: Sequence[str],
        kind: str | None,
        snippet_models: Sequence[type[Snippet]],
        *,
        fuzzy: bool = False,
    ) -> Matches:
        if fuzzy:
            return super().match(words, terms, kind, snippet_models, fuzzy=True)
        pages = page_models_of(kind)
        # Symptoms and foods are ranked even when a filter leaves them out: they take some of the
        # places, so leaving them out would change which pages a filtered search finds.
        models: list[type[Model]] = [*pages, *snippet_models_of(None)]
        scores: dict[type[Model], dict[int, float]] = {model: {} for model in models}
        for model, pk, score in index_matches(words, terms, models, limit=RESULTS_PER_SOURCE * 3):
            scores[model][pk] = score
        matches = Matches(pages={pk: score for model in pages for pk, score in scores[model].items()})
        for snippet_model in snippet_models:
            snippet_scores = scores[snippet_model]
            found = remember_many(
                f"search-snippet:{snippet_model._meta.label}",
                list(snippet_scores),
                snippet_model.objects.live().in_bulk,
            )
            matches.snippets[snippet_model] = [
                (item, snippet_scores[item.pk])
                for item in sorted(found.values(), key=lambda item: snippet_scores[item.pk], reverse=True)
            ]
        return matches
