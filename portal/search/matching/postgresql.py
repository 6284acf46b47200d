"""Matching on PostgreSQL: ranked straight from the search index table, one look-up for pages,
symptoms and foods together; misspellings by trigram similarity through Wagtail's search backend.
"""

import functools
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from portal.caching.remember import remember
from portal.search.backend import text_search_config
from portal.search.kinds import (
    Snippet,
    live_snippets,
    page_models_of,
    search_language,
    search_locale_id,
    snippet_models_of,
)
from portal.search.matching.base import RESULTS_PER_SOURCE, Matches
from portal.search.matching.search_backend import SearchBackendMatcher
from portal.search.text import fold_accents

# How many title matches get a full score, and how many entries that match only in their body
# text are ranked at all.
TITLE_MATCHES_RANKED = 100
BODY_MATCHES_RANKED = 400


@functools.lru_cache(maxsize=2048)
def _tsqueries(
    words: tuple[str, ...], terms: tuple[str, ...], config: str = "english"
) -> tuple[str, str] | tuple[None, None]:
    """(every word, any term): the patient's words all together, and any of the words and their
    synonyms, as tsquery texts parsed by PostgreSQL once and kept: the same words always parse the
    same way. (None, None) when only stop words are left.

    Parsed with the text search configuration of the language searched, without accents, as the
    entries of that language are indexed (portal.search.backend). Sent to the ranking query as
    constants: PostgreSQL would otherwise call the parsing functions again for every row it checks
    and ranks. A synonym of several words ("muscle jumping") matches as a phrase, not as its common
    parts.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT plainto_tsquery(%s::regconfig, %s)::text, ("
            + " || ".join(["phraseto_tsquery(%s::regconfig, %s)"] * len(terms))
            + ")::text",
            [
                config,
                fold_accents(" ".join(words)),
                *(part for term in terms for part in (config, fold_accents(term))),
            ],
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
# title's boost, plus body rank. Only entries in the language searched take part ({in_language}).
# Written out rather than built with the ORM: it runs on every search, and building it took longer
# than running it.
RANKING_SQL = """
WITH best_titles AS (
    (
        SELECT id FROM {table} entry
        WHERE content_type_id = ANY(%(content_types)s) AND title @@ %(every_word)s::tsquery
            AND {in_language}
        ORDER BY ts_rank(title, %(query)s::tsquery) * title_norm DESC, id
        LIMIT %(titles_ranked)s
    ) UNION ALL (
        SELECT id FROM {table} entry
        WHERE content_type_id = ANY(%(content_types)s) AND title @@ %(query)s::tsquery
            AND NOT title @@ %(every_word)s::tsquery AND {in_language}
        ORDER BY ts_rank(title, %(query)s::tsquery) * title_norm DESC, id
        LIMIT %(titles_ranked)s
    )
    LIMIT %(titles_ranked)s
), body_only AS (
    SELECT id FROM {table} entry
    WHERE content_type_id = ANY(%(content_types)s) AND body @@ %(query)s::tsquery
        AND NOT title @@ %(query)s::tsquery AND {in_language}
    ORDER BY id
    LIMIT %(bodies_ranked)s
)
SELECT content_type_id, object_id,
    ts_rank(title, %(query)s::tsquery) * title_norm + ts_rank(body, %(query)s::tsquery)
    + ts_rank(title, %(every_word)s::tsquery) * title_norm + ts_rank(body, %(every_word)s::tsquery) AS score
FROM {table}
WHERE id IN (SELECT id FROM best_titles UNION ALL SELECT id FROM body_only)
ORDER BY score DESC, id
LIMIT %(limit)s
"""


def _ids_by_locale(table_models: dict[str, type[Model]], locale_id: int) -> dict[str, tuple[bool, list[int]]]:
    """{table: (whether the ids are those in the locale, the ids)} for each table that holds pages or
    snippets search looks through: whichever of the two lists is shorter (the ids in a small
    language, or the ids outside a large one), kept until content changes."""

    def work_out() -> dict[str, tuple[bool, list[int]]]:
        found = {}
        for table, model in table_models.items():
            rows = model._default_manager.values_list("pk", "locale_id")
            inside = [pk for pk, locale in rows if locale == locale_id]
            outside = [pk for pk, locale in rows if locale != locale_id]
            found[table] = (True, inside) if len(inside) <= len(outside) else (False, outside)
        return found

    # Kept per set of tables: a search of one kind (symptoms only) looks through fewer than another.
    return remember("search-locale-ids", locale_id, *sorted(table_models), compute=work_out)


def in_language_sql(
    model_for: dict[int, type[Model]], locale_id: int | None
) -> tuple[str, dict[str, int | list[int]]]:
    """The condition that an index entry (`entry`) is of a page or snippet in the locale, and its
    parameters. The ids are sent with the statement (the shorter list, of those in the locale or of
    those outside it), so the condition costs no look-up of the tables that hold them: looking up
    the locale of each entry that matched took most of a search's time at 10,000 pages."""
    if locale_id is None:
        return "TRUE", {}
    tables: dict[str, list[int]] = {}
    table_models: dict[str, type[Model]] = {}
    for content_type_id, model in model_for.items():
        # Every page type's locale is on Wagtail's page table.
        table_model = Page if issubclass(model, Page) else model
        tables.setdefault(table_model._meta.db_table, []).append(content_type_id)
        table_models[table_model._meta.db_table] = table_model
    ids = _ids_by_locale(table_models, locale_id)
    cases = []
    params: dict[str, int | list[int]] = {}
    for number, (table, content_type_ids) in enumerate(sorted(tables.items())):
        inside, listed = ids[table]
        membership = f"entry.object_id::integer = ANY(%(language_ids_{number})s)"
        cases.append(
            f"WHEN entry.content_type_id = ANY(%(language_types_{number})s) THEN "
            + (membership if inside else f"NOT {membership}")
        )
        params[f"language_types_{number}"] = content_type_ids
        params[f"language_ids_{number}"] = listed
    return "(CASE " + " ".join(cases) + " ELSE FALSE END)", params


def index_matches(
    words: Sequence[str],
    terms: Sequence[str],
    models: Sequence[type[Model]],
    limit: int = RESULTS_PER_SOURCE,
    language: str = "en",
    locale_id: int | None = None,
) -> list[tuple[type[Model], int, float]]:
    """(model, object id, score) of the best matches in the search index, straight from its table,
    of the language (its locale, or every language for None).

    modelsearch's PostgreSQL backend matches on the title and body vectors joined together, an
    expression its GIN indexes cannot serve, so every search scans the whole index. Matching each
    vector on its own lets PostgreSQL use the indexes and rank only the rows that match, which
    keeps search fast at tens of thousands of pages.
    """
    every_word, query = _tsqueries(tuple(words), tuple(terms), text_search_config(language))
    if query is None:
        return []
    content_types = ContentType.objects.get_for_models(*models)
    model_for = {content_type.pk: model for model, content_type in content_types.items()}
    in_language, language_params = in_language_sql(model_for, locale_id)
    with connection.cursor() as cursor:
        cursor.execute(
            RANKING_SQL.format(
                table=connection.ops.quote_name(IndexEntry._meta.db_table), in_language=in_language
            ),
            {
                "query": query,
                "every_word": every_word,
                "content_types": list(model_for),
                "titles_ranked": TITLE_MATCHES_RANKED,
                "bodies_ranked": BODY_MATCHES_RANKED,
                "limit": limit,
                **language_params,
            },
        )
        matches = cursor.fetchall()
    return [
        (model_for[content_type_id], int(object_id), score) for content_type_id, object_id, score in matches
    ]


class PostgresMatcher(SearchBackendMatcher):
    # Fuzzy look-ups go through the search backend, which matches trigrams of the entries' text,
    # indexed without accents.
    tolerates_misspellings = True
    folds_accents = True

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
        found_in_index = index_matches(
            words,
            terms,
            models,
            limit=RESULTS_PER_SOURCE * 3,
            language=search_language(),
            locale_id=search_locale_id(),
        )
        for model, pk, score in found_in_index:
            scores[model][pk] = score
        matches = Matches(pages={pk: score for model in pages for pk, score in scores[model].items()})
        for snippet_model in snippet_models:
            snippet_scores = scores[snippet_model]
            found = live_snippets(snippet_model, list(snippet_scores))
            matches.snippets[snippet_model] = [
                (item, snippet_scores[item.pk])
                for item in sorted(found.values(), key=lambda item: snippet_scores[item.pk], reverse=True)
            ]
        return matches
